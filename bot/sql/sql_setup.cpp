#include "bot/sql/sql_setup.hpp"

#include <chrono>

#include "adapters/crypto/keyed_hash.hpp"
#include "adapters/postgres/warehouse.hpp"
#include "core/sql/project_policy.hpp"

namespace steward::bot {
namespace {

constexpr std::string_view k_hash_key_setting = "sql.pii_hash_key";
constexpr std::size_t k_shown_hex = 12;

std::set<std::string> folded(const std::vector<std::string>& names) {
  std::set<std::string> out;
  for (const std::string& name : names) {
    out.insert(sql::identifier_of(name));
  }
  return out;
}

sql::PiiAction pii_action_of(std::string_view name) {
  if (name == "hash") {
    return sql::PiiAction::hash;
  }
  return name == "drop" ? sql::PiiAction::drop : sql::PiiAction::mask;
}

} // namespace

sql::SqlSettings sql_settings(const config::Config& config, sql::Hasher hasher) {
  sql::SqlSettings settings;
  settings.relations = folded(config.sql.allowed_relations);
  settings.schemas = folded(config.sql.allowed_schemas);
  settings.functions = folded(config.sql.allowed_functions);
  settings.limits.max_rows = static_cast<std::size_t>(config.sql.max_rows);
  settings.limits.max_bytes = static_cast<std::size_t>(config.sql.max_bytes);
  settings.limits.timeout = config.sql.timeout;
  settings.markers.tags = {config.sql.pii_tags.begin(), config.sql.pii_tags.end()};
  settings.markers.meta_keys = {config.sql.pii_meta_keys.begin(), config.sql.pii_meta_keys.end()};
  settings.pii_action = pii_action_of(config.sql.pii_action);
  settings.hasher = std::move(hasher);
  settings.require_approval = config.sql.require_approval;
  return settings;
}

Result<std::unique_ptr<warehouse::Warehouse>> open_warehouse(const config::Config& config) {
  if (config.warehouse.url.empty()) {
    return fail("warehouse.url", "not set; name the database the dbt project builds "
                                 "(postgresql://reader@host:5432/analytics) in warehouse.url or "
                                 "STEWARD_WAREHOUSE_URL");
  }
  postgres::WarehouseOptions options;
  options.url = config.warehouse.url;
  options.password = config.warehouse.password.reveal();
  options.pool_size = static_cast<int>(config.warehouse.pool_size);
  options.connect_timeout = config.warehouse.connect_timeout;
  return postgres::open_postgres_warehouse(options);
}

Result<std::shared_ptr<const SqlRuntime>> open_sql(const config::Config& config, store::Store* store) {
  if (config.warehouse.url.empty()) {
    return std::shared_ptr<const SqlRuntime>();
  }
  auto warehouse = open_warehouse(config);
  if (!warehouse) {
    return tl::unexpected(std::move(warehouse.error()));
  }
  sql::Hasher hasher;
  if (store != nullptr && config.sql.pii_action == "hash") {
    auto made = pii_hasher(*store);
    if (!made) {
      return tl::unexpected(std::move(made.error()));
    }
    hasher = std::move(*made);
  }
  return std::make_shared<const SqlRuntime>(
      SqlRuntime{std::shared_ptr<warehouse::Warehouse>(std::move(*warehouse)), sql_settings(config, hasher),
                 std::make_shared<RunningQueries>()});
}

Result<sql::Hasher> pii_hasher(store::Store& store) {
  auto key = store.setting(k_hash_key_setting);
  if (!key) {
    return tl::unexpected(std::move(key.error()));
  }
  if (!*key) {
    auto made = crypto::random_hex(32);
    if (!made) {
      return fail("sql.pii_action", "cannot make a key for hashing PII: no random bytes");
    }
    const auto now =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    if (auto put = store.put_setting(k_hash_key_setting, *made, now); !put) {
      return tl::unexpected(std::move(put.error()));
    }
    key = store.setting(k_hash_key_setting); // another replica may have won
    if (!key || !*key) {
      return fail("sql.pii_action", "cannot read back the key for hashing PII");
    }
  }
  return sql::Hasher([secret = **key](std::string_view value) {
    return "#" + crypto::hmac_sha256_hex(secret, value).substr(0, k_shown_hex);
  });
}

} // namespace steward::bot

#include "adapters/postgres/migrations.hpp"

#include <string>

#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "adapters/postgres/postgres_store.hpp"

namespace steward::postgres {
namespace {

/// The advisory lock key migrations hold ("steward" in ASCII). Advisory
/// locks are per database, so stores in other databases never wait on it.
constexpr std::int64_t k_migration_lock = 0x73746577617264;

constexpr std::string_view k_create_table = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL,
  applied_at BIGINT  NOT NULL
))sql";

constexpr std::string_view k_max_version = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";

std::int64_t now_ms() {
  return std::chrono::duration_cast<store::Millis>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Applies the next pending migration; false when there was none.
Result<bool> apply_next(pqxx::connection_base& connection) {
  pqxx::work work(connection);
  work.exec_params("SELECT pg_advisory_xact_lock($1)", k_migration_lock);
  work.exec(std::string(k_create_table));
  const int current = work.exec(std::string(k_max_version)).at(0).at(0).as<int>();
  const int supported = postgres_schema_version();
  if (current > supported) {
    return fail("store", "database schema version " + std::to_string(current) +
                             " is newer than this steward supports (" + std::to_string(supported) +
                             "); upgrade steward");
  }
  for (const Migration& migration : migrations()) {
    if (migration.version == current + 1) {
      work.exec(std::string(migration.sql));
      work.exec_params("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                       migration.version, std::string(migration.name), now_ms());
      work.commit();
      return true;
    }
  }
  return false;
}

} // namespace

int postgres_schema_version() {
  return migrations().back().version;
}

Result<void> migrate(Pool& pool) {
  for (;;) {
    auto applied =
        pool.run("migrate", [](pqxx::connection_base& connection) { return apply_next(connection); });
    if (!applied) {
      return tl::unexpected(std::move(applied.error()));
    }
    if (!*applied) {
      return {};
    }
  }
}

Result<int> applied_version(Pool& pool) {
  return pool.run("schema_version", [](pqxx::connection_base& connection) -> Result<int> {
    pqxx::nontransaction read(connection);
    return read.exec(std::string(k_max_version)).at(0).at(0).as<int>();
  });
}

} // namespace steward::postgres

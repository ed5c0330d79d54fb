#include "bot/store/open_store.hpp"

#include "adapters/postgres/postgres_store.hpp"
#include "adapters/sqlite/sqlite_store.hpp"

namespace steward::bot {

Result<std::unique_ptr<store::Store>> open_store(const config::Config& config) {
  const config::StoreConfig& settings = config.store;
  if (settings.uses_postgres()) {
    postgres::PostgresOptions options;
    options.url = settings.url;
    options.password = settings.password.reveal();
    options.pool_size = static_cast<int>(settings.pool_size);
    options.connect_timeout = settings.connect_timeout;
    return postgres::open_postgres_store(options);
  }
  sqlite::SqliteOptions options;
  options.path = settings.sqlite_file(config.state.dir);
  options.busy_timeout = settings.busy_timeout;
  options.full_sync = settings.sync == "full";
  return sqlite::open_sqlite_store(options);
}

store::RetryPolicy retry_policy(const config::JobsConfig& jobs) {
  store::RetryPolicy policy;
  policy.base = jobs.retry_base;
  policy.max = jobs.retry_max;
  return policy;
}

} // namespace steward::bot

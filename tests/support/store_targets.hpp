#pragma once

// The store backends the conformance, crash and concurrency tests run
// against: a fresh SQLite file in a temp dir, or a fresh database on the
// PostgreSQL server the test command started (tests/support/postgres.hpp).

#include <chrono>
#include <memory>
#include <string>

#include "adapters/postgres/postgres_store.hpp"
#include "adapters/sqlite/sqlite_store.hpp"
#include "core/ports/store.hpp"

namespace steward::testing {

/// Where one store lives; enough to open it again, from another thread or
/// another process (`steward_store_worker --backend B --target T`).
struct StoreTarget {
  std::string backend;  ///< "sqlite" or "postgres"
  std::string location; ///< SQLite file, or PostgreSQL URL
  std::string password; ///< PostgreSQL only
};

inline Result<std::unique_ptr<store::Store>> open_target(const StoreTarget& target, int pool_size = 4) {
  if (target.backend == "postgres") {
    postgres::PostgresOptions options;
    options.url = target.location;
    options.password = target.password;
    options.pool_size = pool_size;
    return postgres::open_postgres_store(options);
  }
  sqlite::SqliteOptions options;
  options.path = target.location;
  options.full_sync = false; // tests need crash safety, not power-loss safety
  return sqlite::open_sqlite_store(options);
}

/// Now, at the store's precision.
inline store::TimePoint wall_now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

} // namespace steward::testing

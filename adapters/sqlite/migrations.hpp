#pragma once

// Private to the SQLite adapter: the versioned, forward-only schema
// migrations and their runner.

#include <span>
#include <string>
#include <string_view>

#include "adapters/sqlite/connection.hpp"
#include "core/util/error.hpp"

namespace steward::sqlite {

struct Migration {
  int version = 0;       ///< 1, 2, 3, … without gaps
  std::string_view name; ///< recorded in `schema_migrations`
  std::string_view sql;  ///< one or more statements
};

/// Every migration, oldest first.
std::span<const Migration> migrations();

/// The version the newest migration brings a database to.
int latest_migration_version();

/// The highest version recorded in `schema_migrations`, 0 when the table is
/// missing or empty.
Result<int> applied_version(Connection& db);

/// Applies each pending migration in its own `BEGIN IMMEDIATE` transaction
/// together with its `schema_migrations` row, re-reading the applied version
/// inside the transaction so processes opening the file at once apply each
/// migration once. Fails (key: the file) when the database is newer than
/// this binary.
Result<void> migrate(Connection& db);

/// `<file>: database schema version N is newer than this steward supports (M); …`
Error newer_schema_error(const std::string& file, int version);

} // namespace steward::sqlite

#pragma once

// Private to the PostgreSQL adapter: the schema's forward-only migrations.

#include <span>
#include <string_view>

#include "adapters/postgres/pool.hpp"

namespace steward::postgres {

struct Migration {
  int version = 0; ///< 1, 2, ...: applied in this order, each exactly once
  std::string_view name;
  std::string_view sql; ///< may hold several statements
};

/// Every migration, oldest first (schema.cpp).
std::span<const Migration> migrations();

/// Applies the pending migrations, each with its `schema_migrations` row in
/// one transaction that holds a transaction-level advisory lock, so processes
/// starting together take turns and each migration runs once.
///
/// Fails with `store: database schema version N is newer than this steward
/// supports (M); upgrade steward` when a newer binary migrated the database.
Result<void> migrate(Pool& pool);

/// The highest version in `schema_migrations`.
Result<int> applied_version(Pool& pool);

} // namespace steward::postgres

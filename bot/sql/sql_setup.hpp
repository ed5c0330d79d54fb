#pragma once

// Wiring for SQL questions: the `sql.*` settings core needs, the warehouse
// `warehouse.*` names, and the keyed hash that replaces PII values.

#include <memory>

#include "bot/config/config.hpp"
#include "bot/sql/running.hpp"
#include "core/ports/store.hpp"
#include "core/ports/warehouse.hpp"
#include "core/sql/query.hpp"

namespace steward::bot {

/// `config.sql` as core's settings (names lower-cased as PostgreSQL folds
/// them). `hasher` is used for `sql.pii_action: hash`.
sql::SqlSettings sql_settings(const config::Config& config, sql::Hasher hasher = {});

/// Opens the warehouse `warehouse.url` names. Errors: `warehouse.url: not
/// set; ...` when it is empty, else those of `open_postgres_warehouse`.
Result<std::unique_ptr<warehouse::Warehouse>> open_warehouse(const config::Config& config);

/// What SQL questions run on: the warehouse and the `sql.*` settings.
struct SqlRuntime {
  std::shared_ptr<warehouse::Warehouse> warehouse;
  sql::SqlSettings settings;
  std::shared_ptr<RunningQueries> running = std::make_shared<RunningQueries>();
};

/// The SQL runtime when `warehouse.url` is set, else null. `store` (may be
/// null) holds the PII hash key; without it `sql.pii_action: hash` masks.
Result<std::shared_ptr<const SqlRuntime>> open_sql(const config::Config& config, store::Store* store);

/// The keyed hash for PII: HMAC-SHA256 under the installation's key, kept in
/// the store (setting `sql.pii_hash_key`, 32 random bytes made on first use),
/// so every replica hashes a value the same way. Shown as `#` and 12 hex
/// digits.
Result<sql::Hasher> pii_hasher(store::Store& store);

} // namespace steward::bot

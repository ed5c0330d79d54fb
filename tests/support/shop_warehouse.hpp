#pragma once

// The example project's warehouse in the test PostgreSQL server: a database
// loaded from examples/shop/warehouse/raw.sql and build.sql (what `dbt build`
// makes of examples/shop), with `search_path` analytics, snapshots so queries name
// models as the project does. Created once per test process and only read.

#include <string>

#include "tests/support/postgres.hpp"

namespace steward::testing {

/// The URL (password separate: `server.password`) of the loaded shop
/// database. Throws `std::runtime_error` when loading fails.
std::string shop_warehouse(const PgServer& server);

/// The database name at the end of `url`.
std::string database_of(const std::string& url);

} // namespace steward::testing

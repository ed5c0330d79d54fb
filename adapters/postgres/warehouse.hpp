#pragma once

// The PostgreSQL warehouse (also Redshift-compatible endpoints that speak the
// PostgreSQL protocol): implements core/ports/warehouse.hpp over a small
// libpqxx connection pool.

#include <chrono>
#include <memory>
#include <string>

#include "core/ports/warehouse.hpp"

namespace steward::postgres {

struct WarehouseOptions {
  /// `postgresql://user@host:port/dbname?param=value` (libpq URI syntax) or a
  /// libpq `key=value` string. Must not contain a password.
  std::string url;
  /// The password (from the environment or a file); may be empty.
  std::string password;
  /// Connections kept; queries beyond this many wait for a free one.
  int pool_size = 2;
  /// Limit for establishing each connection (whole seconds, rounded up).
  std::chrono::milliseconds connect_timeout{5000};
};

/// Checks `options` and returns the warehouse. Connections are opened by the
/// first queries, so an unreachable server is reported by `query`
/// (`warehouse.url: cannot connect to HOST:PORT (...)`, `warehouse.password:
/// authentication failed ...`), not here; use `query("select 1")` to check
/// the connection up front.
///
/// Each query borrows a connection and runs, on it:
///   BEGIN READ ONLY; SET LOCAL statement_timeout = <timeout>;
///   <the statement, through the extended protocol: one statement only>;
///   ROLLBACK
/// so nothing is ever committed, and a string of several statements is
/// refused by the server. A connection lost before or during the query is
/// replaced and the query runs once more (it only reads).
///
/// Errors (never the password):
/// - `warehouse.url` / `warehouse.password`: as `open_postgres_store`'s;
/// - `warehouse.pool_size: must be at least 1, ...`;
/// - `warehouse.timeout: the query ran longer than 30 s and was cancelled`;
/// - `warehouse.cancelled: the query was cancelled`;
/// - `warehouse.read_only: cannot execute INSERT in a read-only transaction`;
/// - `warehouse.permission: ...` (the role lacks a privilege);
/// - `warehouse.query: <the server's first message line> (at character N)`;
/// - `warehouse: query: connection lost (...)` when it is lost twice.
Result<std::unique_ptr<warehouse::Warehouse>> open_postgres_warehouse(const WarehouseOptions& options);

} // namespace steward::postgres

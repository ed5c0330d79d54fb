#pragma once

// The warehouse port: runs one read-only query against the database the dbt
// project builds and returns a bounded table. The PostgreSQL adapter
// (adapters/postgres/warehouse.cpp, also for Redshift-compatible endpoints)
// implements it. Core never hands it a statement the SQL guard
// (core/sql/guard.hpp) has not allowed and wrapped with a row limit; the
// adapter's own guarantees hold even when a caller skips the guard.
//
// Contract for every implementation:
// - `query` is blocking and thread-safe; the daemon calls it from a blocking
//   pool, never from an I/O thread.
// - Every statement runs inside a READ ONLY transaction that is rolled back
//   afterwards, whatever the statement is: a write is refused by the server
//   (`warehouse.read_only`), never committed.
// - `Limits::timeout` is the server-side statement timeout. A query past it is
//   cancelled on the server and fails with `warehouse.timeout`.
// - `stop` cancels a running query on the server (`warehouse.cancelled`);
//   requesting stop may block briefly while the cancel request is sent.
// - At most `Limits::max_rows` rows are returned; `more_rows` says whether the
//   server had more. Rows stop before the cell bytes would pass
//   `Limits::max_bytes` (`bytes_capped`). The adapter reads the whole server
//   result, so callers bound it by wrapping the statement in a LIMIT.
// - Errors are `Error{"warehouse...", reason}` with the server's message for
//   a failed statement (`warehouse.query: column "x" does not exist (at
//   character 8)`), so that a person or the agent can correct the SQL. They
//   never contain the password.

#include <chrono>
#include <cstddef>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"

namespace steward::warehouse {

/// Bounds for one query.
struct Limits {
  std::size_t max_rows = 100;
  std::size_t max_bytes = 1024UL * 1024; ///< sum of cell text sizes
  std::chrono::milliseconds timeout{30'000};
};

/// A result column: its name as the server reports it and a type name
/// (`integer`, `bigint`, `numeric`, `text`, `date`, `timestamp`, `boolean`,
/// ...; `other` for types the adapter does not name).
struct Column {
  std::string name;
  std::string type;
  bool numeric = false; ///< right-aligned when rendered
};

/// One cell in PostgreSQL's text form (booleans as `true`/`false`); nullopt
/// for SQL NULL.
using Cell = std::optional<std::string>;
using Row = std::vector<Cell>;

/// A bounded query result.
struct Table {
  std::vector<Column> columns;
  std::vector<Row> rows;
  bool more_rows = false;    ///< the server returned more than `max_rows`
  bool bytes_capped = false; ///< rows were dropped to stay under `max_bytes`
  std::chrono::milliseconds elapsed{0};
};

/// The database a dbt project builds, queried read-only.
class Warehouse {
public:
  Warehouse() = default;
  Warehouse(const Warehouse&) = delete;
  Warehouse& operator=(const Warehouse&) = delete;
  Warehouse(Warehouse&&) = delete;
  Warehouse& operator=(Warehouse&&) = delete;
  virtual ~Warehouse() = default;

  /// Runs `sql` (one statement) read-only within `limits`; see the contract
  /// above. `stop` may be a default token (never cancelled).
  virtual Result<Table> query(std::string_view sql, const Limits& limits, std::stop_token stop) = 0;

  /// What it is connected to, for messages and logs (`HOST:PORT`), never
  /// credentials.
  [[nodiscard]] virtual std::string describe() const = 0;
};

} // namespace steward::warehouse

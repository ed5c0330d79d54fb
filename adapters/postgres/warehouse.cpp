#include "adapters/postgres/warehouse.hpp"

#include <chrono>
#include <string>
#include <utility>

#include <pqxx/connection>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

#include "adapters/postgres/conninfo.hpp"
#include "adapters/postgres/pool.hpp"

namespace steward::postgres {
namespace {

using warehouse::Column;
using warehouse::Limits;
using warehouse::Table;

/// PostgreSQL's name for a result type OID (pg_type.oid is stable for
/// built-in types), and whether it holds a number.
Column describe_column(std::string name, pqxx::oid type) {
  struct Known {
    pqxx::oid oid;
    const char* name;
    bool numeric;
  };
  static constexpr Known k_known[] = {
      {16, "boolean", false},
      {17, "bytea", false},
      {19, "name", false},
      {20, "bigint", true},
      {21, "smallint", true},
      {23, "integer", true},
      {25, "text", false},
      {26, "oid", true},
      {114, "json", false},
      {700, "real", true},
      {701, "double precision", true},
      {790, "money", true},
      {1042, "char", false},
      {1043, "varchar", false},
      {1082, "date", false},
      {1083, "time", false},
      {1114, "timestamp", false},
      {1184, "timestamptz", false},
      {1186, "interval", false},
      {1700, "numeric", true},
      {2950, "uuid", false},
      {3802, "jsonb", false},
  };
  for (const Known& known : k_known) {
    if (known.oid == type) {
      return Column{std::move(name), known.name, known.numeric};
    }
  }
  return Column{std::move(name), "other", false};
}

/// The bounded table of `result`: at most `limits.max_rows` rows, stopping
/// before the cell bytes pass `limits.max_bytes`.
Table to_table(const pqxx::result& result, const Limits& limits) {
  Table table;
  const auto width = static_cast<std::size_t>(result.columns());
  for (pqxx::row::size_type i = 0; i < result.columns(); ++i) {
    table.columns.push_back(describe_column(result.column_name(i), result.column_type(i)));
  }
  std::size_t bytes = 0;
  for (const pqxx::row& source : result) {
    if (table.rows.size() == limits.max_rows) {
      table.more_rows = true;
      break;
    }
    warehouse::Row row;
    row.reserve(width);
    std::size_t row_bytes = 0;
    for (std::size_t i = 0; i < width; ++i) {
      const pqxx::field field = source[static_cast<pqxx::row::size_type>(i)];
      if (field.is_null()) {
        row.emplace_back(std::nullopt);
        continue;
      }
      std::string text(field.c_str(), field.size());
      if (table.columns[i].type == "boolean") {
        text = text == "t" ? "true" : "false";
      }
      row_bytes += text.size();
      row.emplace_back(std::move(text));
    }
    if (bytes + row_bytes > limits.max_bytes) {
      table.bytes_capped = true;
      break;
    }
    bytes += row_bytes;
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::string seconds_of(std::chrono::milliseconds timeout) {
  if (timeout.count() % 1000 == 0) {
    return std::to_string(timeout.count() / 1000) + " s";
  }
  return std::to_string(timeout.count()) + " ms";
}

/// The error for a statement the server refused.
Error statement_error(const pqxx::sql_error& error, const ConnInfo& info, const Limits& limits,
                      const std::stop_token& stop) {
  const std::string& state = error.sqlstate();
  const std::string message = first_line(scrub(error.what(), info.secrets));
  if (state == "57014") {
    if (stop.stop_requested()) {
      return Error{"warehouse.cancelled", "the query was cancelled"};
    }
    return Error{"warehouse.timeout",
                 "the query ran longer than " + seconds_of(limits.timeout) + " and was cancelled"};
  }
  if (state == "25006") {
    return Error{"warehouse.read_only", message};
  }
  if (state == "42501") {
    return Error{"warehouse.permission", message};
  }
  return Error{"warehouse.query", message};
}

/// Runs `sql` on `connection` inside a READ ONLY transaction that is always
/// rolled back. Connection losses propagate (the pool retries them).
Result<Table> run_read_only(pqxx::connection_base& connection, const ConnInfo& info, const std::string& sql,
                            const Limits& limits, const std::stop_token& stop) {
  pqxx::read_transaction transaction(connection, "steward_query");
  try {
    transaction.exec0("SET LOCAL statement_timeout = " + std::to_string(limits.timeout.count()));
    // Registered before the check, so a stop requested in between is seen by
    // one of the two; a cancel sent before the statement starts is lost, and
    // the statement timeout bounds it instead.
    const std::stop_callback cancel(stop, [&connection] { connection.cancel_query(); });
    if (stop.stop_requested()) {
      return fail("warehouse.cancelled", "the query was cancelled");
    }
    // exec_params uses the extended protocol, which takes one statement only.
    const pqxx::result result = transaction.exec_params(sql);
    return to_table(result, limits);
  } catch (const pqxx::sql_error& e) {
    return tl::unexpected(statement_error(e, info, limits, stop));
  }
}

void prepare_connection(pqxx::connection_base& connection) {
  pqxx::nontransaction setup(connection, "steward_setup");
  setup.exec0("SET default_transaction_read_only = on");
}

class PostgresWarehouse final : public warehouse::Warehouse {
public:
  PostgresWarehouse(std::unique_ptr<Pool> pool, ConnInfo info)
      : m_pool(std::move(pool)), m_info(std::move(info)) {}

  Result<Table> query(std::string_view sql, const Limits& limits, std::stop_token stop) override {
    if (stop.stop_requested()) {
      return fail("warehouse.cancelled", "the query was cancelled");
    }
    const auto started = std::chrono::steady_clock::now();
    const std::string statement(sql);
    auto table = m_pool->run("query", [&](pqxx::connection_base& connection) {
      return run_read_only(connection, m_info, statement, limits, stop);
    });
    if (table) {
      table->elapsed =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    }
    return table;
  }

  [[nodiscard]] std::string describe() const override { return m_info.endpoint; }

private:
  std::unique_ptr<Pool> m_pool;
  ConnInfo m_info;
};

} // namespace

Result<std::unique_ptr<warehouse::Warehouse>> open_postgres_warehouse(const WarehouseOptions& options) {
  if (options.pool_size < 1) {
    return fail("warehouse.pool_size", "must be at least 1, not " + std::to_string(options.pool_size));
  }
  auto info = make_conninfo(options.url, options.password, options.connect_timeout, "warehouse");
  if (!info) {
    return tl::unexpected(std::move(info.error()));
  }
  ConnInfo kept = *info;
  auto pool = Pool::open(std::move(*info), options.pool_size, &prepare_connection, false);
  if (!pool) {
    return tl::unexpected(std::move(pool.error()));
  }
  return std::make_unique<PostgresWarehouse>(std::move(*pool), std::move(kept));
}

} // namespace steward::postgres

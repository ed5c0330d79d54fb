// dbt runs Steward has seen, each stored once by invocation id.
#include <algorithm>

#include <pqxx/binarystring>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction_base>

#include "adapters/postgres/operations.hpp"
#include "adapters/postgres/sql.hpp"

namespace steward::postgres {
namespace {

store::RunRecord run_from(const pqxx::row& row) {
  return store::RunRecord{text_of(row["invocation_id"]), text_of(row["source"]), text_of(row["generated_at"]),
                          text_of(row["summary"]), time_of(row["received_at"])};
}

} // namespace

Result<bool> record_run(Pool& pool, const store::RunRecord& run) {
  if (run.invocation_id.empty()) {
    return fail("store", "record_run: the run has no invocation id, so it cannot be told apart from others");
  }
  return pool.run("record_run", [&](pqxx::connection_base& connection) -> Result<bool> {
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_params(R"sql(
      INSERT INTO runs (invocation_id, source, generated_at, summary, received_at)
      VALUES ($1, $2, $3, $4, $5) ON CONFLICT (invocation_id) DO NOTHING)sql",
                            bytes(run.invocation_id), bytes(run.source), bytes(run.generated_at),
                            bytes(run.summary), ms(run.received_at));
    });
    return rows.affected_rows() == 1;
  });
}

Result<std::optional<store::RunRecord>> run(Pool& pool, std::string_view invocation_id) {
  return pool.run("run", [&](pqxx::connection_base& connection) -> Result<std::optional<store::RunRecord>> {
    pqxx::nontransaction read(connection);
    const pqxx::result rows =
        read.exec_params("SELECT * FROM runs WHERE invocation_id = $1", bytes(invocation_id));
    if (rows.empty()) {
      return std::nullopt;
    }
    return run_from(rows[0]);
  });
}

Result<std::vector<store::RunRecord>> recent_runs(Pool& pool, std::int64_t limit) {
  return pool.run("recent_runs",
                  [&](pqxx::connection_base& connection) -> Result<std::vector<store::RunRecord>> {
                    pqxx::nontransaction read(connection);
                    const pqxx::result rows =
                        read.exec_params("SELECT * FROM runs ORDER BY received_at DESC, id DESC LIMIT $1",
                                         std::max<std::int64_t>(limit, 0));
                    std::vector<store::RunRecord> found;
                    found.reserve(rows.size());
                    for (const pqxx::row& row : rows) {
                      found.push_back(run_from(row));
                    }
                    return found;
                  });
}

} // namespace steward::postgres

// dbt runs Steward has seen, each stored once by invocation id.
#include <string>

#include "adapters/sqlite/queries.hpp"
#include "adapters/sqlite/query.hpp"

namespace steward::sqlite {
namespace {

#define RUN_COLUMNS "invocation_id, source, generated_at, summary, received_at"

store::RunRecord read_run(const Statement& row) {
  return store::RunRecord{row.text(0), row.text(1), row.text(2), row.text(3), row.time(4)};
}

} // namespace

namespace runs {

Result<bool> record_run(Connection& db, const store::RunRecord& run) {
  if (run.invocation_id.empty()) {
    return fail("store", "record_run: the run has no invocation id, so it cannot be told apart from others");
  }
  return write_transaction(db,
                           [&] {
                             return execute(
                                 db,
                                 "INSERT INTO runs (" RUN_COLUMNS ") VALUES (?, ?, ?, ?, ?) "
                                 "ON CONFLICT (invocation_id) DO NOTHING",
                                 [&](Statement& s) {
                                   s.bind(run.invocation_id).bind(run.source).bind(run.generated_at);
                                   s.bind(run.summary).bind(run.received_at);
                                 });
                           })
      .map([](std::int64_t changed) { return changed > 0; });
}

Result<std::optional<store::RunRecord>> run(Connection& db, std::string_view invocation_id) {
  return query_one<store::RunRecord>(
      db, "SELECT " RUN_COLUMNS " FROM runs WHERE invocation_id = ?",
      [&](Statement& s) { s.bind(invocation_id); }, read_run);
}

Result<std::vector<store::RunRecord>> recent_runs(Connection& db, std::int64_t limit) {
  return query_all<store::RunRecord>(
      db, "SELECT " RUN_COLUMNS " FROM runs ORDER BY received_at DESC, id DESC LIMIT ?",
      [&](Statement& s) { s.bind(clamp_limit(limit)); }, read_run);
}

} // namespace runs
} // namespace steward::sqlite

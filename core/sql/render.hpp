#pragma once

// How a query's result is shown: a monospace table for chat and the
// terminal, CSV for a file upload, compact JSON for the agent, and the
// answer (SQL, table, notes, warnings) that Slack and Teams render.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/answer/answer.hpp"
#include "core/ports/warehouse.hpp"
#include "core/sql/query.hpp"

namespace steward::sql {

/// `table` as aligned monospace text: a header, a rule, then at most
/// `max_rows` rows. Numbers are right-aligned, NULL shows as `NULL`, cells
/// are cut at `max_cell` characters (UTF-8 safe) with `…`, and line breaks
/// inside cells show as `⏎`.
std::string table_text(const warehouse::Table& table, std::size_t max_rows, std::size_t max_cell = 40);

/// `table` as RFC 4180 CSV: a header line, then every row (NULL as an empty
/// field), CRLF line ends.
std::string table_csv(const warehouse::Table& table);

/// One line about the rows: `12 rows in 35 ms`, plus `(the first 100; the
/// query returned more)` or `(cut at 1048576 bytes)` when capped.
std::string rows_note(const warehouse::Table& table);

/// The notes a result needs beyond its rows: masked PII columns (and why)
/// and failing dbt tests upstream, as Markdown lines.
std::vector<std::string> run_notes(const QueryRun& run);

struct RenderOptions {
  bool show_sql = true;
  std::size_t inline_rows = 20; ///< rows shown in the message; more go to the CSV file
  bool csv_attached = false;    ///< say that the full result is attached as CSV
};

/// The answer for a statement that ran.
answer::Answer render_run(const QueryRun& run, const RenderOptions& options);

/// The answer for a statement that did not run.
answer::Answer render_failure(std::string_view sql, const QueryFailure& failure);

/// The run for the agent: `{"columns":[{"name","type"}], "rows":[[...]],
/// "row_count":N, "more_rows":bool, "bytes_capped":bool, "pii_columns":[...],
/// "failing_tests":[{"test","status","on","when","message"}]}`, with at most
/// `max_rows` rows (`rows_omitted` says how many were left out).
std::string run_json(const QueryRun& run, std::size_t max_rows);

} // namespace steward::sql

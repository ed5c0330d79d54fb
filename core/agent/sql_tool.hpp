#pragma once

// The agent's `run_sql` tool: the model writes SQL against the dbt project's
// relations (names from get_node's `relation`, columns from get_node and
// get_columns) and Steward runs it through core/sql/query.hpp — the guard,
// the warehouse's read-only transaction, the row limit, PII masking and the
// data-quality check.
//
// `run_sql {sql, max_rows? (1-100, default 50)}` → `{"sql", "columns":
// [{"name", "type"}], "rows": [[...]] (at most max_rows), "row_count",
// "rows_omitted"?, "more_rows", "bytes_capped", "pii_columns": [name],
// "failing_tests": [{"test", "status", "on", "when", "message"}]}`. A
// rejected or failed statement is an error result: `{"error": "rejected:
// relation_not_allowed: ...", "hint": ...}` so the model can correct it.
// What the person sees is the tool result's `display`: the SQL, the first
// 20 rows as a table, the row count and notes; with more than 20 rows the
// whole result is attached as `query_result.csv`.
// With `require_approval`, a statement the guard allows is not run: the
// result is `{"status": "awaiting_approval", "sql", "note"}` and the display
// is the SQL with Run and Cancel buttons (`held_query`), which the chat
// layer ties to the person who asked.

#include <memory>

#include "core/agent/tool.hpp"
#include "core/ports/warehouse.hpp"
#include "core/sql/query.hpp"

namespace steward::agent {

/// Adds `run_sql` over `warehouse` with `settings` to `registry`.
void add_sql_tool(ToolRegistry& registry, std::shared_ptr<warehouse::Warehouse> warehouse,
                  sql::SqlSettings settings);

/// The SQL with Run (`steward.sql_run`) and Cancel (`steward.sql_cancel`)
/// buttons, saying who may press them (`asker`, or "the person who asked"
/// when empty). The SQL is the `Code` block just before the buttons.
std::vector<answer::Block> held_query(const std::string& sql, const std::string& asker);

/// The SQL of a held query in `answer` (the `Code` block before a
/// `steward.sql_run` button), or empty when it holds none.
std::string held_sql(const answer::Answer& answer);

/// The answer blocks and files for a query that ran: what `run_sql` shows
/// and `/steward sql` posts. More than `inline_rows` rows are attached as CSV.
answer::Answer query_answer(const sql::QueryRun& run, std::size_t inline_rows = 20);

} // namespace steward::agent

#pragma once

// Internal to core/fix: rewrites of a model's SQL (with its Jinja) that fixes
// propose. Text outside the rewritten part is kept byte for byte, so the diff
// shows only what changed.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::fix::sql {

/// Rewrites the select item that outputs `column` — `expr as column`, or a
/// bare `column` / `alias.column` — in the last select list of `sql` that
/// has one, as `wrap(expr) as column`. Strings, comments and Jinja are
/// skipped when reading the SQL. nullopt when no item outputs `column`.
std::optional<std::string> rewrite_column(std::string_view sql, std::string_view column,
                                          const std::function<std::string(std::string_view expr)>& wrap);

/// The expression of the select item outputting `column` (as
/// `rewrite_column` finds it), or nullopt.
std::optional<std::string> column_expression(std::string_view sql, std::string_view column);

/// How `dedupe` keeps one row per key.
struct Dedupe {
  std::string key;                  ///< the key column (or expression)
  std::string order_by;             ///< which row of a key to keep: `updated_at desc`
  std::vector<std::string> columns; ///< the model's columns to select; empty: `*` (with the row number)
};

/// `sql` wrapped so that it keeps one row per key: the model becomes a CTE
/// (a leading `{{ config(...) }}` stays first), a second CTE numbers the rows
/// of each key with `row_number()`, and the final select keeps the first.
/// Valid on PostgreSQL and the other warehouses dbt supports.
std::string dedupe(std::string_view sql, const Dedupe& how);

} // namespace steward::fix::sql

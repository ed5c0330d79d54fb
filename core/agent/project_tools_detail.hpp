#pragma once

// Private to the project tools: one factory per tool and the helpers they
// share (results, truncation, name resolution).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "core/agent/tool.hpp"
#include "core/dbt/project.hpp"

namespace steward::agent::detail {

using nlohmann::json;

// The tools (project_tools_nodes.cpp, project_tools_lineage.cpp,
// project_tools_failures.cpp, project_tools_kb.cpp).
Tool search_project_tool();
Tool get_node_tool();
Tool get_columns_tool();
Tool get_model_sql_tool();
Tool get_lineage_tool();
Tool list_failures_tool();
Tool search_knowledge_base_tool();

/// Most suggestions an unknown-name error offers.
inline constexpr std::size_t k_max_suggestions = 5;

/// `body` as compact JSON; invalid UTF-8 becomes U+FFFD rather than throwing.
std::string dump(const json& body);

/// A successful result citing `cited`.
ToolResult success(const json& body, std::vector<std::string> cited = {});

/// An error result: `{"error": message}` plus the members of `extra`.
ToolResult failure(const std::string& message, const json& extra = json::object());

/// `text` (trimmed) cut to at most `max_bytes` on a UTF-8 boundary, ending in
/// `…` when cut; sets `truncated` when it cut anything (never clears it).
std::string clip(std::string_view text, std::size_t max_bytes, bool& truncated);

/// `text` as a JSON string, or null when it is empty.
json text_or_null(std::string_view text);

/// What people and the other tools call `node`: `source_name.table` for
/// sources, else its name.
std::string name_of(const dbt::Node& node);

/// How a test is known: `dbt_utils.expression_is_true`, `not_null`, or the
/// node's name for singular and unit tests.
std::string test_label(const dbt::Node& test);

/// The node `name` refers to (see project_tools.hpp for the accepted forms),
/// or the error result: the resolver's message with up to five `suggestions`
/// (unique_ids: close names first, then search hits for `name`).
tl::expected<dbt::NodeId, ToolResult> find_node(const ToolEnv& env, std::string_view name);

/// Adds `"omitted": hidden` to `body` when something was left out.
void note_omitted(json& body, std::size_t hidden);

/// The string argument `key`, or `fallback` when absent.
std::string string_argument(const json& arguments, const char* key, std::string fallback = {});

/// The integer argument `key`, or `fallback` when absent.
std::int64_t integer_argument(const json& arguments, const char* key, std::int64_t fallback);

} // namespace steward::agent::detail

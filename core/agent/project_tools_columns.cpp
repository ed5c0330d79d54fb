// get_columns and get_model_sql.

#include <algorithm>
#include <optional>

#include "core/agent/project_tools_detail.hpp"
#include "core/util/text.hpp"

namespace steward::agent::detail {
namespace {

constexpr std::size_t k_max_column_hits = 25;
constexpr std::size_t k_column_description_bytes = 400;
constexpr std::size_t k_max_close_columns = 5;
constexpr std::size_t k_sql_bytes = 6000;

struct ColumnHit {
  dbt::NodeId node = 0;
  const dbt::Column* column = nullptr;
  bool exact = false;
};

bool contains_ignoring_case(std::string_view text, std::string_view part) {
  return to_lower(text).find(to_lower(part)) != std::string::npos;
}

/// Columns named `column` (ignoring case) first, then columns whose name
/// contains it; each group by unique_id. Only node `only` when set.
std::vector<ColumnHit> find_columns(const dbt::Project& project, std::string_view column,
                                    std::optional<dbt::NodeId> only) {
  std::vector<ColumnHit> hits;
  for (dbt::NodeId id = 0; id < project.nodes().size(); ++id) {
    if (only && id != *only) {
      continue;
    }
    for (const auto& candidate : project.node(id).columns) {
      if (iequals(candidate.name, column)) {
        hits.push_back({id, &candidate, true});
      } else if (contains_ignoring_case(candidate.name, column)) {
        hits.push_back({id, &candidate, false});
      }
    }
  }
  std::stable_sort(hits.begin(), hits.end(), [&](const ColumnHit& a, const ColumnHit& b) {
    if (a.exact != b.exact) {
      return a.exact;
    }
    return project.node(a.node).unique_id < project.node(b.node).unique_id;
  });
  return hits;
}

/// The data tests on `column` of node `id`: `not_null`, `unique`, ...
json column_tests(const dbt::Project& project, dbt::NodeId id, std::string_view column) {
  json names = json::array();
  for (dbt::NodeId test : project.tests_of(id)) {
    const dbt::Node& node = project.node(test);
    if (iequals(node.column_name, column)) {
      names.push_back(test_label(node));
    }
  }
  return names;
}

ToolResult no_such_column(const dbt::Project& project, dbt::NodeId id, const std::string& column) {
  const dbt::Node& node = project.node(id);
  std::vector<std::string_view> names;
  for (const auto& candidate : node.columns) {
    names.push_back(candidate.name);
  }
  std::vector<std::string> close = closest(column, names, k_max_close_columns);
  std::string message = name_of(node) + " has no column " + column;
  message += node.columns.empty() ? " (it has no documented columns)" : "; call get_node to see its columns";
  return failure(message, {{"unique_id", node.unique_id}, {"close_columns", close}});
}

ToolResult get_columns(const json& arguments, const ToolEnv& env) {
  const dbt::Project& project = env.snapshot->project;
  std::string column(trim(string_argument(arguments, "column")));
  std::optional<dbt::NodeId> only;
  if (std::string model = string_argument(arguments, "model"); !trim(model).empty()) {
    auto id = find_node(env, model);
    if (!id) {
      return id.error();
    }
    only = *id;
  }
  std::vector<ColumnHit> hits = find_columns(project, column, only);
  if (hits.empty() && only) {
    return no_such_column(project, *only, column);
  }
  json models = json::array();
  std::vector<std::string> cited;
  bool truncated = false;
  for (std::size_t i = 0; i < hits.size() && i < k_max_column_hits; ++i) {
    const dbt::Node& node = project.node(hits[i].node);
    const dbt::Column& match = *hits[i].column;
    models.push_back({{"unique_id", node.unique_id},
                      {"name", name_of(node)},
                      {"column", match.name},
                      {"data_type", text_or_null(match.data_type)},
                      {"description", clip(match.description, k_column_description_bytes, truncated)},
                      {"tests", column_tests(project, hits[i].node, match.name)}});
    cited.emplace_back(node.unique_id);
  }
  json body = {{"column", column}, {"models", std::move(models)}};
  note_omitted(body, hits.size() - body["models"].size());
  if (truncated) {
    body["truncated"] = true;
  }
  if (hits.empty()) {
    body["hint"] = "no node has a column with that name; try search_project";
  }
  return success(body, std::move(cited));
}

bool has_sql(dbt::ResourceType type) {
  using dbt::ResourceType;
  return type == ResourceType::model || type == ResourceType::snapshot || type == ResourceType::test ||
         type == ResourceType::analysis || type == ResourceType::sql_operation;
}

ToolResult get_model_sql(const json& arguments, const ToolEnv& env) {
  const dbt::Project& project = env.snapshot->project;
  auto id = find_node(env, string_argument(arguments, "name"));
  if (!id) {
    return id.error();
  }
  const dbt::Node& node = project.node(*id);
  if (!has_sql(node.type) && node.raw_code.empty() && node.compiled_code.empty()) {
    return failure(name_of(node) + " is a " + std::string(dbt::to_string(node.type)) +
                       ", which has no SQL; only models, snapshots, tests and analyses do",
                   {{"unique_id", node.unique_id}});
  }
  std::string kind = string_argument(arguments, "kind", "both");
  std::string_view compiled = node.compiled_code;
  if (const dbt::RunResult* result = project.run_result(node.unique_id); compiled.empty() && result) {
    compiled = result->compiled_code;
  }
  bool truncated = false;
  json body = {{"unique_id", node.unique_id}};
  if (kind != "compiled") {
    body["raw_sql"] = text_or_null(clip(node.raw_code, k_sql_bytes, truncated));
  }
  if (kind != "raw") {
    body["compiled_sql"] = text_or_null(clip(compiled, k_sql_bytes, truncated));
  }
  if (!node.language.empty() && node.language != "sql") {
    body["language"] = node.language;
  }
  if (truncated) {
    body["truncated"] = true;
  }
  return success(body, {std::string(node.unique_id)});
}

} // namespace

Tool get_columns_tool() {
  return Tool{
      "get_columns",
      "Find columns by name across the project: which models, sources, seeds and snapshots have a column "
      "(exact name first, then columns containing it), with each column's data type, description and tests. "
      "Use it for \"which models have customer_id\" or, with `model`, to look up one column of one model.",
      json::parse(R"({
        "type": "object",
        "properties": {
          "column": {"type": "string", "minLength": 1, "maxLength": 200,
                     "description": "The column name, e.g. `customer_id`; case does not matter, and a part of a name matches columns containing it."},
          "model": {"type": "string", "minLength": 1, "maxLength": 300,
                    "description": "Only look in this node (unique_id, name, or `source_name.table`)."}
        },
        "required": ["column"],
        "additionalProperties": false
      })"),
      get_columns};
}

Tool get_model_sql_tool() {
  return Tool{
      "get_model_sql",
      "The SQL of a model, snapshot, test or analysis: `raw_sql` as written (with Jinja) and "
      "`compiled_sql` as dbt compiled it (null when the project was not compiled). Each is cut at 6,000 "
      "bytes. Use it to see how a column is computed or which filters apply.",
      json::parse(R"({
        "type": "object",
        "properties": {
          "name": {"type": "string", "minLength": 1, "maxLength": 300,
                   "description": "The node: a unique_id or a name such as `fct_orders`."},
          "kind": {"type": "string", "enum": ["raw", "compiled", "both"], "default": "both",
                   "description": "Which SQL to return (default both)."}
        },
        "required": ["name"],
        "additionalProperties": false
      })"),
      get_model_sql};
}

} // namespace steward::agent::detail

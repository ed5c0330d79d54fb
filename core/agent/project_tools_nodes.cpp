// search_project and get_node.

#include <algorithm>
#include <array>
#include <utility>

#include "core/agent/project_tools_detail.hpp"
#include "core/util/text.hpp"

namespace steward::agent::detail {
namespace {

constexpr std::size_t k_hit_description_bytes = 300;
constexpr std::size_t k_description_bytes = 2000;
constexpr std::size_t k_column_description_bytes = 300;
constexpr std::size_t k_message_bytes = 500;
constexpr std::size_t k_max_columns = 60;
constexpr std::size_t k_max_referenced_by = 30;
constexpr std::size_t k_max_tests = 60;
constexpr std::size_t k_max_semantic_fields = 60;

std::string_view description_of(const dbt::Node& node) {
  return node.description.empty() ? node.source_description : node.description;
}

ToolResult search_project(const json& arguments, const ToolEnv& env) {
  const knowledge::Snapshot& snapshot = *env.snapshot;
  std::string query = string_argument(arguments, "query");
  auto limit = static_cast<std::size_t>(integer_argument(arguments, "limit", 8));
  std::string type = string_argument(arguments, "resource_type");
  // With a type filter, rank everything and keep the first `limit` of that type.
  auto hits = snapshot.index.search(query, type.empty() ? limit : snapshot.index.size());
  json results = json::array();
  std::vector<std::string> cited;
  for (const auto& hit : hits) {
    const dbt::Node& node = snapshot.project.node(hit.node);
    if ((!type.empty() && dbt::to_string(node.type) != type) || results.size() >= limit) {
      continue;
    }
    bool truncated = false;
    json item = {{"unique_id", node.unique_id},
                 {"name", name_of(node)},
                 {"resource_type", dbt::to_string(node.type)},
                 {"description", clip(description_of(node), k_hit_description_bytes, truncated)}};
    if (!hit.column.empty()) {
      item["matched_column"] = hit.column;
    }
    if (truncated) {
      item["truncated"] = true;
    }
    results.push_back(std::move(item));
    cited.emplace_back(node.unique_id);
  }
  json body = {{"results", std::move(results)}};
  if (body["results"].empty()) {
    body["hint"] = "nothing matched; try fewer or different words, a column name, or drop resource_type";
  }
  return success(body, std::move(cited));
}

void note_omitted_list(json& body, const char* list, std::size_t hidden) {
  if (hidden > 0) {
    body["omitted"][list] = hidden;
  }
}

json columns_json(const dbt::Project& project, const dbt::Node& node, const std::vector<dbt::NodeId>& tests,
                  bool& truncated) {
  json columns = json::array();
  for (std::size_t i = 0; i < node.columns.size() && i < k_max_columns; ++i) {
    const dbt::Column& column = node.columns[i];
    json names = json::array();
    for (dbt::NodeId id : tests) {
      if (iequals(project.node(id).column_name, column.name)) {
        names.push_back(test_label(project.node(id)));
      }
    }
    columns.push_back({{"name", column.name},
                       {"data_type", text_or_null(column.data_type)},
                       {"description", clip(column.description, k_column_description_bytes, truncated)},
                       {"tests", std::move(names)}});
  }
  return columns;
}

json tests_json(const dbt::Project& project, const std::vector<dbt::NodeId>& tests) {
  json out = json::array();
  for (std::size_t i = 0; i < tests.size() && i < k_max_tests; ++i) {
    const dbt::Node& test = project.node(tests[i]);
    json item = {{"unique_id", test.unique_id},
                 {"name", test_label(test)},
                 {"column", text_or_null(test.column_name)}};
    if (const dbt::RunResult* result = project.run_result(test.unique_id)) {
      item["status"] = result->status;
    }
    out.push_back(std::move(item));
  }
  return out;
}

json last_run_of(const dbt::RunResult& result, bool& truncated) {
  std::string_view completed = result.timing.empty() ? std::string_view() : result.timing.back().completed_at;
  return {{"status", result.status},
          {"message", text_or_null(clip(result.message, k_message_bytes, truncated))},
          {"failures", result.failures ? json(*result.failures) : json(nullptr)},
          {"completed_at", text_or_null(completed)}};
}

/// Fields only some resource types have, added when set.
void add_extras(json& body, const dbt::Node& node) {
  const std::array<std::pair<const char*, std::string_view>, 10> fields{
      {{"label", node.label},
       {"kind", node.kind},
       {"url", node.url},
       {"maturity", node.maturity},
       {"access", node.access},
       {"group", node.group},
       {"version", node.version},
       {"model", node.model_ref},
       {"owner_email", node.owner_email},
       {"language", node.language == "sql" ? std::string_view() : node.language}}};
  for (const auto& [key, value] : fields) {
    if (!value.empty()) {
      body[key] = value;
    }
  }
  if (!node.semantic_fields.empty()) {
    constexpr std::array<const char*, 3> k_kinds{"entity", "dimension", "measure"};
    json fields_json = json::array();
    for (std::size_t i = 0; i < node.semantic_fields.size() && i < k_max_semantic_fields; ++i) {
      const dbt::SemanticField& field = node.semantic_fields[i];
      fields_json.push_back({{"kind", k_kinds.at(static_cast<std::size_t>(field.kind))},
                             {"name", field.name},
                             {"type", text_or_null(field.type)},
                             {"expr", text_or_null(field.expr)}});
    }
    std::size_t shown = fields_json.size();
    body["semantic_fields"] = std::move(fields_json);
    note_omitted_list(body, "semantic_fields", node.semantic_fields.size() - shown);
  }
}

/// The unique_ids of the nodes that read node `id` directly, tests left out, sorted.
std::vector<std::string_view> referenced_by(const dbt::Project& project, dbt::NodeId id) {
  std::vector<std::string_view> out;
  for (dbt::NodeId child : project.graph().children(id)) {
    if (!dbt::is_test(project.node(child).type)) {
      out.push_back(project.node(child).unique_id);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

json node_body(const dbt::Project& project, dbt::NodeId id, bool& truncated) {
  const dbt::Node& node = project.node(id);
  bool relation = dbt::is_relation(node.type) || node.type == dbt::ResourceType::source;
  json body = {{"unique_id", node.unique_id},
               {"name", name_of(node)},
               {"resource_type", dbt::to_string(node.type)},
               {"package", text_or_null(node.package_name)},
               {"path", text_or_null(node.path)},
               {"description", clip(description_of(node), k_description_bytes, truncated)},
               {"materialized", text_or_null(node.materialized)},
               {"relation", relation ? text_or_null(dbt::relation_of(node)) : json(nullptr)},
               {"tags", node.tags},
               {"owner", text_or_null(node.owner.empty() ? node.owner_email : node.owner)}};
  add_extras(body, node);
  return body;
}

ToolResult get_node(const json& arguments, const ToolEnv& env) {
  const dbt::Project& project = env.snapshot->project;
  auto id = find_node(env, string_argument(arguments, "name"));
  if (!id) {
    return id.error();
  }
  const dbt::Node& node = project.node(*id);
  bool truncated = false;
  json body = node_body(project, *id, truncated);
  std::vector<dbt::NodeId> tests = project.tests_of(*id);
  body["columns"] = columns_json(project, node, tests, truncated);
  note_omitted_list(body, "columns", node.columns.size() - body["columns"].size());
  json parents = json::array();
  for (auto parent : node.depends_on) {
    parents.push_back(parent);
  }
  body["depends_on"] = std::move(parents);
  std::vector<std::string_view> children = referenced_by(project, *id);
  std::size_t shown = std::min(children.size(), k_max_referenced_by);
  body["referenced_by"] =
      std::vector<std::string_view>(children.begin(), children.begin() + static_cast<std::ptrdiff_t>(shown));
  note_omitted_list(body, "referenced_by", children.size() - shown);
  body["tests"] = tests_json(project, tests);
  note_omitted_list(body, "tests", tests.size() - body["tests"].size());
  if (const dbt::RunResult* result = project.run_result(node.unique_id)) {
    body["last_run"] = last_run_of(*result, truncated);
  }
  if (truncated) {
    body["truncated"] = true;
  }
  return success(body, {std::string(node.unique_id)});
}

} // namespace

Tool search_project_tool() {
  return Tool{
      "search_project",
      "Search the dbt project (models, sources, seeds, snapshots, their columns, metrics, semantic models, "
      "exposures, docs) by name, description and column names. Returns the best matches first, each with "
      "its unique_id; `matched_column` says which column matched. Use it when the question does not name "
      "an exact node, then call get_node or get_lineage with a unique_id from the results.",
      json::parse(R"({
        "type": "object",
        "properties": {
          "query": {"type": "string", "minLength": 1, "maxLength": 500,
                    "description": "Words to look for: a node or column name (partial or misspelt is fine), or a topic such as `refunds` or `daily revenue`."},
          "limit": {"type": "integer", "minimum": 1, "maximum": 20, "default": 8,
                    "description": "Most results to return (default 8)."},
          "resource_type": {"type": "string",
                            "enum": ["model", "seed", "snapshot", "source", "exposure", "metric", "semantic_model", "saved_query", "doc"],
                            "description": "Only return nodes of this kind."}
        },
        "required": ["query"],
        "additionalProperties": false
      })"),
      search_project};
}

Tool get_node_tool() {
  return Tool{
      "get_node",
      "Describe one node of the dbt project: its description, materialization, warehouse relation, owner, "
      "tags, columns (name, data type, description, tests), what it depends on and what references it, "
      "its tests, and its last run when run results are loaded. Use it for \"what is X\", \"who owns X\" "
      "and \"what columns does X have\".",
      json::parse(R"({
        "type": "object",
        "properties": {
          "name": {"type": "string", "minLength": 1, "maxLength": 300,
                   "description": "The node: a unique_id (`model.shop.fct_orders`), a name (`fct_orders`) or, for a source, `source_name.table` (`shop.orders`). Case does not matter."}
        },
        "required": ["name"],
        "additionalProperties": false
      })"),
      get_node};
}

} // namespace steward::agent::detail

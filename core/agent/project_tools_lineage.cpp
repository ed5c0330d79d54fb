// get_lineage: upstream and downstream closures, impact, and paths.

#include <algorithm>

#include "core/agent/project_tools_detail.hpp"
#include "core/lineage/impact.hpp"

namespace steward::agent::detail {
namespace {

using lineage::Direction;

constexpr std::size_t k_max_per_direction = 50;
constexpr std::size_t k_max_exposures = 10;

/// The non-test nodes within `depth` of `id` in `direction`, nearest first,
/// then by unique_id; at most `k_max_per_direction`, the rest counted in
/// `hidden`.
json closure_json(const dbt::Project& project, dbt::NodeId id, Direction direction, std::uint32_t depth,
                  std::vector<std::string>& cited, std::size_t& hidden) {
  std::vector<lineage::Reached> reached;
  for (const auto& r : project.graph().closure(id, direction, depth)) {
    if (!dbt::is_test(project.node(r.node).type)) {
      reached.push_back(r);
    }
  }
  std::sort(reached.begin(), reached.end(), [&](const lineage::Reached& a, const lineage::Reached& b) {
    return a.depth != b.depth ? a.depth < b.depth
                              : project.node(a.node).unique_id < project.node(b.node).unique_id;
  });
  json out = json::array();
  for (std::size_t i = 0; i < reached.size() && i < k_max_per_direction; ++i) {
    const dbt::Node& node = project.node(reached[i].node);
    out.push_back({{"unique_id", node.unique_id},
                   {"resource_type", dbt::to_string(node.type)},
                   {"depth", reached[i].depth}});
    cited.emplace_back(node.unique_id);
  }
  hidden = reached.size() - out.size();
  return out;
}

json impact_json(const dbt::Project& project, dbt::NodeId id) {
  lineage::Impact impact = lineage::impact_of(project, id);
  json exposures = json::array();
  for (std::size_t i = 0; i < impact.exposures.size() && i < k_max_exposures; ++i) {
    exposures.push_back(project.node(impact.exposures[i]).unique_id);
  }
  return {{"models", impact.count(dbt::ResourceType::model)},
          {"exposures", impact.count(dbt::ResourceType::exposure)},
          {"tests", impact.count(dbt::ResourceType::test) + impact.count(dbt::ResourceType::unit_test)},
          {"metrics", impact.count(dbt::ResourceType::metric)},
          {"total", impact.total},
          {"exposure_ids", std::move(exposures)},
          {"owners", impact.owners}};
}

ToolResult path_between(const ToolEnv& env, dbt::NodeId from, const std::string& to_name) {
  const dbt::Project& project = env.snapshot->project;
  auto to = find_node(env, to_name);
  if (!to) {
    return to.error();
  }
  std::string direction = "downstream";
  std::vector<dbt::NodeId> path = project.graph().shortest_path(from, *to);
  if (path.empty() && from != *to) {
    // `from` may be downstream of `to`: walk against the data flow instead.
    path = project.graph().shortest_path(*to, from);
    std::reverse(path.begin(), path.end());
    direction = "upstream";
  }
  json ids = json::array();
  std::vector<std::string> cited;
  for (dbt::NodeId id : path) {
    ids.push_back(project.node(id).unique_id);
    cited.emplace_back(project.node(id).unique_id);
  }
  json body = {{"from", project.node(from).unique_id},
               {"to", project.node(*to).unique_id},
               {"path", std::move(ids)},
               {"connected", !path.empty()}};
  if (!path.empty()) {
    body["direction"] = direction;
  } else {
    cited = {std::string(project.node(from).unique_id), std::string(project.node(*to).unique_id)};
  }
  return success(body, std::move(cited));
}

ToolResult get_lineage(const json& arguments, const ToolEnv& env) {
  const dbt::Project& project = env.snapshot->project;
  auto id = find_node(env, string_argument(arguments, "name"));
  if (!id) {
    return id.error();
  }
  if (std::string to = string_argument(arguments, "to"); !to.empty()) {
    return path_between(env, *id, to);
  }
  std::string direction = string_argument(arguments, "direction", "both");
  auto depth = static_cast<std::uint32_t>(integer_argument(arguments, "depth", 2));
  std::vector<std::string> cited{std::string(project.node(*id).unique_id)};
  json body = {{"node", project.node(*id).unique_id}};
  for (auto [name, way] :
       {std::pair{"upstream", Direction::upstream}, std::pair{"downstream", Direction::downstream}}) {
    if (direction == "both" || direction == name) {
      std::size_t hidden = 0;
      body[name] = closure_json(project, *id, way, depth, cited, hidden);
      if (hidden > 0) {
        body["omitted"][name] = hidden;
      }
    }
  }
  if (direction != "upstream") {
    body["impact"] = impact_json(project, *id);
  }
  return success(body, std::move(cited));
}

} // namespace

Tool get_lineage_tool() {
  return Tool{
      "get_lineage",
      "Lineage of one node: what it reads from (upstream) and what reads from it (downstream), each entry "
      "with its distance in steps (tests left out), plus the impact of changing it (downstream models, "
      "exposures, tests, metrics and their owners, at any distance). With `to`, the shortest dependency "
      "path between the two nodes instead. Use it for \"what feeds X\", \"what breaks if I change X\" and "
      "\"how does A get to B\".",
      json::parse(R"({
        "type": "object",
        "properties": {
          "name": {"type": "string", "minLength": 1, "maxLength": 300,
                   "description": "The node: a unique_id, a name such as `fct_orders`, or `source_name.table` for a source."},
          "direction": {"type": "string", "enum": ["upstream", "downstream", "both"], "default": "both",
                        "description": "upstream: what it reads from; downstream: what reads from it and the impact of a change; both (default)."},
          "depth": {"type": "integer", "minimum": 1, "maximum": 10, "default": 2,
                    "description": "How many steps to walk (default 2); use 10 for the whole chain."},
          "to": {"type": "string", "minLength": 1, "maxLength": 300,
                 "description": "Another node: return the shortest path between `name` and it instead (either direction); `direction` and `depth` are then ignored."}
        },
        "required": ["name"],
        "additionalProperties": false
      })"),
      get_lineage};
}

} // namespace steward::agent::detail

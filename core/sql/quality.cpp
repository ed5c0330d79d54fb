#include "core/sql/quality.hpp"

#include <algorithm>

#include "core/sql/project_policy.hpp"

namespace steward::sql {
namespace {

bool failing(std::string_view status) {
  return status == "fail" || status == "error" || status == "runtime error";
}

/// When `result` ran: the end of its last timing, else the run's time.
std::string ran_at(const dbt::Project& project, const dbt::RunResult& result) {
  const auto last = std::find_if(result.timing.rbegin(), result.timing.rend(),
                                 [](const dbt::Timing& timing) { return !timing.completed_at.empty(); });
  if (last != result.timing.rend()) {
    return std::string(last->completed_at);
  }
  return project.run_results() ? std::string(project.run_results()->generated_at) : std::string();
}

std::string shown_name(const Relation& relation) {
  return relation.schema.empty() ? relation.name : relation.schema + "." + relation.name;
}

} // namespace

std::vector<dbt::NodeId> nodes_of_relation(const dbt::Project& project, const Relation& relation) {
  std::vector<dbt::NodeId> found;
  const auto nodes = project.nodes();
  for (dbt::NodeId id = 0; id < nodes.size(); ++id) {
    const dbt::Node& node = nodes[id];
    if (!is_queryable(node) || relation_identifier(node) != relation.name) {
      continue;
    }
    if (!relation.schema.empty() && !node.schema.empty() && identifier_of(node.schema) != relation.schema) {
      continue;
    }
    found.push_back(id);
  }
  return found;
}

std::vector<QualityWarning> quality_warnings(const dbt::Project& project,
                                             const std::set<Relation>& relations) {
  std::vector<QualityWarning> warnings;
  if (!project.run_results()) {
    return warnings;
  }
  std::set<dbt::NodeId> seen_tests;
  for (const Relation& relation : relations) {
    for (const dbt::NodeId read : nodes_of_relation(project, relation)) {
      std::vector<lineage::Reached> scope{{read, 0}};
      const auto upstream = project.graph().closure(read, lineage::Direction::upstream);
      scope.insert(scope.end(), upstream.begin(), upstream.end());
      for (const lineage::Reached& reached : scope) {
        for (const dbt::NodeId test : project.tests_of(reached.node)) {
          const dbt::Node& node = project.node(test);
          const dbt::RunResult* result = project.run_result(node.unique_id);
          if (result == nullptr || !failing(result->status) || !seen_tests.insert(test).second) {
            continue;
          }
          warnings.push_back({std::string(node.name), std::string(result->status),
                              std::string(project.node(reached.node).name), shown_name(relation),
                              ran_at(project, *result), std::string(result->message), reached.depth > 0});
        }
      }
    }
  }
  return warnings;
}

} // namespace steward::sql

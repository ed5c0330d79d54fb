#include "core/sql/project_policy.hpp"

#include <algorithm>
#include <string>

namespace steward::sql {
bool is_queryable(const dbt::Node& node) {
  switch (node.type) {
  case dbt::ResourceType::model: return node.materialized != "ephemeral" && node.enabled;
  case dbt::ResourceType::seed:
  case dbt::ResourceType::snapshot:
  case dbt::ResourceType::source: return node.enabled;
  default: return false;
  }
}

std::string relation_identifier(const dbt::Node& node) {
  const std::string_view table = node.type == dbt::ResourceType::source && !node.identifier.empty()
                                     ? node.identifier
                                     : (node.alias.empty() ? node.name : node.alias);
  return identifier_of(table);
}

std::string identifier_of(std::string_view name) {
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    return std::string(name.substr(1, name.size() - 2));
  }
  std::string out(name);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return out;
}

Policy with_project_relations(Policy policy, const dbt::Project& project) {
  for (const dbt::Node& node : project.nodes()) {
    if (!is_queryable(node)) {
      continue;
    }
    const std::string name = relation_identifier(node);
    policy.relations.insert(name);
    if (!node.schema.empty()) {
      policy.relations.insert(identifier_of(node.schema) + "." + name);
    }
  }
  return policy;
}

} // namespace steward::sql

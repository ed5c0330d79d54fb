#include "core/dbt/node.hpp"

#include <string>

#include "core/util/text.hpp"

namespace steward::dbt {

const Column* find_column(const Node& node, std::string_view name) {
  for (const auto& column : node.columns) {
    if (column.name == name) {
      return &column;
    }
  }
  for (const auto& column : node.columns) {
    if (iequals(column.name, name)) {
      return &column;
    }
  }
  return nullptr;
}

std::string relation_of(const Node& node) {
  if (!node.relation_name.empty()) {
    return std::string(node.relation_name);
  }
  std::string out;
  for (std::string_view part : {node.database, node.schema}) {
    if (!part.empty()) {
      out.append(part).push_back('.');
    }
  }
  std::string_view table = node.type == ResourceType::source && !node.identifier.empty()
                               ? node.identifier
                               : (node.alias.empty() ? node.name : node.alias);
  out.append(table);
  return out;
}

} // namespace steward::dbt

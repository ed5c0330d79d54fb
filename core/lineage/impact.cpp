#include "core/lineage/impact.hpp"

#include <algorithm>

namespace steward::lineage {
namespace {

std::string plural(std::size_t count, std::string_view singular) {
  std::string word(singular);
  if (count != 1) {
    if (word.ends_with("sis")) {
      word.replace(word.size() - 2, 2, "es");
    } else if (word.ends_with('y')) {
      word.replace(word.size() - 1, 1, "ies");
    } else if (word.ends_with('s')) {
      word += "es";
    } else {
      word += "s";
    }
  }
  return std::to_string(count) + " " + word;
}

} // namespace

Impact impact_of(const dbt::Project& project, dbt::NodeId node) {
  Impact impact;
  for (const Reached& reached : project.graph().closure(node, Direction::downstream)) {
    const dbt::Node& child = project.node(reached.node);
    ++impact.counts[static_cast<std::size_t>(child.type)];
    ++impact.total;
    impact.max_depth = std::max(impact.max_depth, reached.depth);
    if (child.type == dbt::ResourceType::exposure) {
      impact.exposures.push_back(reached.node);
    }
    if (!child.owner.empty()) {
      impact.owners.emplace_back(child.owner);
    }
  }
  std::sort(impact.owners.begin(), impact.owners.end());
  impact.owners.erase(std::unique(impact.owners.begin(), impact.owners.end()), impact.owners.end());
  return impact;
}

std::string describe(const Impact& impact) {
  if (impact.total == 0) {
    return "nothing downstream";
  }
  using dbt::ResourceType;
  const std::pair<ResourceType, std::string_view> k_order[] = {
      {ResourceType::model, "model"},
      {ResourceType::snapshot, "snapshot"},
      {ResourceType::exposure, "exposure"},
      {ResourceType::metric, "metric"},
      {ResourceType::semantic_model, "semantic model"},
      {ResourceType::saved_query, "saved query"},
      {ResourceType::test, "test"},
      {ResourceType::unit_test, "unit test"},
      {ResourceType::analysis, "analysis"},
  };
  std::string text;
  for (const auto& [type, name] : k_order) {
    if (std::size_t count = impact.count(type); count > 0) {
      text += (text.empty() ? "" : ", ") + plural(count, name);
    }
  }
  if (text.empty()) {
    text = plural(impact.total, "node");
  }
  text += " downstream";
  if (!impact.owners.empty()) {
    text += " (owners: ";
    for (std::size_t i = 0; i < impact.owners.size(); ++i) {
      text += (i == 0 ? "" : ", ") + impact.owners[i];
    }
    text += ")";
  }
  return text;
}

} // namespace steward::lineage

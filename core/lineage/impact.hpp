#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "core/dbt/project.hpp"

namespace steward::lineage {

/// What depends on a node: everything downstream, counted by resource type,
/// with the exposures and owners a change would reach.
struct Impact {
  std::array<std::size_t, dbt::k_resource_type_count> counts{}; ///< by `ResourceType`
  std::vector<dbt::NodeId> exposures;                           ///< downstream exposures, nearest first
  std::vector<std::string> owners; ///< distinct owners of downstream nodes, sorted
  std::size_t total = 0;           ///< downstream nodes of every type
  std::uint32_t max_depth = 0;     ///< longest shortest-path distance reached

  [[nodiscard]] std::size_t count(dbt::ResourceType type) const {
    return counts[static_cast<std::size_t>(type)];
  }
};

/// Summarises the downstream closure of `node` in `project`.
Impact impact_of(const dbt::Project& project, dbt::NodeId node);

/// One line such as `4 models, 1 exposure, 12 tests downstream (owners: finance)`;
/// `nothing downstream` when empty.
std::string describe(const Impact& impact);

} // namespace steward::lineage

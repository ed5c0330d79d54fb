#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace steward::lineage {

using NodeId = std::uint32_t;

/// Depth limit for closures; `k_unlimited` walks the whole graph.
inline constexpr std::uint32_t k_unlimited = std::numeric_limits<std::uint32_t>::max();

enum class Direction : std::uint8_t { upstream, downstream };

/// A node reached by a closure and how many edges away it is.
struct Reached {
  NodeId node;
  std::uint32_t depth;
};

/// An immutable directed graph over node ids `0..size()-1`, edges parent → child.
///
/// Stored as two compressed adjacency arrays (parents and children), so a
/// closure touches only the edges it walks. Cycles are allowed in the input (a
/// malformed manifest can hold them): walks never revisit a node, and
/// `cycles()` reports them.
///
/// @par Thread safety
/// All member functions are const and may be called from any number of threads.
class Graph {
public:
  Graph() = default;

  /// Builds the graph over `node_count` nodes. Edges naming an id out of range
  /// are dropped; duplicate edges are kept once.
  static Graph build(std::size_t node_count, std::vector<std::pair<NodeId, NodeId>> edges);

  [[nodiscard]] std::size_t size() const {
    return m_parent_offsets.empty() ? 0 : m_parent_offsets.size() - 1;
  }
  [[nodiscard]] std::size_t edge_count() const { return m_parents.size(); }

  [[nodiscard]] std::span<const NodeId> parents(NodeId node) const;
  [[nodiscard]] std::span<const NodeId> children(NodeId node) const;

  /// Every node reachable from `start` in `direction` within `max_depth` edges,
  /// in breadth-first order (nearest first), `start` excluded.
  [[nodiscard]] std::vector<Reached> closure(NodeId start, Direction direction,
                                             std::uint32_t max_depth = k_unlimited) const;

  /// The fewest-edges path `from` → ... → `to` following parent → child edges,
  /// both ends included; empty when `to` is not downstream of `from`.
  [[nodiscard]] std::vector<NodeId> shortest_path(NodeId from, NodeId to) const;

  /// Each cycle as the set of nodes of one strongly connected component with
  /// more than one node, or one node with an edge to itself. Empty for a DAG.
  [[nodiscard]] std::vector<std::vector<NodeId>> cycles() const;

private:
  std::vector<std::uint32_t> m_parent_offsets;
  std::vector<NodeId> m_parents;
  std::vector<std::uint32_t> m_child_offsets;
  std::vector<NodeId> m_children;
};

} // namespace steward::lineage

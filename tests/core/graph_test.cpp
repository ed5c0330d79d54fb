#include <gtest/gtest.h>

#include "core/lineage/graph.hpp"

namespace steward::lineage {
namespace {

std::vector<NodeId> ids(const std::vector<Reached>& reached) {
  std::vector<NodeId> out;
  for (const auto& r : reached) {
    out.push_back(r.node);
  }
  std::sort(out.begin(), out.end());
  return out;
}

//   0 → 1 → 2 → 3
//   0 → 4 → 3,  5 isolated
Graph diamond() {
  return Graph::build(6, {{0, 1}, {1, 2}, {2, 3}, {0, 4}, {4, 3}});
}

TEST(Graph, ClosuresInBothDirections) {
  Graph g = diamond();
  EXPECT_EQ(ids(g.closure(0, Direction::downstream)), (std::vector<NodeId>{1, 2, 3, 4}));
  EXPECT_EQ(ids(g.closure(3, Direction::upstream)), (std::vector<NodeId>{0, 1, 2, 4}));
  EXPECT_TRUE(g.closure(5, Direction::upstream).empty());
}

TEST(Graph, DepthLimitAndNearestFirst) {
  Graph g = diamond();
  EXPECT_EQ(ids(g.closure(0, Direction::downstream, 1)), (std::vector<NodeId>{1, 4}));
  auto reached = g.closure(0, Direction::downstream);
  for (std::size_t i = 1; i < reached.size(); ++i) {
    EXPECT_LE(reached[i - 1].depth, reached[i].depth);
  }
  // 3 is two edges away through 4, so its depth is 2, not 3.
  auto three = std::find_if(reached.begin(), reached.end(), [](const Reached& r) { return r.node == 3; });
  ASSERT_NE(three, reached.end());
  EXPECT_EQ(three->depth, 2u);
  EXPECT_TRUE(g.closure(0, Direction::downstream, 0).empty());
}

TEST(Graph, ShortestPathFollowsEdges) {
  Graph g = diamond();
  EXPECT_EQ(g.shortest_path(0, 3), (std::vector<NodeId>{0, 4, 3}));
  EXPECT_TRUE(g.shortest_path(3, 0).empty()) << "paths follow parent → child only";
  EXPECT_EQ(g.shortest_path(2, 2), (std::vector<NodeId>{2}));
  EXPECT_TRUE(g.shortest_path(0, 99).empty());
}

TEST(Graph, CyclesAreReportedAndWalksTerminate) {
  Graph g = Graph::build(5, {{0, 1}, {1, 2}, {2, 0}, {3, 3}, {2, 4}});
  auto cycles = g.cycles();
  ASSERT_EQ(cycles.size(), 2u);
  std::sort(cycles.begin(), cycles.end());
  EXPECT_EQ(cycles[0], (std::vector<NodeId>{0, 1, 2}));
  EXPECT_EQ(cycles[1], (std::vector<NodeId>{3}));
  EXPECT_EQ(ids(g.closure(0, Direction::downstream)), (std::vector<NodeId>{1, 2, 4}));
  EXPECT_TRUE(diamond().cycles().empty());
}

TEST(Graph, DeepChainsDoNotOverflowTheStack) {
  constexpr NodeId k_length = 200000;
  std::vector<std::pair<NodeId, NodeId>> edges;
  for (NodeId i = 0; i + 1 < k_length; ++i) {
    edges.emplace_back(i, i + 1);
  }
  edges.emplace_back(k_length - 1, 0);
  Graph g = Graph::build(k_length, edges);
  auto cycles = g.cycles();
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0].size(), k_length);
  EXPECT_EQ(g.closure(0, Direction::upstream).size(), k_length - 1);
}

TEST(Graph, DuplicateAndOutOfRangeEdgesAreDropped) {
  Graph g = Graph::build(3, {{0, 1}, {0, 1}, {1, 7}, {9, 2}});
  EXPECT_EQ(g.edge_count(), 1u);
  EXPECT_EQ(g.children(0).size(), 1u);
  EXPECT_TRUE(g.parents(2).empty());
}

} // namespace
} // namespace steward::lineage

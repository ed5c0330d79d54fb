#include "core/lineage/graph.hpp"

#include <algorithm>
#include <deque>

namespace steward::lineage {
namespace {

/// Fills CSR arrays from edges sorted by their first element.
void fill_csr(std::size_t node_count, const std::vector<std::pair<NodeId, NodeId>>& sorted,
              std::vector<std::uint32_t>& offsets, std::vector<NodeId>& targets) {
  offsets.assign(node_count + 1, 0);
  targets.clear();
  targets.reserve(sorted.size());
  for (const auto& [from, to] : sorted) {
    ++offsets[from + 1];
    targets.push_back(to);
  }
  for (std::size_t i = 1; i < offsets.size(); ++i) {
    offsets[i] += offsets[i - 1];
  }
}

} // namespace

Graph Graph::build(std::size_t node_count, std::vector<std::pair<NodeId, NodeId>> edges) {
  std::erase_if(edges, [node_count](const auto& edge) {
    return edge.first >= node_count || edge.second >= node_count;
  });
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());

  Graph graph;
  // children: keyed by parent.
  fill_csr(node_count, edges, graph.m_child_offsets, graph.m_children);
  // parents: keyed by child.
  for (auto& edge : edges) {
    std::swap(edge.first, edge.second);
  }
  std::sort(edges.begin(), edges.end());
  fill_csr(node_count, edges, graph.m_parent_offsets, graph.m_parents);
  return graph;
}

std::span<const NodeId> Graph::parents(NodeId node) const {
  if (node >= size()) {
    return {};
  }
  return {m_parents.data() + m_parent_offsets[node], m_parent_offsets[node + 1] - m_parent_offsets[node]};
}

std::span<const NodeId> Graph::children(NodeId node) const {
  if (node >= size()) {
    return {};
  }
  return {m_children.data() + m_child_offsets[node], m_child_offsets[node + 1] - m_child_offsets[node]};
}

std::vector<Reached> Graph::closure(NodeId start, Direction direction, std::uint32_t max_depth) const {
  std::vector<Reached> out;
  if (start >= size() || max_depth == 0) {
    return out;
  }
  std::vector<bool> seen(size(), false);
  seen[start] = true;
  out.push_back({start, 0});
  // `out` doubles as the BFS queue; the start entry is removed at the end.
  for (std::size_t head = 0; head < out.size(); ++head) {
    Reached current = out[head];
    if (current.depth >= max_depth) {
      continue;
    }
    auto next = direction == Direction::upstream ? parents(current.node) : children(current.node);
    for (NodeId neighbour : next) {
      if (!seen[neighbour]) {
        seen[neighbour] = true;
        out.push_back({neighbour, current.depth + 1});
      }
    }
  }
  out.erase(out.begin());
  return out;
}

std::vector<NodeId> Graph::shortest_path(NodeId from, NodeId to) const {
  if (from >= size() || to >= size()) {
    return {};
  }
  if (from == to) {
    return {from};
  }
  constexpr NodeId k_none = std::numeric_limits<NodeId>::max();
  std::vector<NodeId> via(size(), k_none);
  via[from] = from;
  std::deque<NodeId> queue{from};
  while (!queue.empty()) {
    NodeId current = queue.front();
    queue.pop_front();
    for (NodeId child : children(current)) {
      if (via[child] != k_none) {
        continue;
      }
      via[child] = current;
      if (child == to) {
        std::vector<NodeId> path{to};
        for (NodeId step = to; step != from;) {
          step = via[step];
          path.push_back(step);
        }
        std::reverse(path.begin(), path.end());
        return path;
      }
      queue.push_back(child);
    }
  }
  return {};
}

std::vector<std::vector<NodeId>> Graph::cycles() const {
  // Iterative Tarjan: no recursion, so a deep malformed graph cannot overflow the stack.
  constexpr std::uint32_t k_unvisited = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> index(size(), k_unvisited);
  std::vector<std::uint32_t> low(size(), 0);
  std::vector<bool> on_stack(size(), false);
  std::vector<NodeId> stack;
  std::vector<std::pair<NodeId, std::uint32_t>> work; // node, next child position
  std::vector<std::vector<NodeId>> out;
  std::uint32_t counter = 0;

  for (NodeId root = 0; root < size(); ++root) {
    if (index[root] != k_unvisited) {
      continue;
    }
    work.emplace_back(root, 0);
    while (!work.empty()) {
      auto& [node, position] = work.back();
      if (position == 0) {
        index[node] = low[node] = counter++;
        stack.push_back(node);
        on_stack[node] = true;
      }
      auto next = children(node);
      if (position < next.size()) {
        NodeId child = next[position++];
        if (index[child] == k_unvisited) {
          work.emplace_back(child, 0);
        } else if (on_stack[child]) {
          low[node] = std::min(low[node], index[child]);
        }
        continue;
      }
      NodeId finished = node;
      work.pop_back();
      if (!work.empty()) {
        low[work.back().first] = std::min(low[work.back().first], low[finished]);
      }
      if (low[finished] != index[finished]) {
        continue;
      }
      std::vector<NodeId> component;
      NodeId member = 0;
      do {
        member = stack.back();
        stack.pop_back();
        on_stack[member] = false;
        component.push_back(member);
      } while (member != finished);
      auto own = children(finished);
      bool self_loop = std::find(own.begin(), own.end(), finished) != own.end();
      if (component.size() > 1 || self_loop) {
        std::sort(component.begin(), component.end());
        out.push_back(std::move(component));
      }
    }
  }
  return out;
}

} // namespace steward::lineage

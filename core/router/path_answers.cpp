#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/router/answers.hpp"
#include "core/router/format.hpp"

namespace steward::router::detail {
namespace {

using answer::Answer;
using answer::Context;
using answer::Header;
using answer::ListBlock;
using answer::Paragraph;
using lineage::Direction;

constexpr std::size_t k_route_cap = 10;
constexpr std::size_t k_shared_cap = 5;

/// "`a` → `b` → `c`" for the nodes of `path`.
std::string arrows(const dbt::Project& project, const std::vector<dbt::NodeId>& path) {
  std::string out;
  for (dbt::NodeId id : path) {
    out += (out.empty() ? "" : " → ") + code(display_name(project.node(id)));
  }
  return out;
}

std::string plain_arrows(const dbt::Project& project, const std::vector<dbt::NodeId>& path) {
  std::string out;
  for (dbt::NodeId id : path) {
    out += (out.empty() ? "" : " → ") + display_name(project.node(id));
  }
  return out;
}

/// Non-test nodes on some route from `from` to `to` that `path` does not
/// pass through: downstream of `from` and upstream of `to`, nearest to `from`
/// first.
std::vector<dbt::NodeId> other_route_nodes(const dbt::Project& project, dbt::NodeId from, dbt::NodeId to,
                                           const std::vector<dbt::NodeId>& path) {
  std::unordered_set<dbt::NodeId> above;
  for (const auto& reached : project.graph().closure(to, Direction::upstream)) {
    above.insert(reached.node);
  }
  std::vector<dbt::NodeId> out;
  for (const auto& reached : project.graph().closure(from, Direction::downstream)) {
    if (above.contains(reached.node) && !dbt::is_test(project.node(reached.node).type) &&
        std::find(path.begin(), path.end(), reached.node) == path.end()) {
      out.push_back(reached.node);
    }
  }
  return out;
}

/// Nodes upstream of both `a` and `b`, closest to them first (by the sum of
/// the two distances), then by name.
std::vector<dbt::NodeId> shared_upstream(const dbt::Project& project, dbt::NodeId a, dbt::NodeId b) {
  std::unordered_map<dbt::NodeId, std::uint32_t> depth_from_a;
  for (const auto& reached : project.graph().closure(a, Direction::upstream)) {
    depth_from_a.emplace(reached.node, reached.depth);
  }
  std::vector<std::pair<std::uint32_t, dbt::NodeId>> shared;
  for (const auto& reached : project.graph().closure(b, Direction::upstream)) {
    if (auto it = depth_from_a.find(reached.node); it != depth_from_a.end()) {
      shared.emplace_back(it->second + reached.depth, reached.node);
    }
  }
  std::sort(shared.begin(), shared.end(), [&](const auto& x, const auto& y) {
    if (x.first != y.first) {
      return x.first < y.first;
    }
    return display_name(project.node(x.second)) < display_name(project.node(y.second));
  });
  std::vector<dbt::NodeId> out;
  out.reserve(shared.size());
  for (const auto& [distance, id] : shared) {
    out.push_back(id);
  }
  return out;
}

/// Appends the route `path` (upstream end first): the chain, then the other
/// nodes that also sit between its ends.
void add_route(Routed& out, const dbt::Project& project, const std::vector<dbt::NodeId>& path) {
  ListBlock steps;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const dbt::Node& node = project.node(path[i]);
    steps.items.push_back(node_item(node, i > 0 && i + 1 < path.size()));
    cite(out, node.unique_id);
  }
  out.answer.blocks.emplace_back(std::move(steps));
  std::vector<dbt::NodeId> others = other_route_nodes(project, path.front(), path.back(), path);
  if (others.empty()) {
    out.answer.blocks.emplace_back(Context{"This is the only route between them."});
    return;
  }
  out.answer.blocks.emplace_back(Paragraph{"**Also on a route between them** (the shortest route is above)"});
  ListBlock list;
  for (std::size_t i = 0; i < others.size() && i < k_route_cap; ++i) {
    list.items.push_back(node_item(project.node(others[i]), false));
    cite(out, project.node(others[i]).unique_id);
  }
  if (others.size() > k_route_cap) {
    list.items.push_back(and_more(others.size() - k_route_cap));
  }
  out.answer.blocks.emplace_back(std::move(list));
}

/// Neither node reaches the other: says so, with what both read from.
void add_unconnected(Routed& out, const dbt::Project& project, dbt::NodeId from, dbt::NodeId to,
                     bool yes_no) {
  std::string a = display_name(project.node(from));
  std::string b = display_name(project.node(to));
  out.answer.summary = std::string(yes_no ? "No: " : "") + a + " and " + b +
                       " are not connected by lineage; neither feeds the other";
  out.answer.blocks.emplace_back(Paragraph{std::string(yes_no ? "**No.** " : "") + code(a) + " and " +
                                           code(b) +
                                           " are not connected: neither is upstream of the other."});
  std::vector<dbt::NodeId> shared = shared_upstream(project, from, to);
  if (shared.empty()) {
    return;
  }
  out.answer.blocks.emplace_back(Paragraph{"**Both read from**"});
  ListBlock list;
  for (std::size_t i = 0; i < shared.size() && i < k_shared_cap; ++i) {
    list.items.push_back(node_item(project.node(shared[i]), false));
    cite(out, project.node(shared[i]).unique_id);
  }
  if (shared.size() > k_shared_cap) {
    list.items.push_back(and_more(shared.size() - k_shared_cap));
  }
  out.answer.blocks.emplace_back(std::move(list));
}

} // namespace

Routed path_answer(const Snapshot& snapshot, dbt::NodeId from, dbt::NodeId to, bool yes_no) {
  const dbt::Project& project = snapshot.project;
  const dbt::Node& start = project.node(from);
  const dbt::Node& end = project.node(to);
  Routed out = routed({}, "path", &start);
  cite(out, end.unique_id);
  Answer& answer = out.answer;
  std::string a = display_name(start);
  std::string b = display_name(end);
  answer.blocks.emplace_back(Header{"From " + a + " to " + b});
  if (from == to) {
    answer.summary = a + " is the same node on both ends";
    answer.blocks.emplace_back(Paragraph{"Both names are " + code(a) + ": there is no path to find."});
    return out;
  }
  std::vector<dbt::NodeId> path = project.graph().shortest_path(from, to);
  bool reversed = path.empty();
  if (reversed) {
    path = project.graph().shortest_path(to, from);
  }
  if (path.empty()) {
    add_unconnected(out, project, from, to, yes_no);
  } else {
    std::string upstream = reversed ? b : a;
    std::string downstream = reversed ? a : b;
    std::string steps = plural(path.size() - 1, "step");
    std::string verdict =
        reversed ? (yes_no ? "No, the other way round: " : "The other way round: ") : (yes_no ? "Yes: " : "");
    answer.summary =
        verdict + upstream + " reaches " + downstream + " in " + steps + ": " + plain_arrows(project, path);
    answer.blocks.emplace_back(Paragraph{
        (verdict.empty() ? "" : "**" + verdict.substr(0, verdict.size() - 2) + ".** ") + code(upstream) +
        " feeds " + code(downstream) + " in **" + steps + "**: " + arrows(project, path)});
    add_route(out, project, path);
  }
  answer.blocks.emplace_back(node_buttons(start, ""));
  return out;
}

} // namespace steward::router::detail

#include <algorithm>
#include <array>
#include <unordered_set>

#include "core/lineage/impact.hpp"
#include "core/router/answers.hpp"
#include "core/router/format.hpp"

namespace steward::router::detail {
namespace {

using answer::Answer;
using answer::Code;
using answer::Context;
using answer::Header;
using answer::ListBlock;
using answer::Paragraph;
using lineage::Direction;
using lineage::Reached;

constexpr std::size_t k_tree_max_nodes = 20; ///< larger graphs get no tree
constexpr std::size_t k_tree_max_lines = 40;
constexpr std::size_t k_max_depth_groups = 10;

struct Walk {
  std::vector<Reached> reached; ///< tests left out; by depth, then name
  std::size_t tests = 0;        ///< tests left out
};

Walk walk(const dbt::Project& project, dbt::NodeId id, Direction direction) {
  Walk out;
  for (const auto& reached : project.graph().closure(id, direction)) {
    if (dbt::is_test(project.node(reached.node).type)) {
      ++out.tests;
    } else {
      out.reached.push_back(reached);
    }
  }
  std::sort(out.reached.begin(), out.reached.end(), [&](const Reached& a, const Reached& b) {
    if (a.depth != b.depth) {
      return a.depth < b.depth;
    }
    return display_name(project.node(a.node)) < display_name(project.node(b.node));
  });
  return out;
}

std::string direction_word(Direction direction) {
  return direction == Direction::upstream ? "upstream" : "downstream";
}

/// "3 models, 2 sources" for the reached nodes, in resource-type order.
std::string type_counts(const dbt::Project& project, const std::vector<Reached>& reached) {
  std::array<std::size_t, dbt::k_resource_type_count> counts{};
  for (const auto& r : reached) {
    ++counts.at(static_cast<std::size_t>(project.node(r.node).type));
  }
  std::string out;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts.at(i) > 0) {
      out += (out.empty() ? "" : ", ") + count_of(counts.at(i), static_cast<dbt::ResourceType>(i));
    }
  }
  return out;
}

std::string depth_label(std::uint32_t depth, Direction direction) {
  if (depth == 1) {
    return direction == Direction::upstream ? "Direct parents" : "Direct children";
  }
  return plural(depth, "step") + (direction == Direction::upstream ? " up" : " down");
}

/// Appends the reached nodes grouped by depth, at most `cap` of them, and
/// cites the ones it lists.
void add_groups(Routed& out, const dbt::Project& project, const std::vector<Reached>& reached,
                Direction direction, std::size_t cap) {
  Answer& answer = out.answer;
  std::size_t shown = 0;
  std::size_t groups = 0;
  std::size_t i = 0;
  while (i < reached.size() && shown < cap && groups < k_max_depth_groups) {
    std::uint32_t depth = reached[i].depth;
    ListBlock list;
    for (; i < reached.size() && reached[i].depth == depth; ++i) {
      if (shown < cap) {
        list.items.push_back(node_item(project.node(reached[i].node), false));
        cite(out, project.node(reached[i].node).unique_id);
        ++shown;
      }
    }
    answer.blocks.emplace_back(Paragraph{"**" + depth_label(depth, direction) + "**"});
    answer.blocks.emplace_back(std::move(list));
    ++groups;
  }
  if (shown < reached.size()) {
    answer.blocks.emplace_back(Paragraph{and_more(reached.size() - shown)});
  }
}

/// Draws the graph from a root as an indented tree; a node reached twice is
/// expanded only the first time.
class TreeWriter {
public:
  TreeWriter(const dbt::Project& project, Direction direction) : m_project(project), m_direction(direction) {}

  std::string draw(dbt::NodeId root) {
    m_lines.push_back(display_name(m_project.node(root)));
    m_expanded.insert(root);
    visit(root, "");
    std::string out;
    for (const auto& line : m_lines) {
      out += line + "\n";
    }
    return out + (m_truncated ? "…\n" : "");
  }

private:
  void visit(dbt::NodeId node, const std::string& prefix) {
    auto next = m_direction == Direction::upstream ? m_project.graph().parents(node)
                                                   : m_project.graph().children(node);
    std::vector<dbt::NodeId> shown;
    for (dbt::NodeId id : next) {
      if (!dbt::is_test(m_project.node(id).type)) {
        shown.push_back(id);
      }
    }
    std::sort(shown.begin(), shown.end(), [&](dbt::NodeId a, dbt::NodeId b) {
      return display_name(m_project.node(a)) < display_name(m_project.node(b));
    });
    for (std::size_t i = 0; i < shown.size(); ++i) {
      if (m_lines.size() >= k_tree_max_lines) {
        m_truncated = true;
        return;
      }
      bool last = i + 1 == shown.size();
      const dbt::Node& child = m_project.node(shown[i]);
      bool again = m_expanded.contains(shown[i]);
      std::string kind = child.type == dbt::ResourceType::model ? "" : " (" + type_name(child.type) + ")";
      std::string line = prefix;
      line += last ? "└── " : "├── ";
      line += display_name(child);
      line += kind;
      line += again ? " ↑" : "";
      m_lines.push_back(std::move(line));
      if (!again) {
        m_expanded.insert(shown[i]);
        visit(shown[i], prefix + (last ? "    " : "│   "));
      }
    }
  }

  const dbt::Project& m_project;
  Direction m_direction;
  std::vector<std::string> m_lines;
  std::unordered_set<dbt::NodeId> m_expanded;
  bool m_truncated = false;
};

/// Appends one direction's lineage: a sentence, the groups and (for small
/// graphs) a tree. Returns the walk.
Walk add_direction(Routed& out, const dbt::Project& project, dbt::NodeId id, Direction direction,
                   std::size_t cap) {
  Answer& answer = out.answer;
  Walk result = walk(project, id, direction);
  std::string name = code(display_name(project.node(id)));
  if (result.reached.empty()) {
    answer.blocks.emplace_back(Paragraph{direction == Direction::upstream
                                             ? name + " reads from no other node in the project."
                                             : "Nothing in the project depends on " + name + "."});
    return result;
  }
  std::uint32_t deepest = result.reached.back().depth;
  answer.blocks.emplace_back(Paragraph{
      "**" + plural(result.reached.size(), "node") + "** " + direction_word(direction) + " of " + name +
      ", up to " + plural(deepest, "step") + " away: " + type_counts(project, result.reached) + "."});
  add_groups(out, project, result.reached, direction, cap);
  if (result.reached.size() <= k_tree_max_nodes) {
    answer.blocks.emplace_back(Code{TreeWriter(project, direction).draw(id), "text"});
  }
  return result;
}

Routed direction_answer(const Snapshot& snapshot, dbt::NodeId id, Direction direction) {
  const dbt::Project& project = snapshot.project;
  const dbt::Node& node = project.node(id);
  std::string name = display_name(node);
  Routed out = routed({}, direction_word(direction), &node);
  Answer& answer = out.answer;
  answer.blocks.emplace_back(
      Header{(direction == Direction::upstream ? "Upstream of " : "Downstream of ") + name});
  Walk result = add_direction(out, project, id, direction, k_list_cap);
  answer.summary = result.reached.empty()
                       ? name + " has nothing " + direction_word(direction)
                       : name + " has " + plural(result.reached.size(), "node") + " " +
                             direction_word(direction) + " (" + type_counts(project, result.reached) + ")";
  if (result.tests > 0) {
    answer.blocks.emplace_back(Context{"Tests are left out (" + plural(result.tests, "test") + ")."});
  }
  std::string action = "steward." + direction_word(direction);
  answer.blocks.emplace_back(node_buttons(node, action));
  return out;
}

} // namespace

Routed upstream_answer(const Snapshot& snapshot, dbt::NodeId id) {
  return direction_answer(snapshot, id, Direction::upstream);
}

Routed downstream_answer(const Snapshot& snapshot, dbt::NodeId id) {
  return direction_answer(snapshot, id, Direction::downstream);
}

Routed lineage_answer(const Snapshot& snapshot, dbt::NodeId id) {
  const dbt::Project& project = snapshot.project;
  const dbt::Node& node = project.node(id);
  std::string name = display_name(node);
  Routed out = routed({}, "lineage", &node);
  Answer& answer = out.answer;
  answer.blocks.emplace_back(Header{"Lineage of " + name});
  answer.blocks.emplace_back(Paragraph{"**Upstream**"});
  Walk up = add_direction(out, project, id, Direction::upstream, k_list_cap / 2);
  answer.blocks.emplace_back(answer::Divider{});
  answer.blocks.emplace_back(Paragraph{"**Downstream**"});
  Walk down = add_direction(out, project, id, Direction::downstream, k_list_cap / 2);
  std::string impact = lineage::describe(lineage::impact_of(project, id));
  answer.blocks.emplace_back(Context{"Impact of a change: " + impact + "."});
  answer.summary = name + ": " + plural(up.reached.size(), "node") + " upstream, " +
                   plural(down.reached.size(), "node") + " downstream";
  answer.blocks.emplace_back(node_buttons(node, ""));
  return out;
}

} // namespace steward::router::detail

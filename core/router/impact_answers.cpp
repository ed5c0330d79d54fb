#include <algorithm>

#include "core/lineage/impact.hpp"
#include "core/router/answers.hpp"
#include "core/router/format.hpp"

namespace steward::router::detail {
namespace {

using answer::Answer;
using answer::Fields;
using answer::Header;
using answer::ListBlock;
using answer::Paragraph;
using lineage::Reached;

constexpr std::size_t k_impact_cap = 10;

void add_exposures(Routed& out, const dbt::Project& project, const lineage::Impact& impact) {
  if (impact.exposures.empty()) {
    return;
  }
  out.answer.blocks.emplace_back(Paragraph{"**Exposures affected**"});
  ListBlock list;
  for (std::size_t i = 0; i < impact.exposures.size() && i < k_impact_cap; ++i) {
    const dbt::Node& exposure = project.node(impact.exposures[i]);
    std::string item = node_item(exposure, false);
    std::string_view owner = exposure.owner.empty() ? exposure.owner_email : exposure.owner;
    item += owner.empty() ? "" : ", owned by " + std::string(owner);
    item += exposure.url.empty() ? "" : " — [open](" + std::string(exposure.url) + ")";
    list.items.push_back(std::move(item));
    cite(out, exposure.unique_id);
  }
  if (impact.exposures.size() > k_impact_cap) {
    list.items.push_back(and_more(impact.exposures.size() - k_impact_cap));
  }
  out.answer.blocks.emplace_back(std::move(list));
}

/// Downstream nodes other than tests and exposures (listed on their own),
/// nearest first, then by name.
std::vector<Reached> affected_nodes(const dbt::Project& project, dbt::NodeId id) {
  std::vector<Reached> out;
  for (const auto& reached : project.graph().closure(id, lineage::Direction::downstream)) {
    dbt::ResourceType type = project.node(reached.node).type;
    if (!dbt::is_test(type) && type != dbt::ResourceType::exposure) {
      out.push_back(reached);
    }
  }
  std::sort(out.begin(), out.end(), [&](const Reached& a, const Reached& b) {
    if (a.depth != b.depth) {
      return a.depth < b.depth;
    }
    return display_name(project.node(a.node)) < display_name(project.node(b.node));
  });
  return out;
}

/// Appends "Directly affected" (one step away, with descriptions) and
/// "Further downstream" (the rest), each capped, citing what they list.
void add_affected(Routed& out, const dbt::Project& project, dbt::NodeId id) {
  std::vector<Reached> reached = affected_nodes(project, id);
  auto further = std::find_if(reached.begin(), reached.end(), [](const Reached& r) { return r.depth > 1; });
  const std::pair<const char*, std::vector<Reached>> groups[] = {
      {"**Directly affected**", {reached.begin(), further}},
      {"**Further downstream**", {further, reached.end()}},
  };
  for (const auto& [heading, nodes] : groups) {
    if (nodes.empty()) {
      continue;
    }
    out.answer.blocks.emplace_back(Paragraph{heading});
    ListBlock list;
    for (std::size_t i = 0; i < nodes.size() && i < k_impact_cap; ++i) {
      const dbt::Node& node = project.node(nodes[i].node);
      list.items.push_back(node_item(node, nodes[i].depth == 1));
      cite(out, node.unique_id);
    }
    if (nodes.size() > k_impact_cap) {
      list.items.push_back(and_more(nodes.size() - k_impact_cap));
    }
    out.answer.blocks.emplace_back(std::move(list));
  }
}

} // namespace

Routed impact_answer(const Snapshot& snapshot, dbt::NodeId id) {
  const dbt::Project& project = snapshot.project;
  const dbt::Node& node = project.node(id);
  std::string name = display_name(node);
  lineage::Impact impact = lineage::impact_of(project, id);
  Routed out = routed({}, "impact", &node);
  Answer& answer = out.answer;
  answer.blocks.emplace_back(Header{"What breaks if " + name + " changes"});
  if (impact.total == 0) {
    answer.summary = "Nothing depends on " + name + "; changing it affects no other node";
    answer.blocks.emplace_back(Paragraph{"Nothing depends on " + code(name) +
                                         ": changing it affects no other node in the project."});
  } else {
    answer.summary = "Changing " + name + " reaches " + lineage::describe(impact);
    answer.blocks.emplace_back(Paragraph{"Changing " + code(name) + " reaches **" +
                                         lineage::describe(impact) + "**, up to " +
                                         plural(impact.max_depth, "step") + " away."});
    Fields counts;
    for (std::size_t i = 0; i < dbt::k_resource_type_count; ++i) {
      if (impact.counts.at(i) > 0) {
        counts.items.emplace_back(type_heading(static_cast<dbt::ResourceType>(i)),
                                  std::to_string(impact.counts.at(i)));
      }
    }
    answer.blocks.emplace_back(std::move(counts));
    add_exposures(out, project, impact);
    if (!impact.owners.empty()) {
      std::string owners;
      for (const auto& owner : impact.owners) {
        owners += (owners.empty() ? "" : ", ") + owner;
      }
      answer.blocks.emplace_back(Paragraph{"**Owners to tell:** " + owners});
    }
    add_affected(out, project, id);
  }
  answer.blocks.emplace_back(node_buttons(node, "steward.impact"));
  return out;
}

} // namespace steward::router::detail

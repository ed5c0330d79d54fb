#include <algorithm>
#include <set>

#include "core/router/answers.hpp"
#include "core/router/format.hpp"
#include "core/util/text.hpp"

namespace steward::router::detail {
namespace {

using answer::Answer;
using answer::Context;
using answer::Fields;
using answer::Header;
using answer::ListBlock;
using answer::Paragraph;
using lineage::Direction;

constexpr std::size_t k_nearby_per_direction = 3;
constexpr std::size_t k_known_owners = 10;

/// The group node named `name`, if the project has one.
const dbt::Node* group_named(const dbt::Project& project, std::string_view name) {
  for (dbt::NodeId id : project.named(name)) {
    if (project.node(id).type == dbt::ResourceType::group) {
      return &project.node(id);
    }
  }
  return nullptr;
}

/// Appends the nearest nodes in each direction that do record an owner.
void add_nearby_owners(Routed& out, const dbt::Project& project, dbt::NodeId id) {
  ListBlock list;
  for (Direction direction : {Direction::upstream, Direction::downstream}) {
    std::size_t found = 0;
    for (const auto& reached : project.graph().closure(id, direction)) {
      const dbt::Node& node = project.node(reached.node);
      std::string owner = dbt::is_test(node.type) ? std::string() : owner_of(project, node);
      if (owner.empty() || found >= k_nearby_per_direction) {
        continue;
      }
      ++found;
      list.items.push_back(node_item(node, false) + ", " + plural(reached.depth, "step") +
                           (direction == Direction::upstream ? " upstream" : " downstream") + ": " + owner);
      cite(out, node.unique_id);
    }
  }
  if (!list.items.empty()) {
    out.answer.blocks.emplace_back(Paragraph{"**Nearest nodes with an owner**"});
    out.answer.blocks.emplace_back(std::move(list));
  }
}

/// True when every word of `query` occurs in `node`'s owner, owner email or group.
bool owned_by(const dbt::Node& node, const std::vector<std::string>& words) {
  std::string haystack =
      to_lower(std::string(node.owner) + " " + std::string(node.owner_email) + " " + std::string(node.group));
  return std::all_of(words.begin(), words.end(),
                     [&](const std::string& word) { return haystack.find(word) != std::string::npos; });
}

/// The words of an owner query that say who, without "team" or "group".
std::vector<std::string> owner_words(std::string_view query) {
  std::vector<std::string> words;
  const std::string lower = to_lower(query); // split's views point into it
  for (auto word : split(lower, ' ')) {
    if (!word.empty() && word != "team" && word != "group" && word != "our" && word != "squad") {
      words.emplace_back(word);
    }
  }
  return words;
}

} // namespace

Routed owner_answer(const Snapshot& snapshot, dbt::NodeId id) {
  const dbt::Project& project = snapshot.project;
  const dbt::Node& node = project.node(id);
  std::string name = display_name(node);
  std::string owner = owner_of(project, node);
  Routed out = routed({}, "owner", &node);
  Answer& answer = out.answer;
  answer.blocks.emplace_back(Header{"Owner of " + name});
  const dbt::Node* group = node.group.empty() ? nullptr : group_named(project, node.group);
  if (!owner.empty()) {
    answer.summary = name + " is owned by " + owner;
    answer.blocks.emplace_back(Paragraph{code(name) + " is owned by **" + owner + "**."});
  } else {
    answer.summary = "No owner is recorded for " + name;
    answer.blocks.emplace_back(Paragraph{
        "No owner is recorded for " + code(name) + ": it has no `meta.owner` (or `config.meta.owner`)" +
        (node.group.empty() ? " and belongs to no group." : " and its group has no owner.")});
  }
  Fields facts;
  if (!node.group.empty()) {
    std::string group_owner = group == nullptr ? std::string() : owner_of(project, *group);
    facts.items.emplace_back("Group", std::string(node.group) +
                                          (group_owner.empty() ? "" : ", owned by " + group_owner));
  }
  if (!node.access.empty()) {
    facts.items.emplace_back("Access", std::string(node.access));
  }
  if (std::string_view file = node.patch_path.empty() ? node.path : node.patch_path; !file.empty()) {
    // dbt writes patch paths as `package://path`.
    std::size_t scheme = file.find("://");
    facts.items.emplace_back("Defined in",
                             code(scheme == std::string_view::npos ? file : file.substr(scheme + 3)));
  }
  if (!facts.items.empty()) {
    answer.blocks.emplace_back(std::move(facts));
  }
  if (group != nullptr) {
    cite(out, group->unique_id);
  }
  if (owner.empty()) {
    add_nearby_owners(out, project, id);
    answer.blocks.emplace_back(Context{"To record an owner, add `meta: {owner: ...}` to " + code(name) +
                                       "'s YAML, or put it in a group that has an owner."});
  }
  answer.blocks.emplace_back(node_buttons(node, ""));
  return out;
}

Routed owned_by_answer(const Snapshot& snapshot, std::string_view owner) {
  const dbt::Project& project = snapshot.project;
  std::vector<std::string> words = owner_words(owner);
  Routed out = routed({}, "owner", nullptr);
  Answer& answer = out.answer;
  answer.blocks.emplace_back(Header{"Owned by " + std::string(owner)});
  ListBlock list;
  std::size_t matched = 0;
  std::set<std::string> known;
  for (const auto& node : project.nodes()) {
    if (dbt::is_test(node.type) || node.type == dbt::ResourceType::doc ||
        node.type == dbt::ResourceType::macro) {
      continue;
    }
    if (std::string who = owner_of(project, node); !who.empty()) {
      known.insert(who);
    }
    if (words.empty() || !owned_by(node, words)) {
      continue;
    }
    if (++matched <= k_list_cap) {
      list.items.push_back(node_item(node, false) +
                           (node.group.empty() ? "" : ", group " + std::string(node.group)) + ": " +
                           owner_of(project, node));
      cite(out, node.unique_id);
    }
  }
  if (matched == 0) {
    answer.summary = "No node's owner or group matches " + std::string(owner);
    std::string names;
    std::size_t shown = 0;
    for (const auto& who : known) {
      if (shown++ < k_known_owners) {
        names += (names.empty() ? "" : "; ") + who;
      }
    }
    answer.blocks.emplace_back(
        Paragraph{"No node's owner or group matches " + code(owner) + "." +
                  (names.empty() ? " The project records no owners at all."
                                 : " Owners recorded in the project: " + names + ".")});
    return out;
  }
  answer.summary = std::string(owner) + " owns " + plural(matched, "node");
  answer.blocks.emplace_back(
      Paragraph{"**" + plural(matched, "node") + "** whose owner or group matches " + code(owner) + ":"});
  if (matched > k_list_cap) {
    list.items.push_back(and_more(matched - k_list_cap));
  }
  answer.blocks.emplace_back(std::move(list));
  return out;
}

} // namespace steward::router::detail

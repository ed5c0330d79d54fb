#include <algorithm>

#include "core/answer/markup.hpp"
#include "core/router/answers.hpp"
#include "core/router/format.hpp"

namespace steward::router::detail {
namespace {

using answer::Actions;
using answer::Answer;
using answer::Header;
using answer::ListBlock;
using answer::Paragraph;

constexpr std::size_t k_search_hits = 8;
constexpr std::size_t k_search_buttons = 3;
constexpr std::size_t k_suggestions = 5;
constexpr std::size_t k_query_bytes = 80;
constexpr std::size_t k_button_label = 60;

/// The button action that continues `intent` for another node.
std::string action_for(Intent intent) {
  switch (intent) {
  case Intent::upstream: return "steward.upstream";
  case Intent::downstream: return "steward.downstream";
  case Intent::impact: return "steward.impact";
  default: return "steward.describe";
  }
}

std::string quoted(std::string_view text) {
  return "“" + answer::markup::truncate_utf8(text, k_query_bytes) + "”";
}

answer::Button button_for(const dbt::Node& node, const std::string& label, const std::string& action) {
  return {answer::markup::truncate_utf8(label, k_button_label), action, std::string(node.unique_id)};
}

std::string search_item(const dbt::Project& project, const search::Hit& hit) {
  std::string item = node_item(project.node(hit.node));
  if (!hit.column.empty()) {
    item += " (matched column " + code(hit.column) + ")";
  }
  return item;
}

Routed ambiguous_answer(const Snapshot& snapshot, std::string_view name, const dbt::Resolution& resolution,
                        Intent intent) {
  const dbt::Project& project = snapshot.project;
  Routed out = routed({}, intent_name(intent), nullptr);
  Answer& answer = out.answer;
  answer.summary =
      std::string(name) + " matches " + plural(resolution.candidates.size(), "node") + "; which one?";
  answer.blocks.emplace_back(Paragraph{
      code(name) + " matches " + plural(resolution.candidates.size(), "node") + "; which one do you mean?"});
  ListBlock list;
  Actions actions;
  for (const auto& unique_id : resolution.candidates) {
    auto id = project.find(unique_id);
    if (!id || list.items.size() >= k_list_cap) {
      continue;
    }
    const dbt::Node& node = project.node(*id);
    list.items.push_back(node_item(node) + " — " + code(node.unique_id));
    cite(out, node.unique_id);
    if (actions.buttons.size() < k_suggestions) {
      actions.buttons.push_back(
          button_for(node, display_name(node) + " (" + type_name(node.type) + ")", action_for(intent)));
    }
  }
  answer.blocks.emplace_back(std::move(list));
  if (!actions.buttons.empty()) {
    answer.blocks.emplace_back(std::move(actions));
  }
  return out;
}

} // namespace

Routed search_answer(const Snapshot& snapshot, std::string_view query, Hint hint) {
  const dbt::Project& project = snapshot.project;
  auto hits = snapshot.index.search(query, k_search_hits);
  Routed out = routed({}, "search", nullptr);
  Answer& answer = out.answer;
  answer.blocks.emplace_back(Header{"Search: " + answer::markup::truncate_utf8(query, k_query_bytes)});
  if (hits.empty()) {
    answer.summary = "Nothing matched " + quoted(query);
    answer.blocks.emplace_back(Paragraph{"Nothing in the project matched " + quoted(query) +
                                         ". Try a model, source or column name, or ask `help`."});
    return out;
  }
  if (hint == Hint::unrecognised) {
    answer.blocks.emplace_back(
        Paragraph{"I didn't recognise this as a question about a specific model, column, owner or run, so "
                  "here are the closest matches in the project. Check that what you are asking about "
                  "exists under this name; `help` lists the questions I understand."});
  }
  ListBlock list;
  Actions actions;
  std::string names;
  for (const auto& hit : hits) {
    const dbt::Node& node = project.node(hit.node);
    list.items.push_back(search_item(project, hit));
    cite(out, node.unique_id);
    if (actions.buttons.size() < k_search_buttons) {
      actions.buttons.push_back(button_for(node, "Describe " + display_name(node), "steward.describe"));
      names += (names.empty() ? "" : ", ") + display_name(node);
    }
  }
  answer.summary = "Top matches for " + quoted(query) + ": " + names;
  answer.blocks.emplace_back(std::move(list));
  answer.blocks.emplace_back(std::move(actions));
  return out;
}

Routed unresolved_answer(const Snapshot& snapshot, std::string_view name, const dbt::Resolution& resolution,
                         Intent intent) {
  if (resolution.kind == dbt::Resolution::Kind::ambiguous) {
    return ambiguous_answer(snapshot, name, resolution, intent);
  }
  const dbt::Project& project = snapshot.project;
  Routed out = routed({}, intent_name(intent), nullptr);
  Answer& answer = out.answer;
  std::string text = "I couldn't find " + code(name) + " in the project.";
  std::string plain = "I couldn't find " + std::string(name);
  Actions actions;
  std::vector<dbt::NodeId> suggested;
  if (!resolution.candidates.empty()) {
    std::string codes;
    std::string names;
    for (const auto& candidate : resolution.candidates) {
      codes += (codes.empty() ? "" : ", ") + code(candidate);
      names += (names.empty() ? "" : ", ") + candidate;
      auto found = dbt::resolve(project, candidate);
      if (found.kind == dbt::Resolution::Kind::found && actions.buttons.size() < k_suggestions) {
        suggested.push_back(found.id);
        cite(out, project.node(found.id).unique_id);
        actions.buttons.push_back(button_for(project.node(found.id), candidate, action_for(intent)));
      }
    }
    text += " Did you mean " + codes + "?";
    plain += "; did you mean " + names + "?";
  }
  answer.summary = plain;
  answer.blocks.emplace_back(Paragraph{text});
  if (!actions.buttons.empty()) {
    answer.blocks.emplace_back(std::move(actions));
  }
  ListBlock hits;
  for (const auto& hit : snapshot.index.search(name, k_suggestions + suggested.size())) {
    if (std::find(suggested.begin(), suggested.end(), hit.node) == suggested.end() &&
        hits.items.size() < k_suggestions) {
      hits.items.push_back(search_item(project, hit));
      cite(out, project.node(hit.node).unique_id);
    }
  }
  if (!hits.items.empty()) {
    answer.blocks.emplace_back(Paragraph{"**Closest search matches**"});
    answer.blocks.emplace_back(std::move(hits));
  }
  return out;
}

Routed need_subject_answer(Intent intent) {
  std::string example =
      intent == Intent::describe ? "what is fct_orders?" : std::string(intent_name(intent)) + " fct_orders";
  Answer answer;
  answer.summary = "Which node do you mean?";
  answer.blocks.emplace_back(
      Paragraph{"Which node do you mean? Name a model, source or other node, e.g. " + code(example) + "."});
  return routed(std::move(answer), intent_name(intent), nullptr);
}

} // namespace steward::router::detail

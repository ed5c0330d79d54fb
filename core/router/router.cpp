#include "core/router/router.hpp"

#include <array>
#include <optional>
#include <utility>
#include <variant>

#include "core/dbt/resolve.hpp"
#include "core/router/answers.hpp"
#include "core/router/format.hpp"
#include "core/router/locate.hpp"
#include "core/util/text.hpp"

namespace steward::router {
namespace {

using detail::ColumnTarget;
using detail::Intent;
using detail::Parsed;
using detail::Target;
using knowledge::Snapshot;

using NodeAnswer = Routed (*)(const Snapshot&, dbt::NodeId);

constexpr std::array<std::pair<Intent, NodeAnswer>, 8> k_node_answers = {{
    {Intent::describe, detail::describe_answer},
    {Intent::owner, detail::owner_answer},
    {Intent::columns, detail::columns_answer},
    {Intent::lineage, detail::lineage_answer},
    {Intent::upstream, detail::upstream_answer},
    {Intent::downstream, detail::downstream_answer},
    {Intent::impact, detail::impact_answer},
    {Intent::tests, detail::tests_answer},
}};

constexpr std::array<std::pair<std::string_view, NodeAnswer>, 4> k_actions = {{
    {"steward.describe", detail::describe_answer},
    {"steward.upstream", detail::upstream_answer},
    {"steward.downstream", detail::downstream_answer},
    {"steward.impact", detail::impact_answer},
}};

Routed answer_for_node(const Snapshot& snapshot, Intent intent, dbt::NodeId id) {
  for (const auto& [candidate, answer] : k_node_answers) {
    if (candidate == intent) {
      return answer(snapshot, id);
    }
  }
  return detail::describe_answer(snapshot, id);
}

/// The node a target is about (a column's node), or none for an answer.
std::optional<dbt::NodeId> node_of(const Target& target) {
  if (const auto* column = std::get_if<ColumnTarget>(&target)) {
    return column->node;
  }
  if (const auto* id = std::get_if<dbt::NodeId>(&target)) {
    return *id;
  }
  return std::nullopt;
}

Routed node_question(const Snapshot& snapshot, std::string_view question, const Parsed& parsed,
                     const Context& context) {
  Target target = detail::locate(snapshot, question, parsed.subject, parsed.kind, parsed.intent, context);
  if (auto* answer = std::get_if<Routed>(&target)) {
    return std::move(*answer);
  }
  if (const auto* column = std::get_if<ColumnTarget>(&target)) {
    // Ownership and tests belong to the node; everything else to the column.
    if (parsed.intent == Intent::owner || parsed.intent == Intent::tests) {
      return answer_for_node(snapshot, parsed.intent, column->node);
    }
    return detail::column_answer(snapshot, column->node, *column->column);
  }
  return answer_for_node(snapshot, parsed.intent, std::get<dbt::NodeId>(target));
}

/// "column C in X": the column of node X, or why there is none.
Routed column_question(const Snapshot& snapshot, std::string_view question, const Parsed& parsed,
                       const Context& context) {
  Target target = detail::locate(snapshot, question, parsed.subject, parsed.kind, parsed.intent, context);
  if (auto* answer = std::get_if<Routed>(&target)) {
    return std::move(*answer);
  }
  dbt::NodeId id = *node_of(target);
  if (const dbt::Column* column = dbt::find_column(snapshot.project.node(id), parsed.column)) {
    return detail::column_answer(snapshot, id, *column);
  }
  return detail::no_column_answer(snapshot, id, parsed.column);
}

/// "Which models have C?": the nodes holding column C. A node named instead
/// ("which models use stg_orders?") gets its downstream.
Routed column_search_question(const Snapshot& snapshot, std::string_view question, const Parsed& parsed,
                              const Context& context) {
  if (detail::is_pronoun(parsed.subject)) {
    Parsed downstream = parsed;
    downstream.intent = Intent::downstream;
    return node_question(snapshot, question, downstream, context);
  }
  auto resolution = dbt::resolve(snapshot.project, parsed.subject);
  if (resolution.kind == dbt::Resolution::Kind::found &&
      snapshot.project.node(resolution.id).type != dbt::ResourceType::doc) {
    return detail::downstream_answer(snapshot, resolution.id);
  }
  if (auto column = detail::column_target(snapshot.project, parsed.subject)) {
    return detail::column_answer(snapshot, column->node, *column->column);
  }
  if (auto listed = detail::column_search_answer(snapshot, parsed.subject)) {
    return std::move(*listed);
  }
  Routed hits = detail::search_answer(snapshot, parsed.subject);
  hits.intent = "column_search";
  hits.answer.summary = "No column is named " + parsed.subject + "; " + hits.answer.summary;
  hits.answer.blocks.insert(hits.answer.blocks.begin() + 1,
                            answer::Paragraph{"No node has a column named " + detail::code(parsed.subject) +
                                              " or anything close. The best search matches:"});
  return hits;
}

/// "How does X get to Y?", "is X upstream of Y?".
Routed path_question(const Snapshot& snapshot, std::string_view question, const Parsed& parsed,
                     const Context& context) {
  Target from = detail::locate(snapshot, question, parsed.subject, parsed.kind, Intent::path, context);
  if (auto* answer = std::get_if<Routed>(&from)) {
    return std::move(*answer);
  }
  dbt::NodeId start = *node_of(from);
  // "does fct_orders use customer_id?": a column of the node just named.
  if (const dbt::Column* column = dbt::find_column(snapshot.project.node(start), parsed.target);
      column != nullptr &&
      dbt::resolve(snapshot.project, parsed.target).kind != dbt::Resolution::Kind::found) {
    return detail::column_answer(snapshot, start, *column);
  }
  Target to = detail::locate(snapshot, question, parsed.target, parsed.target_kind, Intent::path, context);
  if (auto* answer = std::get_if<Routed>(&to)) {
    return std::move(*answer);
  }
  Routed out = detail::path_answer(snapshot, start, *node_of(to), parsed.yes_no);
  if (parsed.reversed && out.cited.size() >= 2) {
    // "Does Y depend on X?" is about Y: it comes first.
    std::swap(out.cited[0], out.cited[1]);
    out.focus = out.cited.front();
  }
  return out;
}

/// "What failed?" for the whole run; "did X fail?" for node X and its tests.
Routed failures_question(const Snapshot& snapshot, const Parsed& parsed, const Context& context) {
  const dbt::Project& project = snapshot.project;
  std::string_view subject = parsed.subject;
  // "which tests failed on it?", "what failed in fct_orders": the node after the preposition.
  for (std::string_view preposition : {"on ", "in ", "for ", "of ", "with "}) {
    if (subject.size() > preposition.size() && iequals(subject.substr(0, preposition.size()), preposition)) {
      subject.remove_prefix(preposition.size());
      break;
    }
  }
  std::optional<dbt::NodeId> about;
  if (!subject.empty() && detail::is_pronoun(subject)) {
    about = context.focus.empty() ? std::nullopt : project.find(context.focus);
  } else if (auto resolution = dbt::resolve(project, subject);
             resolution.kind == dbt::Resolution::Kind::found) {
    about = resolution.id;
  } else {
    about = detail::identifier_in(project, subject);
  }
  return detail::failures_answer(snapshot, about);
}

/// "What does finance own?"
Routed owned_by_question(const Snapshot& snapshot, const Parsed& parsed) {
  if (parsed.subject.empty()) {
    return detail::need_subject_answer(Intent::owner);
  }
  return detail::owned_by_answer(snapshot, parsed.subject);
}

/// A search, or for text no phrasing matched: a bare node or column name is
/// described, anything else goes to `concept_answer` with a hint.
Routed search_question(const Snapshot& snapshot, std::string_view question, const Parsed& parsed,
                       const Context& context) {
  if (parsed.subject.empty()) {
    return detail::need_subject_answer(Intent::search);
  }
  if (parsed.matched) {
    return detail::search_answer(snapshot, parsed.subject);
  }
  auto resolution = dbt::resolve(snapshot.project, parsed.subject);
  if (resolution.kind == dbt::Resolution::Kind::found) {
    return detail::describe_answer(snapshot, resolution.id);
  }
  if (auto column = detail::column_target(snapshot.project, parsed.subject)) {
    return detail::column_answer(snapshot, column->node, *column->column);
  }
  if (parsed.subject.find(' ') == std::string::npos) {
    auto hits = detail::nodes_with_column(snapshot.project, parsed.subject);
    if (hits.size() == 1) {
      return detail::column_answer(snapshot, hits.front().node, *hits.front().column);
    }
    if (auto listed = hits.empty() ? std::nullopt : detail::column_search_answer(snapshot, parsed.subject)) {
      return std::move(*listed);
    }
  }
  return detail::concept_answer(snapshot, question, parsed.subject, detail::Hint::unrecognised, context);
}

/// "List all sources": every node of a kind; other words are searched for.
Routed list_question(const Snapshot& snapshot, std::string_view question, const Parsed& parsed,
                     const Context& context) {
  std::string words = parsed.kind.empty() ? parsed.subject : parsed.subject + " " + parsed.kind;
  for (const std::string& candidate : {words, parsed.subject, parsed.kind}) {
    if (auto listed = candidate.empty() ? std::nullopt : detail::list_answer(snapshot, candidate)) {
      return std::move(*listed);
    }
  }
  return detail::concept_answer(snapshot, question, words, detail::Hint::none, context);
}

Routed unknown(std::string text, std::string summary) {
  answer::Answer answer;
  answer.summary = std::move(summary);
  answer.blocks.emplace_back(answer::Paragraph{std::move(text)});
  return detail::routed(std::move(answer), "unknown", nullptr);
}

} // namespace

Routed route(const knowledge::Snapshot& snapshot, std::string_view question, const Context& context) {
  Parsed parsed = detail::parse(question);
  switch (parsed.intent) {
  case Intent::help: return detail::routed(help(), "help", nullptr);
  case Intent::stats: return detail::stats_answer(snapshot);
  case Intent::untested: return detail::untested_answer(snapshot);
  case Intent::list_nodes: return list_question(snapshot, question, parsed, context);
  case Intent::failures: return failures_question(snapshot, parsed, context);
  case Intent::search: return search_question(snapshot, question, parsed, context);
  case Intent::column: return column_question(snapshot, question, parsed, context);
  case Intent::column_search: return column_search_question(snapshot, question, parsed, context);
  case Intent::path: return path_question(snapshot, question, parsed, context);
  case Intent::owned_by: return owned_by_question(snapshot, parsed);
  default: return node_question(snapshot, question, parsed, context);
  }
}

Routed run_action(const knowledge::Snapshot& snapshot, std::string_view action, std::string_view value) {
  if (std::size_t hash = action.find('#'); hash != std::string_view::npos) {
    action = action.substr(0, hash); // a Block Kit uniqueness suffix
  }
  for (const auto& [name, answer] : k_actions) {
    if (name != action) {
      continue;
    }
    if (auto id = snapshot.project.find(value)) {
      return answer(snapshot, *id);
    }
    return unknown(detail::code(value) +
                       " is not in the project any more: it may have been renamed or removed since this "
                       "message was posted. Ask about it by name to look it up again.",
                   std::string(value) + " is no longer in the project");
  }
  return unknown("I don't know the action " + detail::code(action) + ", so I did nothing.",
                 "Unknown action " + std::string(action));
}

} // namespace steward::router

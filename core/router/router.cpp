#include "core/router/router.hpp"

#include <array>
#include <optional>
#include <utility>
#include <variant>

#include "core/dbt/resolve.hpp"
#include "core/router/answers.hpp"
#include "core/router/format.hpp"
#include "core/util/text.hpp"

namespace steward::router {
namespace {

using detail::Intent;
using detail::Parsed;
using knowledge::Snapshot;

using NodeAnswer = Routed (*)(const Snapshot&, dbt::NodeId);

constexpr std::array<std::pair<Intent, NodeAnswer>, 7> k_node_answers = {{
    {Intent::describe, detail::describe_answer},
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

struct ColumnTarget {
  dbt::NodeId node;
  const dbt::Column* column;
};

/// What a subject names: a node, a column of one, or an answer explaining why
/// it names neither.
using Target = std::variant<dbt::NodeId, ColumnTarget, Routed>;

/// `model.column` naming a column of exactly one node (ambiguous node names
/// are narrowed to the nodes that have the column).
std::optional<ColumnTarget> column_target(const dbt::Project& project, std::string_view subject) {
  std::size_t dot = subject.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == subject.size()) {
    return std::nullopt;
  }
  std::string_view column = subject.substr(dot + 1);
  auto resolution = dbt::resolve(project, subject.substr(0, dot));
  std::vector<dbt::NodeId> ids;
  if (resolution.kind == dbt::Resolution::Kind::found) {
    ids.push_back(resolution.id);
  } else if (resolution.kind == dbt::Resolution::Kind::ambiguous) {
    for (const auto& unique_id : resolution.candidates) {
      if (auto id = project.find(unique_id)) {
        ids.push_back(*id);
      }
    }
  }
  std::optional<ColumnTarget> found;
  for (dbt::NodeId id : ids) {
    if (const dbt::Column* match = dbt::find_column(project.node(id), column)) {
      if (found) {
        return std::nullopt;
      }
      found = ColumnTarget{id, match};
    }
  }
  return found;
}

std::string underscored(std::string text) {
  for (char& c : text) {
    c = c == ' ' ? '_' : c;
  }
  return text;
}

/// The one node named by an identifier-like word (holding `_` or `.`) of a
/// longer subject, as in "the grain of fct_orders"; none when zero or several.
std::optional<dbt::NodeId> identifier_in(const dbt::Project& project, std::string_view subject) {
  std::optional<dbt::NodeId> found;
  for (auto word : split(subject, ' ')) {
    if (word.find_first_of("_.") == std::string_view::npos) {
      continue;
    }
    auto resolution = dbt::resolve(project, word);
    if (resolution.kind != dbt::Resolution::Kind::found) {
      continue;
    }
    if (found && *found != resolution.id) {
      return std::nullopt;
    }
    found = resolution.id;
  }
  return found;
}

Target locate(const Snapshot& snapshot, const Parsed& parsed, const Context& context) {
  const dbt::Project& project = snapshot.project;
  if (detail::is_pronoun(parsed.subject)) {
    if (auto id = context.focus.empty() ? std::nullopt : project.find(context.focus)) {
      return *id;
    }
    return detail::need_subject_answer(parsed.intent);
  }
  auto resolution = dbt::resolve(project, parsed.subject);
  if (resolution.kind == dbt::Resolution::Kind::found) {
    return resolution.id;
  }
  if (auto column = column_target(project, parsed.subject)) {
    return *column;
  }
  if (resolution.kind == dbt::Resolution::Kind::not_found && parsed.subject.find(' ') != std::string::npos) {
    // Several words: a name typed with spaces, else a concept to search for.
    auto joined = dbt::resolve(project, underscored(parsed.subject));
    if (joined.kind == dbt::Resolution::Kind::found) {
      return joined.id;
    }
    if (auto named = identifier_in(project, parsed.subject)) {
      return *named;
    }
    return detail::search_answer(snapshot, parsed.subject);
  }
  return detail::unresolved_answer(snapshot, parsed.subject, resolution, parsed.intent);
}

Routed answer_for_node(const Snapshot& snapshot, Intent intent, dbt::NodeId id) {
  for (const auto& [candidate, answer] : k_node_answers) {
    if (candidate == intent) {
      return answer(snapshot, id);
    }
  }
  return detail::describe_answer(snapshot, id);
}

Routed node_question(const Snapshot& snapshot, const Parsed& parsed, const Context& context) {
  Target target = locate(snapshot, parsed, context);
  if (auto* answer = std::get_if<Routed>(&target)) {
    return std::move(*answer);
  }
  if (const auto* column = std::get_if<ColumnTarget>(&target)) {
    return detail::column_answer(snapshot, column->node, *column->column);
  }
  return answer_for_node(snapshot, parsed.intent, std::get<dbt::NodeId>(target));
}

/// "column C in X": the column of node X, or why there is none.
Routed column_question(const Snapshot& snapshot, const Parsed& parsed, const Context& context) {
  Target target = locate(snapshot, parsed, context);
  if (auto* answer = std::get_if<Routed>(&target)) {
    return std::move(*answer);
  }
  dbt::NodeId id = std::holds_alternative<ColumnTarget>(target) ? std::get<ColumnTarget>(target).node
                                                                : std::get<dbt::NodeId>(target);
  if (const dbt::Column* column = dbt::find_column(snapshot.project.node(id), parsed.column)) {
    return detail::column_answer(snapshot, id, *column);
  }
  return detail::no_column_answer(snapshot, id, parsed.column);
}

/// A search, or for text no phrasing matched: a bare node or column name is
/// described, anything else searched.
Routed search_question(const Snapshot& snapshot, const Parsed& parsed) {
  if (parsed.subject.empty()) {
    return detail::need_subject_answer(Intent::search);
  }
  if (!parsed.matched) {
    auto resolution = dbt::resolve(snapshot.project, parsed.subject);
    if (resolution.kind == dbt::Resolution::Kind::found) {
      return detail::describe_answer(snapshot, resolution.id);
    }
    if (auto column = column_target(snapshot.project, parsed.subject)) {
      return detail::column_answer(snapshot, column->node, *column->column);
    }
  }
  return detail::search_answer(snapshot, parsed.subject);
}

Routed unknown(std::string text, std::string summary) {
  answer::Answer answer;
  answer.summary = std::move(summary);
  answer.blocks.emplace_back(answer::Paragraph{std::move(text)});
  return Routed{std::move(answer), "unknown", {}};
}

} // namespace

Routed route(const knowledge::Snapshot& snapshot, std::string_view question, const Context& context) {
  Parsed parsed = detail::parse(question);
  switch (parsed.intent) {
  case Intent::help: return Routed{help(), "help", {}};
  case Intent::stats: return detail::stats_answer(snapshot);
  case Intent::failures: return detail::failures_answer(snapshot);
  case Intent::search: return search_question(snapshot, parsed);
  case Intent::column: return column_question(snapshot, parsed, context);
  default: return node_question(snapshot, parsed, context);
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

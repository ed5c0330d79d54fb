#include "core/router/locate.hpp"

#include <algorithm>

#include "core/router/format.hpp"
#include "core/util/text.hpp"

namespace steward::router::detail {
namespace {

std::string underscored(std::string text) {
  std::replace(text.begin(), text.end(), ' ', '_');
  return text;
}

bool identifier_like(std::string_view subject) {
  return subject.find_first_of("_.") != std::string_view::npos;
}

/// The answer for a subject that is a column name: the column itself when
/// one node has it, else the list of nodes that have it; none when no node
/// has a column of that name.
std::optional<Target> bare_column(const Snapshot& snapshot, std::string_view name) {
  auto hits = nodes_with_column(snapshot.project, name);
  if (hits.empty()) {
    return std::nullopt;
  }
  if (hits.size() == 1) {
    return Target{ColumnTarget{hits.front().node, hits.front().column}};
  }
  if (auto listed = column_search_answer(snapshot, name)) {
    return Target{std::move(*listed)};
  }
  return std::nullopt;
}

/// A docs block only describes; for any other intent a column of the same
/// name (`customer_lifetime_value`) is what the question is about.
std::optional<Target> instead_of_doc(const Snapshot& snapshot, dbt::NodeId id, Intent intent) {
  const dbt::Node& node = snapshot.project.node(id);
  if (node.type != dbt::ResourceType::doc || intent == Intent::describe) {
    return std::nullopt;
  }
  return bare_column(snapshot, node.name);
}

/// Narrows an ambiguous `resolution` to the candidates that fit the kind word
/// `kind`; one left makes it `found`.
void narrow(const dbt::Project& project, std::string_view kind, dbt::Resolution& resolution) {
  std::vector<std::string> fitting;
  for (const auto& unique_id : resolution.candidates) {
    auto id = project.find(unique_id);
    if (id && fits_kind(kind, dbt::to_string(project.node(*id).type))) {
      fitting.push_back(unique_id);
    }
  }
  if (fitting.size() == 1) {
    resolution.kind = dbt::Resolution::Kind::found;
    resolution.id = *project.find(fitting.front());
  }
  if (!fitting.empty()) {
    resolution.candidates = std::move(fitting);
  }
}

/// "the customers snapshot" when `customers` names a source: the node named
/// with the kind word (`customers_snapshot`, `snapshot_customers`) if that one
/// fits the kind and `id` does not.
std::optional<dbt::NodeId> kind_named(const dbt::Project& project, std::string_view subject,
                                      std::string_view kind, dbt::NodeId id) {
  if (kind.empty() || fits_kind(kind, dbt::to_string(project.node(id).type))) {
    return std::nullopt;
  }
  std::string name(subject);
  for (const std::string& candidate : {name + "_" + std::string(kind), std::string(kind) + "_" + name}) {
    auto resolution = dbt::resolve(project, candidate);
    if (resolution.kind == dbt::Resolution::Kind::found &&
        fits_kind(kind, dbt::to_string(project.node(resolution.id).type))) {
      return resolution.id;
    }
  }
  return std::nullopt;
}

Target found(const Snapshot& snapshot, dbt::NodeId id, Intent intent) {
  if (auto column = instead_of_doc(snapshot, id, intent)) {
    return std::move(*column);
  }
  return id;
}

} // namespace

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
  std::optional<ColumnTarget> match;
  for (dbt::NodeId id : ids) {
    if (const dbt::Column* column_match = dbt::find_column(project.node(id), column)) {
      if (match) {
        return std::nullopt;
      }
      match = ColumnTarget{id, column_match};
    }
  }
  return match;
}

std::optional<dbt::NodeId> identifier_in(const dbt::Project& project, std::string_view subject) {
  std::optional<dbt::NodeId> match;
  for (auto word : split(subject, ' ')) {
    if (!identifier_like(word)) {
      continue;
    }
    auto resolution = dbt::resolve(project, word);
    if (resolution.kind != dbt::Resolution::Kind::found) {
      continue;
    }
    if (match && *match != resolution.id) {
      return std::nullopt;
    }
    match = resolution.id;
  }
  return match;
}

Target locate(const Snapshot& snapshot, std::string_view question, std::string_view subject,
              std::string_view kind, Intent intent, const Context& context) {
  const dbt::Project& project = snapshot.project;
  if (is_pronoun(subject)) {
    if (auto id = context.focus.empty() ? std::nullopt : project.find(context.focus)) {
      return *id;
    }
    return need_subject_answer(intent);
  }
  auto resolution = dbt::resolve(project, subject);
  if (resolution.kind == dbt::Resolution::Kind::ambiguous && !kind.empty()) {
    narrow(project, kind, resolution);
  }
  if (resolution.kind == dbt::Resolution::Kind::found) {
    if (auto named = kind_named(project, subject, kind, resolution.id)) {
      return *named;
    }
    return found(snapshot, resolution.id, intent);
  }
  if (auto column = column_target(project, subject)) {
    return *column;
  }
  if (resolution.kind == dbt::Resolution::Kind::ambiguous) {
    return unresolved_answer(snapshot, subject, resolution, intent);
  }
  if (auto column = bare_column(snapshot, subject)) {
    return std::move(*column);
  }
  if (subject.find(' ') != std::string_view::npos) {
    // Several words: a name typed with spaces, one identifier among words,
    // a column typed with spaces, else a concept.
    auto joined = dbt::resolve(project, underscored(std::string(subject)));
    if (joined.kind == dbt::Resolution::Kind::found) {
      return found(snapshot, joined.id, intent);
    }
    if (auto named = identifier_in(project, subject)) {
      return *named;
    }
    if (auto column = bare_column(snapshot, underscored(std::string(subject)))) {
      return std::move(*column);
    }
    return concept_answer(snapshot, question, subject, Hint::none, context);
  }
  if (identifier_like(subject) || !resolution.candidates.empty()) {
    return unresolved_answer(snapshot, subject, resolution, intent);
  }
  return concept_answer(snapshot, question, subject, Hint::none, context);
}

Routed concept_answer(const Snapshot& snapshot, std::string_view question, std::string_view query, Hint hint,
                      const Context& context) {
  if (auto known = knowledge_answer(snapshot, question, context)) {
    return std::move(*known);
  }
  return search_answer(snapshot, query, hint);
}

} // namespace steward::router::detail

#pragma once

// Private to the router: finding what a question's subject names.

#include <optional>
#include <string_view>
#include <variant>

#include "core/router/answers.hpp"

namespace steward::router::detail {

/// A column of one node.
struct ColumnTarget {
  dbt::NodeId node;
  const dbt::Column* column;
};

/// What a subject names: a node, a column of one, or an answer explaining
/// why it names neither (did you mean, which one, search hits).
using Target = std::variant<dbt::NodeId, ColumnTarget, Routed>;

/// Finds what `subject` names for a question of intent `intent`. A pronoun
/// (or an empty subject) names `context.focus`. Otherwise, in order: a node (`dbt::resolve`); `node.column`;
/// a column name held by one node (several: the column search answer); a name typed with spaces; the one
/// identifier in a longer subject; else "did you mean" for identifier-like subjects and `concept_answer` for
/// the rest. A docs block that shares its name with a column gives way to the column for every intent but
/// `describe`.
Target locate(const Snapshot& snapshot, std::string_view question, std::string_view subject,
              std::string_view kind, Intent intent, const Context& context);

/// `model.column` naming a column of exactly one node (ambiguous node names
/// are narrowed to the nodes that have the column).
std::optional<ColumnTarget> column_target(const dbt::Project& project, std::string_view subject);

/// The one node named by an identifier-like word (holding `_` or `.`) of a
/// longer subject, as in "the grain of fct_orders"; none when zero or several.
std::optional<dbt::NodeId> identifier_in(const dbt::Project& project, std::string_view subject);

/// The answer to a question that names nothing in the project's graph: no
/// node, column or owner ("what's our refund policy?", or text no phrasing
/// matched). `question` is the whole question as asked, `query` what it asks
/// about; `hint` says whether the question was understood at all.
///
/// KNOWLEDGE-BASE SEAM: this is the one place every such question passes
/// through, so a knowledge-base lookup (`core/kb/`) belongs here: search the
/// knowledge base for `question` first and answer from its sections when they
/// match, else fall through to the project search below.
Routed concept_answer(const Snapshot& snapshot, std::string_view question, std::string_view query, Hint hint,
                      const Context& context);

/// The knowledge base's answer to `question` (core/router/kb_answers.cpp), or
/// nothing when there is no knowledge base or no section matches.
std::optional<Routed> knowledge_answer(const Snapshot& snapshot, std::string_view question,
                                       const Context& context);

} // namespace steward::router::detail

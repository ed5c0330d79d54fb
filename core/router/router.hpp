#pragma once

// The deterministic router: answers questions about the project from the
// knowledge snapshot alone, with no LLM. It is what Steward says when no LLM
// is configured, what the slash command's subcommands run, and what the
// terminal chat (`steward chat`) shows.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/answer/answer.hpp"
#include "core/kb/corpus.hpp"
#include "core/knowledge/snapshot.hpp"

namespace steward::router {

/// What earlier turns of the same conversation established.
struct Context {
  /// The unique_id of the node the conversation is about (from the previous
  /// answer's `Routed::focus`), so "what feeds it?" works as a follow-up.
  std::string focus;
  /// The team's knowledge base; null when none. Questions that name nothing
  /// in the project are answered from its best section when at least half of
  /// the question's terms occur there (intent `knowledge`).
  std::shared_ptr<const kb::Corpus> kb{};
  /// Ranks `kb`'s sections (hybrid when embeddings are configured); empty:
  /// `kb->search`.
  std::function<std::vector<kb::Hit>(std::string_view query, std::size_t limit)> kb_search{};
};

/// What the router answered.
///
/// `intent` is one of:
/// - `help`: what Steward understands;
/// - `describe`: what a node is (description, facts, columns);
/// - `owner`: who owns a node ("who owns X", from `meta.owner`, `owner` or its
///   group's owner), or what an owner or group owns ("what does finance own");
/// - `column`: one column of a node, or the columns of a node;
/// - `column_search`: which nodes have a column ("which models have customer_id");
/// - `lineage`, `upstream`, `downstream`: the node's lineage both ways or one way;
/// - `impact`: what a change to the node reaches;
/// - `path`: how one node reaches another ("how does X get to Y", "is X upstream of Y");
/// - `tests`: the tests on a node, or the models without tests;
/// - `failures`: the problems of the last dbt run, with their messages;
/// - `list`: every node of a kind ("list all sources", "what metrics do we have");
/// - `stats`: the project's size;
/// - `knowledge`: a knowledge-base section (business rules, definitions,
///   playbooks) for a question that names nothing in the project;
/// - `search`: ranked search hits, for explicit searches and for questions
///   that name no node (with a hint when the question was not understood);
/// - `unknown`: a button whose node or action no longer exists.
/// An answer that could not settle on a node ("did you mean", "which one?")
/// keeps the intent that was asked for and leaves `focus` empty.
struct Routed {
  answer::Answer answer;
  std::string intent;
  std::string focus; ///< unique_id the answer is about; empty when none
  /// Unique ids of the nodes the answer names, most relevant first: `focus`
  /// (when set), then the nodes listed (lineage, path steps, tests, failures,
  /// search hits, suggestions), without duplicates.
  std::vector<std::string> cited;
};

/// Answers `question`. Understands explicit commands (`help`, `describe X`,
/// `lineage X`, `upstream X`, `downstream X`, `impact X`, `search Q`,
/// `columns X`, `tests X`, `owner X`, `failures`, `stats`) and plain questions
/// ("what is fct_orders?", "where does orders.amount come from?", "what
/// breaks if I change stg_payments?", "how does stg_orders get to
/// fct_revenue?", "who owns dim_customers?", "which models have
/// customer_id?", "what failed last night and why?"). A question naming no
/// node uses `context.focus`. Unknown names get "did you mean" suggestions;
/// anything else gets the best search hits and a hint. Never fails: problems
/// are answers too.
Routed route(const knowledge::Snapshot& snapshot, std::string_view question, const Context& context = {});

/// Runs a navigation button: `action` is a `Button::action` the router put
/// on an answer (`steward.describe`, `steward.upstream`, `steward.downstream`,
/// `steward.impact`) and `value` its node unique_id.
Routed run_action(const knowledge::Snapshot& snapshot, std::string_view action, std::string_view value);

/// The help answer (what to ask, the slash command's subcommands).
answer::Answer help();

} // namespace steward::router

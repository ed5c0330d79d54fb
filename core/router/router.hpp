#pragma once

// The deterministic router: answers questions about the project from the
// knowledge snapshot alone, with no LLM. It is what Steward says when no LLM
// is configured, what the slash command's subcommands run, and what the
// terminal chat (`steward chat`) shows.

#include <string>
#include <string_view>

#include "core/answer/answer.hpp"
#include "core/knowledge/snapshot.hpp"

namespace steward::router {

/// What earlier turns of the same conversation established.
struct Context {
  /// The unique_id of the node the conversation is about (from the previous
  /// answer's `Routed::focus`), so "what feeds it?" works as a follow-up.
  std::string focus;
};

struct Routed {
  answer::Answer answer;
  std::string intent; ///< help, describe, column, lineage, upstream, downstream, impact, search, tests,
                      ///< failures, stats, unknown
  std::string focus;  ///< unique_id the answer is about; empty when none
};

/// Answers `question`. Understands explicit commands (`help`, `describe X`,
/// `lineage X`, `upstream X`, `downstream X`, `impact X`, `search Q`,
/// `columns X`, `tests X`, `failures`, `stats`) and plain questions ("what is
/// fct_orders?", "where does orders.amount come from?", "what breaks if I
/// change stg_payments?", "what failed last night?"). A question naming no
/// node uses `context.focus`. Unknown names get "did you mean" suggestions;
/// anything else gets the best search hits. Never fails: problems are
/// answers too.
Routed route(const knowledge::Snapshot& snapshot, std::string_view question, const Context& context = {});

/// Runs a navigation button: `action` is a `Button::action` the router put
/// on an answer (`steward.describe`, `steward.upstream`, `steward.downstream`,
/// `steward.impact`) and `value` its node unique_id.
Routed run_action(const knowledge::Snapshot& snapshot, std::string_view action, std::string_view value);

/// The help answer (what to ask, the slash command's subcommands).
answer::Answer help();

} // namespace steward::router

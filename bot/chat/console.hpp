#pragma once

#include <iosfwd>

#include "core/knowledge/snapshot.hpp"
#include "core/router/router.hpp"

namespace steward::bot {

class AgentService;

struct ConsoleOptions {
  bool interactive = false; ///< print a prompt and a greeting (stdin is a terminal)
  /// The agent to answer with (earlier questions and answers are its thread
  /// memory; progress notes print as `… note` lines). Null: the router.
  AgentService* agent = nullptr;
  /// The router's knowledge base (`AgentRuntime::router_context`): `kb` and
  /// `kb_search` are used, `focus` is the console's own.
  router::Context knowledge;
};

/// The terminal chat: the same answers the Slack daemon gives, one
/// question per line of `in`, each answer rendered as text on `out` (Block
/// Kit buttons become numbered choices: typing the number runs it). A
/// follow-up question naming no model is about the previous answer's model.
/// `quit`, `exit` or end of input ends it. Returns the number of questions
/// answered.
int run_console(const knowledge::Snapshot& snapshot, std::istream& in, std::ostream& out,
                const ConsoleOptions& options);

} // namespace steward::bot

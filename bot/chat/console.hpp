#pragma once

#include <iosfwd>

#include "core/knowledge/snapshot.hpp"

namespace steward::bot {

struct ConsoleOptions {
  bool interactive = false; ///< print a prompt and a greeting (stdin is a terminal)
};

/// The terminal chat: the same router the Slack daemon answers with, one
/// question per line of `in`, each answer rendered as text on `out` (Block
/// Kit buttons become numbered choices: typing the number runs it). A
/// follow-up question naming no model is about the previous answer's model.
/// `quit`, `exit` or end of input ends it. Returns the number of questions
/// answered.
int run_console(const knowledge::Snapshot& snapshot, std::istream& in, std::ostream& out,
                const ConsoleOptions& options);

} // namespace steward::bot

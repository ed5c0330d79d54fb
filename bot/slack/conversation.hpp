#pragma once

#include <string>

#include "bot/slack/worker.hpp"
#include "core/router/router.hpp"

namespace steward::bot {

/// A question to answer in a Slack thread.
struct ThreadQuestion {
  chat::Destination where; ///< `thread` is the thread to answer in
  std::string user;
  std::string text;
  std::string message; ///< the question's own message ts; empty when it has none (slash command)
};

/// Answers `question` in its thread, idempotently (see worker.hpp): records
/// the user's turn once, reuses the placeholder an earlier attempt of `job`
/// posted, routes the question with the thread's focus, replaces the
/// placeholder with the answer and records the answer's turn.
Result<void> answer_in_thread(const ThreadQuestion& question, const store::Job& job, SlackWorkerDeps& deps);

/// The node an earlier question in `turns` was about (newest first), for follow-ups.
std::string thread_focus(const knowledge::Snapshot& snapshot, const std::vector<store::Turn>& turns);

/// The snapshot to answer from, or the answer explaining why there is none.
std::shared_ptr<const knowledge::Snapshot> current_snapshot(SlackWorkerDeps& deps,
                                                            answer::Answer& unavailable);

} // namespace steward::bot

#pragma once

// Feedback that sticks: ratings and corrections on answers become lessons
// (store::Lessons) that later questions are given (core/agent/lessons.hpp).
// - 👍 (reaction or Helpful button) on an answer: an example lesson (the
//   question, the answer, the models it names); removing the 👍 retracts it.
// - 👎 followed by a reply in the thread from the same person, or the text of
//   the "Not helpful" form: a correction lesson.

#include <string>
#include <string_view>
#include <vector>

#include "bot/slack/worker.hpp"
#include "core/agent/loop.hpp"

namespace steward::bot {

/// Records what rating `value` ("+1", "-1", "removed:+1", ...) by `user` on
/// `answer` teaches. Other values teach nothing.
Result<void> learn_from_rating(const store::Turn& answer, std::string_view user, std::string_view value,
                               SlackWorkerDeps& deps);

/// When `user`'s newest rating of the newest answer in `turns` is 👎 and no
/// correction by them follows it, records `text` as a correction of that
/// answer and returns true; otherwise false (the message is not a correction).
Result<bool> learn_correction(const std::vector<store::Turn>& turns, std::string_view user,
                              std::string_view text, SlackWorkerDeps& deps);

/// Records `text` as a correction of `answer` by `user` (the feedback form).
Result<void> add_correction(const store::Turn& answer, std::string_view user, std::string_view text,
                            SlackWorkerDeps& deps);

/// The lessons relevant to `question` (at most 4); none when the store fails.
std::vector<agent::Lesson> lessons_for(std::string_view question, SlackWorkerDeps& deps);

} // namespace steward::bot

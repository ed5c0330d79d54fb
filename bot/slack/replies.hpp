#pragma once

// The small fixed messages of Steward's Slack conversation: acks, the
// placeholder, feedback buttons and the feedback modal. Kept in one place so
// ingress (which must answer within 3 s) and workers agree on them.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/answer/answer.hpp"
#include "core/slack/inbound.hpp"

namespace steward::bot {

/// Callback id of the "what was wrong?" modal and its input's ids.
inline constexpr const char* k_feedback_view = "steward.feedback_comment";
inline constexpr const char* k_feedback_block = "comment";
inline constexpr const char* k_feedback_input = "comment";

/// The ack body for work that needs no job: the slash command's `help` (an
/// ephemeral help message), or a feedback modal submitted empty (a
/// `response_action: errors`). Nothing: persist the work as a job.
std::optional<std::string> immediate_reply(const slack::Work& work);

/// The ack body once the work is persisted: an ephemeral "working on it" for
/// slash commands, empty otherwise.
std::string acknowledgement(const slack::Work& work);

/// The slash command's subcommand and the rest (`lineage fct_orders` →
/// {"lineage", "fct_orders"}); an unknown first word means `ask`.
std::pair<std::string, std::string> split_subcommand(const std::string& text);

/// The message posted at once while an answer is being prepared.
answer::Answer placeholder();

/// `answer` with 👍/👎 feedback buttons appended.
answer::Answer with_feedback(answer::Answer answer);

/// A short reply (an error or a refusal) as an answer.
answer::Answer notice(std::string text);

/// The modal asking what was wrong with answer `turn`.
nlohmann::json feedback_view(std::int64_t turn, const std::string& channel, const std::string& message_ts);

/// Maps a reaction name to feedback: `+1`/`thumbsup` → "+1", `-1`/`thumbsdown` → "-1", others unchanged.
std::string reaction_value(const std::string& reaction);

} // namespace steward::bot

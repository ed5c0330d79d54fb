#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/answer/answer.hpp"

namespace steward::answer {

/// Slack's Block Kit limits the renderer keeps to (reference: slack-teams.md §5).
struct BlockKitLimits {
  std::size_t blocks_per_message = 50;
  std::size_t section_text = 3000;
  std::size_t header_text = 150;
  std::size_t fields_per_section = 10;
  std::size_t field_text = 2000;
  std::size_t buttons_per_actions = 25;
  std::size_t button_text = 75;
  std::size_t button_value = 2000;
  std::size_t message_text = 11000; ///< all block text of one message (msg_blocks_too_long at ~13.2k)
  std::size_t fallback_text = 3000; ///< top-level `text`
};

/// One Slack message: `{"text": fallback, "blocks": [...]}`.
using SlackMessage = nlohmann::json;

/// Renders `answer` as one or more Slack messages, each within `limits`.
/// Long paragraphs and code are split at line (else UTF-8 character)
/// boundaries, never inside a multi-byte character; code stays fenced in
/// every piece. Markup becomes mrkdwn (`**b**` → `*b*`, `[l](u)` → `<u|l>`)
/// and `&`, `<`, `>` in text are escaped. Buttons carry `action_id` =
/// `Button::action` and a unique `block_id`/`action_id` suffix where Slack
/// needs uniqueness. Never returns an empty vector; an empty answer renders
/// as one message holding `summary` (or "(no answer)").
std::vector<SlackMessage> render_block_kit(const Answer& answer, const BlockKitLimits& limits = {});

/// Converts inline markup to Slack mrkdwn, escaping `&`, `<` and `>`.
std::string to_mrkdwn(const std::string& markdown);

} // namespace steward::answer

#pragma once

#include <string>
#include <string_view>
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
/// Long paragraphs and code are split at paragraph, then line, then space,
/// else UTF-8 character boundaries, never inside a multi-byte character and,
/// where possible, never inside a code span or link; code stays fenced in
/// every piece. Markup becomes mrkdwn (`**b**` → `*b*`, `[l](u)` → `<u|l>`)
/// and `&`, `<`, `>` in text are escaped. Text limits are counted in bytes
/// (never fewer than Slack's characters), so non-ASCII text splits earlier
/// than strictly needed but never too late.
///
/// Buttons carry `action_id` = `Button::action`; the n-th button (n ≥ 2) with
/// the same action in one message gets `action_id` = `<action>#<n>`, because
/// Slack needs action ids unique within a message. `action_of` strips the
/// suffix again. Blocks carry no `block_id` (Slack assigns them).
///
/// A new message starts when the next block would pass
/// `blocks_per_message` or the `message_text` budget. Every message has a
/// top-level `text` fallback: `summary` (else the first header, else "(no
/// answer)"), escaped and cut to `fallback_text`; messages after the first
/// say "(continued) " before it. Never returns an empty vector; an answer
/// with no renderable block renders as one message holding `summary` (or
/// "(no answer)") in a section.
std::vector<SlackMessage> render_block_kit(const Answer& answer, const BlockKitLimits& limits = {});

/// The `Button::action` behind a rendered `action_id`: `action_id` without a
/// trailing `#<digits>` uniqueness suffix.
std::string_view action_of(std::string_view action_id);

/// Converts inline markup to Slack mrkdwn, escaping `&`, `<` and `>`.
std::string to_mrkdwn(const std::string& markdown);

} // namespace steward::answer

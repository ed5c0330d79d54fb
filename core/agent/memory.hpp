#pragma once

// Thread memory: the earlier turns of a conversation, fitted to a token
// budget for the next model call.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/ports/llm.hpp"

namespace steward::agent {

/// An earlier turn of the thread.
struct HistoryTurn {
  bool from_user = true;
  std::string text;
};

/// Estimated tokens of `text` for budgeting: one per 4 bytes, rounded up
/// (providers report the real counts afterwards; this only has to be close
/// and never zero for non-empty text).
std::int64_t estimate_tokens(std::string_view text);

/// The messages that carry `history` to the model within `budget` tokens.
///
/// Whole turns are kept from the newest backwards while they fit; a turn is
/// never cut mid-message. Older turns that do not fit are summarised in one
/// note at the start ("Earlier in this thread (3 turns not shown), the user
/// asked: “…”; “…”."), each question cut at a word boundary with `…` and the
/// note itself kept within a quarter of the budget (questions dropped, oldest
/// first, when it would not fit). The result alternates user/assistant and
/// starts with a user message (consecutive turns of one side are joined; a
/// leading assistant turn follows the note or a "(earlier answer)" user line).
std::vector<llm::Message> history_messages(const std::vector<HistoryTurn>& history, std::int64_t budget);

} // namespace steward::agent

#pragma once

// What the model is told before the question: the system prompt (rules,
// project instructions, lessons from feedback) and the retrieved context.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/agent/tool.hpp"

namespace steward::agent {

struct Lesson;

/// The system prompt: answer only from tool results, name models and columns
/// exactly as they exist (in `code`), cite the models used, say when it does
/// not know, keep it short, Slack-friendly Markdown; then the project's name
/// and adapter, `instructions` (under "Project instructions"), and `lessons`
/// (helpful earlier answers as examples; corrections people made).
std::string system_prompt(const knowledge::Snapshot& snapshot, std::string_view instructions,
                          const std::vector<Lesson>& lessons);

/// Compact summaries of the top search hits for `question` (name, type,
/// unique_id, first line of the description, a few column names), and the
/// titles of the best knowledge-base sections, within `budget` tokens. Empty
/// when nothing matches.
std::string retrieved_context(const ToolEnv& env, std::string_view question, std::int64_t budget);

/// The first user message: the question, then the retrieved context.
std::string first_message(std::string_view question, std::string_view context);

/// `text` cut to `budget` tokens with the marker
/// `[truncated: showed about N of M tokens; ask for less: ...]`; unchanged
/// when it fits. Never splits a UTF-8 character. Sets `truncated`.
std::string truncate_output(std::string_view text, std::int64_t budget, bool& truncated);

} // namespace steward::agent

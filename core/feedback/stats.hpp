#pragma once

// What feedback says about Steward's answers: how many were rated and how,
// which questions keep getting 👎, and the corrections people wrote. Shown by
// `steward feedback stats` and `/steward feedback`.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/answer/answer.hpp"
#include "core/ports/store.hpp"

namespace steward::feedback {

/// A question whose answers were marked not helpful.
struct FailingQuestion {
  std::string question;         ///< as first asked
  std::int64_t not_helpful = 0; ///< 👎 over every answer to it
  std::int64_t helpful = 0;
  std::int64_t answers = 0; ///< rated answers to it
  std::vector<std::string> comments;
};

struct Stats {
  std::int64_t answers = 0;               ///< answers given
  std::int64_t rated = 0;                 ///< answers with any rating
  std::int64_t helpful = 0;               ///< 👍 ratings
  std::int64_t not_helpful = 0;           ///< 👎 ratings
  std::vector<FailingQuestion> failing;   ///< most 👎 first
  std::vector<store::Lesson> corrections; ///< newest first
  std::int64_t examples = 0;              ///< 👍 answers kept as examples
};

/// Summarises. Questions are grouped case- and punctuation-insensitively; a
/// question is failing when its answers got more 👎 than 👍. At most `top`
/// failing questions and `top` corrections are kept.
Stats summarise(std::int64_t answers, const std::vector<store::RatedAnswer>& rated,
                const std::vector<store::Lesson>& lessons, std::size_t top);

/// Reads what `summarise` needs from `lessons` (the answer count, the 500
/// most recently rated answers, the lessons) and summarises it.
Result<Stats> collect(store::Lessons& lessons, std::size_t top);

/// The stats as an answer (for chat and the terminal).
answer::Answer render(const Stats& stats);

/// The stats as JSON: {"answers", "rated", "helpful", "not_helpful",
/// "helpful_rate" (null when nothing was rated), "examples", "failing":
/// [{"question", "not_helpful", "helpful", "answers", "comments"}],
/// "corrections": [{"question", "text", "user", "answer", "created_at_ms"}]}.
nlohmann::ordered_json to_json(const Stats& stats);

} // namespace steward::feedback

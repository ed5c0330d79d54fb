#pragma once

// Picking what feedback taught (store lessons) for a new question: helpful
// earlier answers to similar questions become examples in the prompt, and
// corrections about related things become notes the model must respect.

#include <cstddef>
#include <string_view>
#include <vector>

#include "core/agent/loop.hpp"
#include "core/ports/store.hpp"

namespace steward::agent {

/// Up to `limit` lessons relevant to `question`, most relevant first.
///
/// Relevance is term overlap with the dbt-aware tokenizer of core/search
/// (`fct_orders` matches "fct orders", plurals fold): an example needs at
/// least half of the question's terms (and at least one) in its question; a
/// correction needs a shared term with its question or its text, so "revenue
/// excludes refunds" reaches every later revenue question. Ties go to the
/// newer lesson. `models` JSON that does not parse is ignored.
std::vector<Lesson> relevant_lessons(const std::vector<store::Lesson>& lessons, std::string_view question,
                                     std::size_t limit);

} // namespace steward::agent

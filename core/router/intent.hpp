#pragma once

// Private to the router: turning a question into an intent and its subject.

#include <string>
#include <string_view>

namespace steward::router::detail {

enum class Intent {
  help,
  describe,
  column,
  columns,
  lineage,
  upstream,
  downstream,
  impact,
  search,
  tests,
  failures,
  stats,
};

/// The name `Routed::intent` reports (`columns` reports as `column`).
std::string_view intent_name(Intent intent);

/// What a question asks. `subject` is the node (or search query) named, as
/// typed, with backticks, quotes, articles and trailing punctuation removed;
/// `column` is set for "column C in X" phrasings. A question no phrasing
/// matches is a `search` for the whole (cleaned) question, `matched` false.
struct Parsed {
  Intent intent = Intent::search;
  std::string subject;
  std::string column;
  bool matched = false;
};

/// Parses `question` with a table of phrasings, first match wins. Matching
/// ignores case, punctuation around words and extra spaces.
Parsed parse(std::string_view question);

/// True when `subject` refers back to the conversation's focus ("", "it",
/// "this", "that one", ...).
bool is_pronoun(std::string_view subject);

} // namespace steward::router::detail

#pragma once

// Private to the router: turning a question into an intent and its subject.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace steward::router::detail {

enum class Intent : std::uint8_t {
  help,
  describe,
  owner,
  owned_by,
  column,
  columns,
  column_search,
  lineage,
  upstream,
  downstream,
  impact,
  path,
  search,
  tests,
  untested,
  list_nodes,
  failures,
  stats,
};

/// The name `Routed::intent` reports (`columns` reports as `column`,
/// `owned_by` as `owner`, `untested` as `tests`, `list_nodes` as `list`).
std::string_view intent_name(Intent intent);

/// What a question asks. `subject` is the node (or search query) named, as
/// typed, with backticks, quotes, articles and trailing punctuation removed;
/// `column` is set for "column C in X" phrasings. For `path`, `subject` is the
/// upstream end and `target` the downstream end as the question puts them,
/// and `yes_no` tells "is X upstream of Y?" from "how does X get to Y?". A
/// question no phrasing matches is a `search` for the whole (cleaned)
/// question, `matched` false.
struct Parsed {
  Intent intent = Intent::search;
  std::string subject;
  std::string column;
  std::string target;
  /// A kind word typed with the subject ("the orders *source*"), lower-case,
  /// for telling apart nodes that share a name; `target_kind` for `target`.
  std::string kind;
  std::string target_kind;
  bool yes_no = false;
  bool reversed = false; ///< a `path` question named `target` first ("does Y depend on X")
  bool matched = false;
};

/// Whether a node of `type` fits the kind word `kind` ("source", "view",
/// "dashboard", ...); every type fits an empty or unknown kind word.
bool fits_kind(std::string_view kind, std::string_view type);

/// Parses `question` with a table of phrasings, first match wins. Matching
/// ignores case, punctuation around words and extra spaces.
Parsed parse(std::string_view question);

/// True when `subject` refers back to the conversation's focus ("", "it",
/// "this", "that one", ...).
bool is_pronoun(std::string_view subject);

/// One way of asking: lower-case words where `{}` captures zero or more words
/// (exactly one when the pattern starts with it: "fct_orders columns").
struct Phrasing {
  Intent intent;
  std::string_view pattern;
  std::uint8_t flags = 0; ///< `k_reversed` and `k_yes_no`, for `path` phrasings
};

/// A `path` phrasing naming the downstream end first ("does Y depend on X").
inline constexpr std::uint8_t k_reversed = 1;
/// A `path` phrasing asked as a yes/no question ("is X upstream of Y").
inline constexpr std::uint8_t k_yes_no = 2;

/// The phrasing table (phrasings.cpp), ordered: the first phrasing that
/// matches wins, so specific phrasings come before general ones.
std::span<const Phrasing> phrasings();

} // namespace steward::router::detail

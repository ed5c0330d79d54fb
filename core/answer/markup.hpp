#pragma once

// The inline-markup scanner every renderer shares. It splits the answer
// model's small CommonMark subset (see core/answer/answer.hpp) into spans;
// each renderer then turns spans into its own syntax.

#include <string>
#include <string_view>
#include <vector>

namespace steward::answer::markup {

enum class SpanKind { text, bold, italic, code, link };

/// One piece of scanned markup. For `text`, `text` is literal text (line
/// breaks included); for `bold` and `italic`, `text` is the inner markup
/// (scan it again for nested spans); for `code`, `text` is the code; for
/// `link`, `text` is the label and `url` the target. Views point into the
/// scanned string.
struct Span {
  SpanKind kind = SpanKind::text;
  std::string_view text;
  std::string_view url;
};

/// Splits `markdown` into spans, in order. Recognised: `**bold**`,
/// `_italic_` (only at word boundaries, so `fct_orders` stays literal),
/// `` `code` `` and `[label](url)` (url without spaces). A marker with no
/// closing partner is literal text. Adjacent literal text forms one span.
std::vector<Span> scan(std::string_view markdown);

/// `markdown` with markup removed: `**b**` → `b`, `_i_` → `i`, `` `c` `` →
/// `c`, `[l](u)` → `l (u)` (just `u` when the label is empty or equals it).
std::string to_plain(std::string_view markdown);

/// Escapes `&`, `<` and `>` as `&amp;`, `&lt;` and `&gt;` (Slack's rule).
std::string escape_slack(std::string_view text);

/// The length of the user or user-group mention (`<@U123ABC>`,
/// `<!subteam^S123ABC>`) starting at `at` in
/// `text`, or 0 when there is none.
std::size_t mention_length(std::string_view text, std::size_t at);

/// `escape_slack`, except that user mentions (`<@U123ABC>`) stay as they are.
std::string escape_slack_text(std::string_view text);

/// Length in bytes of the UTF-8 character starting with byte `lead`: 1 for
/// ASCII and for stray continuation or invalid bytes, else 2 to 4.
std::size_t utf8_length(unsigned char lead);

/// The longest prefix of `text` of at most `max_bytes` bytes that ends on a
/// UTF-8 character boundary.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

/// `text` cut to at most `max_bytes` bytes on a character boundary, ending in
/// "…" when anything was cut (the ellipsis counts towards `max_bytes`).
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

/// Number of UTF-8 characters (code points) in `text`.
std::size_t utf8_count(std::string_view text);

} // namespace steward::answer::markup

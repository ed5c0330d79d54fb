#pragma once

// Internal to the source-tree parser: the tokenizer shared by the Jinja
// scanner and the expression evaluator.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace steward::dbt::source {

enum class TokenKind : std::uint8_t {
  name,   ///< identifier or keyword (`ref`, `and`, `True`)
  string, ///< quoted literal; `value` holds it unescaped
  number,
  lparen,
  rparen,
  lbracket,
  rbracket,
  lbrace,
  rbrace,
  comma,
  colon,
  dot,
  pipe,
  assign, ///< a single `=`
  op,     ///< any other operator: `==`, `~`, `+`, `<=`, ...
};

struct Token {
  TokenKind kind = TokenKind::op;
  std::uint32_t begin = 0; ///< byte offsets into the scanned text
  std::uint32_t end = 0;
  std::string value; ///< unescaped text of a string literal
};

/// How `#` is read: Python comments run to the end of the line and strings may
/// be triple-quoted; Jinja has neither.
enum class Dialect : std::uint8_t { jinja, python };

/// Tokenizes `text` from `pos` up to the end of a Jinja tag (`}}`, `%}`, with
/// optional `-`/`+` whitespace control) or, with `stop_at_tag_end` false, to
/// the end of `text`. Appends to `out` and returns the offset just past the
/// closing delimiter (or `text.size()`). An unterminated string ends at the
/// end of `text`; bytes that start no token are skipped.
std::size_t tokenize(std::string_view text, std::size_t pos, bool stop_at_tag_end, Dialect dialect,
                     std::vector<Token>& out);

} // namespace steward::dbt::source

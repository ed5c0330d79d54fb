#pragma once

// Internal to the source-tree parser: the recursive-descent reader of the
// expressions inside one Jinja tag (or a whole Python file), used by
// `scan_template`.

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/dbt/source/jinja_lexer.hpp"
#include "core/dbt/source/jinja_scan.hpp"

namespace steward::dbt::source {

/// Token kinds at which `ExprParser::sequence` stops, as a bit set.
using Stops = unsigned;
constexpr Stops stop_bit(TokenKind kind) {
  return 1U << static_cast<unsigned>(kind);
}
constexpr Stops k_arg_stops = stop_bit(TokenKind::comma) | stop_bit(TokenKind::rparen);
constexpr Stops k_list_stops = stop_bit(TokenKind::comma) | stop_bit(TokenKind::rbracket);
constexpr Stops k_key_stops =
    stop_bit(TokenKind::colon) | stop_bit(TokenKind::comma) | stop_bit(TokenKind::rbrace);
constexpr Stops k_value_stops = stop_bit(TokenKind::comma) | stop_bit(TokenKind::rbrace);

/// Reads the tokens of one tag, recording every call it meets into
/// `Template::calls` and returning a summary `Expr` of each expression.
/// Tolerant: stray tokens are skipped, and nesting deeper than 200 levels is
/// read flat, so no input makes it recurse without bound.
class ExprParser {
public:
  ExprParser(std::string_view text, const std::vector<Token>& tokens, std::size_t first, Template& out)
      : m_text(text), m_tokens(tokens), m_pos(first), m_out(out) {}

  [[nodiscard]] bool at_end() const { return m_pos >= m_tokens.size(); }
  [[nodiscard]] std::size_t pos() const { return m_pos; }
  [[nodiscard]] const Token& token(std::size_t ahead = 0) const { return m_tokens[m_pos + ahead]; }
  [[nodiscard]] bool has(std::size_t ahead) const { return m_pos + ahead < m_tokens.size(); }
  [[nodiscard]] bool is(TokenKind kind, std::size_t ahead = 0) const {
    return has(ahead) && token(ahead).kind == kind;
  }
  [[nodiscard]] bool is_name(std::string_view name, std::size_t ahead = 0) const {
    return is(TokenKind::name, ahead) && text_of(token(ahead)) == name;
  }
  [[nodiscard]] std::string_view text_of(const Token& t) const {
    return m_text.substr(t.begin, t.end - t.begin);
  }
  void advance() {
    if (m_pos < m_tokens.size()) {
      ++m_pos;
    }
  }
  /// End offset of the last token consumed, or `fallback` before any.
  [[nodiscard]] std::uint32_t prev_end(std::uint32_t fallback) const {
    return m_pos > 0 && m_pos <= m_tokens.size() ? m_tokens[m_pos - 1].end : fallback;
  }

  /// Everything up to the end of the tag.
  void rest();

  /// A run of operands and operators up to a token in `stops`.
  Expr sequence(Stops stops);

  /// `NAME(params)` of a macro or test tag, starting at NAME.
  void signature(Block& block);

private:
  struct Guard {
    explicit Guard(ExprParser& p) : m_parser(p) { ++m_parser.m_depth; }
    ~Guard() { --m_parser.m_depth; }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    Guard(Guard&&) = delete;
    Guard& operator=(Guard&&) = delete;
    ExprParser& m_parser;
  };

  [[nodiscard]] std::uint32_t end_offset() const { return m_tokens.empty() ? 0 : m_tokens.back().end; }

  Expr bail();

  /// After `|`: a filter name with optional arguments.
  void filter();

  /// A primary followed by attribute access, subscripts and calls.
  Expr postfix();

  Expr primary();

  Expr name();

  /// `(...)` or `[...]`, starting at the opener: one parenthesized value or a
  /// tuple/list of items.
  Expr group(TokenKind closer, Stops stops);

  Expr dict();

  /// The arguments of a call whose `(` was just consumed.
  Expr call(std::string callee, std::int32_t target, std::uint32_t offset, bool is_filter);

  std::string_view m_text;
  const std::vector<Token>& m_tokens;
  std::size_t m_pos;
  Template& m_out;
  int m_depth = 0;
};

} // namespace steward::dbt::source

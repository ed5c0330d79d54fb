#include "core/dbt/source/jinja_lexer.hpp"

namespace steward::dbt::source {
namespace {

bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_name_char(char c) {
  return is_name_start(c) || is_digit(c);
}

/// True when `text[pos]` starts the closing delimiter of a tag: `%}` always,
/// `}}` only outside braces (so `{{ {'a': {'b': 1}} }}` reads as Jinja does).
bool at_tag_end(std::string_view text, std::size_t pos, int brace_depth, std::size_t& after) {
  std::size_t i = pos;
  if ((text[i] == '-' || text[i] == '+') && i + 2 < text.size() && text[i + 2] == '}' &&
      (text[i + 1] == '}' || text[i + 1] == '%')) {
    ++i;
  }
  if (i + 1 < text.size() && text[i + 1] == '}' && (text[i] == '%' || (text[i] == '}' && brace_depth <= 0))) {
    after = i + 2;
    return true;
  }
  return false;
}

char unescape(char c) {
  switch (c) {
  case 'n': return '\n';
  case 't': return '\t';
  case 'r': return '\r';
  default: return c;
  }
}

/// Reads a string literal starting at the quote at `pos`; returns the offset
/// after it.
std::size_t read_string(std::string_view text, std::size_t pos, Dialect dialect, std::string& value) {
  char quote = text[pos];
  bool triple = dialect == Dialect::python && text.substr(pos, 3) == std::string(3, quote);
  std::size_t i = pos + (triple ? 3 : 1);
  while (i < text.size()) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      value.push_back(unescape(text[i + 1]));
      i += 2;
      continue;
    }
    if (c == quote && (!triple || text.substr(i, 3) == std::string(3, quote))) {
      return i + (triple ? 3 : 1);
    }
    value.push_back(c);
    ++i;
  }
  return i;
}

TokenKind punct_kind(char c) {
  switch (c) {
  case '(': return TokenKind::lparen;
  case ')': return TokenKind::rparen;
  case '[': return TokenKind::lbracket;
  case ']': return TokenKind::rbracket;
  case '{': return TokenKind::lbrace;
  case '}': return TokenKind::rbrace;
  case ',': return TokenKind::comma;
  case ':': return TokenKind::colon;
  case '.': return TokenKind::dot;
  case '|': return TokenKind::pipe;
  default: return TokenKind::op;
  }
}

} // namespace

std::size_t tokenize(std::string_view text, std::size_t pos, bool stop_at_tag_end, Dialect dialect,
                     std::vector<Token>& out) {
  std::size_t i = pos;
  int brace_depth = 0;
  while (i < text.size()) {
    char c = text[i];
    std::size_t after = 0;
    if (stop_at_tag_end && at_tag_end(text, i, brace_depth, after)) {
      return after;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    if (dialect == Dialect::python && c == '#') {
      while (i < text.size() && text[i] != '\n') {
        ++i;
      }
      continue;
    }
    Token token;
    token.begin = static_cast<std::uint32_t>(i);
    if (is_name_start(c)) {
      while (i < text.size() && is_name_char(text[i])) {
        ++i;
      }
      token.kind = TokenKind::name;
    } else if (is_digit(c)) {
      while (i < text.size() && (is_name_char(text[i]) || text[i] == '.') &&
             !(text[i] == '.' && i + 1 < text.size() && !is_digit(text[i + 1]))) {
        ++i;
      }
      token.kind = TokenKind::number;
    } else if (c == '\'' || c == '"') {
      i = read_string(text, i, dialect, token.value);
      token.kind = TokenKind::string;
    } else if (c == '=' && !(i + 1 < text.size() && text[i + 1] == '=')) {
      token.kind = TokenKind::assign;
      ++i;
    } else {
      token.kind = punct_kind(c);
      ++i;
      bool two_chars =
          i < text.size() && ((token.kind == TokenKind::op && text[i] == '=') || // `==`, `<=`, `+=`
                              (c == '*' && text[i] == '*'));                     // `**`
      if (two_chars) {
        ++i;
      }
    }
    if (token.kind == TokenKind::lbrace) {
      ++brace_depth;
    } else if (token.kind == TokenKind::rbrace) {
      --brace_depth;
    }
    token.end = static_cast<std::uint32_t>(i);
    out.push_back(std::move(token));
  }
  return text.size();
}

} // namespace steward::dbt::source

#include "core/fix/sql_scan.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace steward::fix::sql {
namespace {

using Kind = Token::Kind;

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

/// The end of a construct opened at `at` that closes with `close` (the
/// whole rest of the text when it never closes).
std::size_t until(std::string_view sql, std::size_t at, std::string_view close) {
  std::size_t found = sql.find(close, at);
  return found == std::string_view::npos ? sql.size() : found + close.size();
}

std::size_t quoted_end(std::string_view sql, std::size_t at) {
  char q = sql[at];
  for (std::size_t i = at + 1; i < sql.size(); ++i) {
    if (sql[i] == q) {
      if (i + 1 < sql.size() && sql[i + 1] == q) {
        ++i;
        continue;
      }
      return i + 1;
    }
  }
  return sql.size();
}

Token next_token(std::string_view sql, std::size_t at) {
  char c = sql[at];
  char n = at + 1 < sql.size() ? sql[at + 1] : '\0';
  if (c == '{' && (n == '{' || n == '%' || n == '#')) {
    std::string_view close = n == '{' ? "}}" : (n == '%' ? "%}" : "#}");
    return {n == '{' ? Kind::jinja_expression : Kind::jinja_statement, at, until(sql, at + 2, close)};
  }
  if (c == '-' && n == '-') {
    std::size_t end = sql.find('\n', at);
    return {Kind::comment, at, end == std::string_view::npos ? sql.size() : end};
  }
  if (c == '/' && n == '*') {
    return {Kind::comment, at, until(sql, at + 2, "*/")};
  }
  if (c == '\'') {
    return {Kind::string, at, quoted_end(sql, at)};
  }
  if (c == '"' || c == '`') {
    return {Kind::quoted_name, at, quoted_end(sql, at)};
  }
  if (std::isspace(static_cast<unsigned char>(c)) != 0) {
    std::size_t end = at;
    for (; end < sql.size() && std::isspace(static_cast<unsigned char>(sql[end])) != 0; ++end) {
    }
    return {Kind::space, at, end};
  }
  if (word_char(c)) {
    std::size_t end = at;
    for (; end < sql.size() && word_char(sql[end]); ++end) {
    }
    return {Kind::word, at, end};
  }
  return {Kind::punct, at, at + 1};
}

bool ends_select_list(std::string_view sql, const Token& t) {
  static const std::array<std::string_view, 12> k_words = {"from",   "where",   "group",  "order",
                                                           "limit",  "union",   "except", "intersect",
                                                           "having", "qualify", "window", "into"};
  return t.kind == Kind::word &&
         std::any_of(k_words.begin(), k_words.end(), [&](std::string_view w) { return is_word(sql, t, w); });
}

/// The items of the select list starting after token `start` (a `select`).
void read_list(std::string_view sql, const std::vector<Token>& tokens, std::size_t start,
               std::vector<SelectItem>& out) {
  int depth = 0;
  std::size_t item_start = start + 1;
  std::size_t i = start + 1;
  for (; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    char c = t.kind == Kind::punct ? sql[t.begin] : '\0';
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth < 0) {
        break;
      }
    } else if (depth == 0 && (c == ';' || ends_select_list(sql, t))) {
      break;
    } else if (depth == 0 && c == ',') {
      out.push_back({item_start, i});
      item_start = i + 1;
    }
  }
  out.push_back({item_start, i});
}

} // namespace

bool is_word(std::string_view sql, const Token& t, std::string_view word) {
  std::string_view text = sql.substr(t.begin, t.end - t.begin);
  return t.kind == Kind::word && text.size() == word.size() &&
         std::equal(text.begin(), text.end(), word.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

std::string_view unquoted(std::string_view sql, const Token& t) {
  std::string_view text = sql.substr(t.begin, t.end - t.begin);
  if (t.kind == Kind::quoted_name && text.size() >= 2) {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

std::vector<Token> tokenize(std::string_view sql) {
  std::vector<Token> tokens;
  for (std::size_t at = 0; at < sql.size();) {
    Token t = next_token(sql, at);
    tokens.push_back(t);
    at = t.end;
  }
  return tokens;
}

std::vector<SelectItem> select_items(std::string_view sql, const std::vector<Token>& tokens) {
  std::vector<SelectItem> items;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (is_word(sql, tokens[i], "select")) {
      read_list(sql, tokens, i, items);
    }
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const SelectItem& a, const SelectItem& b) { return a.first < b.first; });
  return items;
}

} // namespace steward::fix::sql

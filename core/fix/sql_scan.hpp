#pragma once

// Internal to core/fix: a tolerant tokenizer for dbt model SQL (SQL with
// Jinja), enough to find select lists and their items.

#include <cstddef>
#include <string_view>
#include <vector>

namespace steward::fix::sql {

struct Token {
  enum class Kind { word, quoted_name, string, punct, space, comment, jinja_statement, jinja_expression };
  Kind kind = Kind::space;
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// The tokens of `sql`; never fails (an unclosed string or block runs to the end).
std::vector<Token> tokenize(std::string_view sql);

/// One item of a select list: tokens `[first, last)` of the list.
struct SelectItem {
  std::size_t first = 0;
  std::size_t last = 0;
};

/// The items of every select list in `sql`, in the order they appear.
std::vector<SelectItem> select_items(std::string_view sql, const std::vector<Token>& tokens);

/// Whether token `t` is the word `word`, ignoring case.
bool is_word(std::string_view sql, const Token& t, std::string_view word);

/// A name as written (`status`, `"Status"`) without its quotes.
std::string_view unquoted(std::string_view sql, const Token& t);

} // namespace steward::fix::sql

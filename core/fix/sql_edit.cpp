#include "core/fix/sql_edit.hpp"

#include <cctype>

#include "core/fix/sql_scan.hpp"

namespace steward::fix::sql {
namespace {

using Kind = Token::Kind;

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool is_name(const Token& t) {
  return t.kind == Kind::word || t.kind == Kind::quoted_name;
}

/// The span of the expression of an item that outputs `column`.
struct Found {
  std::size_t begin = 0;
  std::size_t end = 0; ///< end of the expression
  std::string alias{}; ///< the output name to add when the item has no `as`
};

std::optional<Found> match(std::string_view sql, const std::vector<Token>& tokens, const SelectItem& item,
                           std::string_view column) {
  std::vector<const Token*> sig;
  for (std::size_t i = item.first; i < item.last; ++i) {
    Kind k = tokens[i].kind;
    if (k != Kind::space && k != Kind::comment && k != Kind::jinja_statement) {
      sig.push_back(&tokens[i]);
    }
  }
  if (!sig.empty() && (is_word(sql, *sig.front(), "distinct") || is_word(sql, *sig.front(), "all"))) {
    sig.erase(sig.begin());
  }
  if (sig.empty() || !is_name(*sig.back()) || !same_name(unquoted(sql, *sig.back()), column)) {
    return std::nullopt;
  }
  std::size_t n = sig.size();
  if (n >= 3 && is_word(sql, *sig[n - 2], "as")) {
    return Found{sig.front()->begin, sig[n - 3]->end};
  }
  bool bare =
      n == 1 || (n == 3 && is_name(*sig[0]) && sql[sig[1]->begin] == '.' && sig[1]->kind == Kind::punct);
  if (bare) {
    std::string alias(sql.substr(sig.back()->begin, sig.back()->end - sig.back()->begin));
    return Found{sig.front()->begin, sig.back()->end, alias};
  }
  return std::nullopt;
}

std::optional<Found> find_last(std::string_view sql, std::string_view column) {
  std::vector<Token> tokens = tokenize(sql);
  std::optional<Found> last;
  for (const SelectItem& item : select_items(sql, tokens)) {
    if (auto found = match(sql, tokens, item, column)) {
      last = found;
    }
  }
  return last;
}

/// Where the model's body starts: after a leading `{{ config(...) }}` and
/// the blank lines that follow it.
std::size_t body_start(std::string_view sql) {
  std::size_t at = 0;
  while (true) {
    std::size_t i = at;
    for (; i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i])) != 0; ++i) {
    }
    if (sql.substr(i, 2) != "{{") {
      return at;
    }
    std::size_t j = i + 2;
    for (; j < sql.size() && (sql[j] == ' ' || sql[j] == '-' || sql[j] == '\n'); ++j) {
    }
    if (sql.substr(j, 7) != "config(") {
      return at;
    }
    std::size_t close = sql.find("}}", j);
    if (close == std::string_view::npos) {
      return at;
    }
    at = close + 2;
    for (; at < sql.size() && std::isspace(static_cast<unsigned char>(sql[at])) != 0; ++at) {
    }
  }
}

} // namespace

std::optional<std::string> rewrite_column(std::string_view sql, std::string_view column,
                                          const std::function<std::string(std::string_view expr)>& wrap) {
  std::optional<Found> found = find_last(sql, column);
  if (!found) {
    return std::nullopt;
  }
  std::string out(sql.substr(0, found->begin));
  out += wrap(sql.substr(found->begin, found->end - found->begin));
  if (!found->alias.empty()) {
    out += " as " + found->alias;
  }
  out += sql.substr(found->end);
  return out;
}

std::optional<std::string> column_expression(std::string_view sql, std::string_view column) {
  std::optional<Found> found = find_last(sql, column);
  if (!found) {
    return std::nullopt;
  }
  return std::string(sql.substr(found->begin, found->end - found->begin));
}

std::string dedupe(std::string_view sql, const Dedupe& how) {
  std::size_t start = body_start(sql);
  std::string_view body = sql.substr(start);
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back())) != 0) {
    body.remove_suffix(1);
  }
  std::string out(sql.substr(0, start));
  out += "with model_rows as (\n\n";
  out += body;
  out += "\n\n),\n\nnumbered_rows as (\n\n    select\n        *,\n        row_number() over (\n"
         "            partition by " +
         how.key + "\n            order by " + how.order_by +
         "\n        ) as dedupe_row_number\n    from model_rows\n\n)\n\nselect";
  if (how.columns.empty()) {
    out += " *";
  } else {
    for (std::size_t i = 0; i < how.columns.size(); ++i) {
      out += "\n    " + how.columns[i] + (i + 1 < how.columns.size() ? "," : "");
    }
  }
  out += "\nfrom numbered_rows\nwhere dedupe_row_number = 1\n";
  return out;
}

} // namespace steward::fix::sql

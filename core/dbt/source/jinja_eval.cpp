#include "core/dbt/source/jinja_eval.hpp"

#include <vector>

#include "core/dbt/source/jinja_lexer.hpp"
#include "core/util/text.hpp"

namespace steward::dbt::source {
namespace {

constexpr int k_max_depth = 100;

struct Value {
  enum class Kind : std::uint8_t { unknown, boolean, string, number, none, list };
  Kind kind = Kind::unknown;
  bool flag = false;
  std::string text;
  std::size_t size = 0;

  static Value boolean(bool b) { return {Kind::boolean, b, {}, 0}; }
  static Value string(std::string s) { return {Kind::string, false, std::move(s), 0}; }
};

Truth truth(const Value& v) {
  switch (v.kind) {
  case Value::Kind::boolean: return v.flag ? Truth::yes : Truth::no;
  case Value::Kind::string: return v.text.empty() ? Truth::no : Truth::yes;
  case Value::Kind::number:
    return (v.text.find_first_not_of("0.") == std::string::npos) ? Truth::no : Truth::yes;
  case Value::Kind::none: return Truth::no;
  case Value::Kind::list: return v.size == 0 ? Truth::no : Truth::yes;
  case Value::Kind::unknown: break;
  }
  return Truth::unknown;
}

Value from_truth(Truth t) {
  return t == Truth::unknown ? Value{} : Value::boolean(t == Truth::yes);
}

Value from_var(const VarValue& var) {
  switch (var.kind) {
  case VarValue::Kind::boolean: return Value::boolean(var.flag);
  case VarValue::Kind::string: return has_jinja(var.text) ? Value{} : Value::string(var.text);
  case VarValue::Kind::number: return {Value::Kind::number, false, var.text, 0};
  case VarValue::Kind::none: return {Value::Kind::none, false, {}, 0};
  case VarValue::Kind::list: return {Value::Kind::list, false, {}, var.size};
  default: return {};
  }
}

/// Precedence-climbing evaluator over one expression's tokens.
class Evaluator {
public:
  Evaluator(std::string_view text, const VarLookup& vars, bool missing_uses_default)
      : m_text(text), m_vars(vars), m_missing_uses_default(missing_uses_default) {
    tokenize(text, 0, false, Dialect::jinja, m_tokens);
  }

  /// The value of the whole text; unknown when tokens are left over.
  Value run() {
    Value v = ternary();
    return m_pos == m_tokens.size() ? v : Value{};
  }

private:
  [[nodiscard]] bool is(TokenKind kind) const {
    return m_pos < m_tokens.size() && m_tokens[m_pos].kind == kind;
  }
  [[nodiscard]] std::string_view word() const {
    return m_pos < m_tokens.size()
               ? m_text.substr(m_tokens[m_pos].begin, m_tokens[m_pos].end - m_tokens[m_pos].begin)
               : std::string_view();
  }
  [[nodiscard]] bool is_word(std::string_view w) const {
    return (is(TokenKind::name) || is(TokenKind::op)) && word() == w;
  }

  Value ternary() {
    Value then = or_expr();
    if (!is_word("if")) {
      return then;
    }
    ++m_pos;
    Value condition = or_expr();
    if (!is_word("else")) {
      return {};
    }
    ++m_pos;
    Value otherwise = ternary();
    switch (truth(condition)) {
    case Truth::yes: return then;
    case Truth::no: return otherwise;
    case Truth::unknown: break;
    }
    return {};
  }

  Value or_expr() {
    Value first = and_expr();
    if (!is_word("or")) {
      return first;
    }
    Truth result = truth(first);
    while (is_word("or")) {
      ++m_pos;
      Truth right = truth(and_expr());
      result = (result == Truth::yes || right == Truth::yes) ? Truth::yes
               : (result == Truth::no && right == Truth::no) ? Truth::no
                                                             : Truth::unknown;
    }
    return from_truth(result);
  }

  Value and_expr() {
    Value first = not_expr();
    if (!is_word("and")) {
      return first;
    }
    Truth result = truth(first);
    while (is_word("and")) {
      ++m_pos;
      Truth right = truth(not_expr());
      result = (result == Truth::no || right == Truth::no)     ? Truth::no
               : (result == Truth::yes && right == Truth::yes) ? Truth::yes
                                                               : Truth::unknown;
    }
    return from_truth(result);
  }

  Value not_expr() {
    if (!is_word("not")) {
      return comparison();
    }
    ++m_pos;
    if (++m_depth > k_max_depth) {
      m_pos = m_tokens.size();
      return {};
    }
    Truth inner = truth(not_expr());
    --m_depth;
    return from_truth(inner == Truth::unknown ? inner : (inner == Truth::yes ? Truth::no : Truth::yes));
  }

  Value comparison() {
    Value left = concat();
    while (is_word("==") || is_word("!=") || is_word("in") || is_word("is") || is_word("<") || is_word(">") ||
           is_word("<=") || is_word(">=")) {
      std::string op(word());
      ++m_pos;
      if (op == "is" && is_word("not")) {
        ++m_pos;
      }
      Value right = concat();
      left = (op == "==" || op == "!=") ? equals(left, right, op == "!=") : Value{};
    }
    return left;
  }

  static Value equals(const Value& a, const Value& b, bool negate) {
    if (a.kind == Value::Kind::unknown || b.kind == Value::Kind::unknown || a.kind == Value::Kind::list ||
        b.kind == Value::Kind::list) {
      return {};
    }
    bool same = a.kind == b.kind && a.flag == b.flag && a.text == b.text;
    return Value::boolean(same != negate);
  }

  Value concat() {
    Value left = filtered();
    while (is_word("~")) {
      ++m_pos;
      Value right = filtered();
      if (left.kind == Value::Kind::string && right.kind == Value::Kind::string) {
        left.text += right.text;
      } else {
        left = {};
      }
    }
    return left;
  }

  Value filtered() {
    Value v = primary();
    while (is(TokenKind::pipe)) {
      ++m_pos;
      std::string name(word());
      ++m_pos;
      if (is(TokenKind::lparen)) {
        skip_args();
        v = {};
        continue;
      }
      if ((name == "as_bool" || name == "bool") && v.kind == Value::Kind::string) {
        std::string lower = to_lower(trim(v.text));
        v = lower == "true" ? Value::boolean(true) : lower == "false" ? Value::boolean(false) : Value{};
      } else if (name != "as_bool" && name != "bool" && name != "string" && name != "as_text") {
        v = {};
      }
    }
    return v;
  }

  Value primary() {
    if (m_pos >= m_tokens.size() || ++m_depth > k_max_depth) {
      m_pos = m_tokens.size();
      return {};
    }
    Value out = primary_inner();
    --m_depth;
    return out;
  }

  Value primary_inner() {
    const Token& t = m_tokens[m_pos];
    if (t.kind == TokenKind::string) {
      ++m_pos;
      return Value::string(t.value);
    }
    if (t.kind == TokenKind::number) {
      ++m_pos;
      return {Value::Kind::number, false, std::string(word_at(t)), 0};
    }
    if (t.kind == TokenKind::lparen) {
      ++m_pos;
      Value inner = ternary();
      if (!is(TokenKind::rparen)) {
        return {};
      }
      ++m_pos;
      return inner;
    }
    if (t.kind == TokenKind::lbracket) {
      std::vector<Value> items = list_items(TokenKind::rbracket);
      return {Value::Kind::list, false, {}, items.size()};
    }
    if (t.kind == TokenKind::name) {
      return name();
    }
    ++m_pos;
    return {};
  }

  [[nodiscard]] std::string_view word_at(const Token& t) const {
    return m_text.substr(t.begin, t.end - t.begin);
  }

  Value name() {
    std::string dotted(word());
    ++m_pos;
    if (dotted == "true" || dotted == "True") {
      return Value::boolean(true);
    }
    if (dotted == "false" || dotted == "False") {
      return Value::boolean(false);
    }
    if (dotted == "none" || dotted == "None") {
      return {Value::Kind::none, false, {}, 0};
    }
    while (is(TokenKind::dot) && m_pos + 1 < m_tokens.size() && m_tokens[m_pos + 1].kind == TokenKind::name) {
      dotted += "." + std::string(word_at(m_tokens[m_pos + 1]));
      m_pos += 2;
    }
    if (!is(TokenKind::lparen)) {
      return {};
    }
    m_last_list.reset();
    std::vector<Value> args = list_items(TokenKind::rparen);
    return call(dotted, args);
  }

  Value call(std::string_view callee, const std::vector<Value>& args) {
    if (callee == "var" && !args.empty() && args[0].kind == Value::Kind::string) {
      VarValue raw = m_vars(args[0].text);
      if (raw.kind != VarValue::Kind::missing) {
        return from_var(raw);
      }
      return (m_missing_uses_default && args.size() > 1) ? args[1] : Value{};
    }
    std::string_view name =
        callee.substr(callee.rfind('.') == std::string_view::npos ? 0 : callee.rfind('.') + 1);
    if ((name == "enabled_vars" || name == "enabled_vars_one_true") && m_last_list.has_value()) {
      return enabled_vars(*m_last_list, name == "enabled_vars");
    }
    return {};
  }

  /// Fivetran's `enabled_vars`: every var (default true) is true; or, for
  /// `enabled_vars_one_true`, at least one is.
  Value enabled_vars(const std::vector<std::string>& names, bool all) {
    Truth result = all ? Truth::yes : Truth::no;
    for (const auto& name : names) {
      VarValue raw = m_vars(name);
      Truth t = raw.kind == VarValue::Kind::missing ? Truth::yes : truth(from_var(raw));
      if (all) {
        result = (result == Truth::no || t == Truth::no)     ? Truth::no
                 : (result == Truth::yes && t == Truth::yes) ? Truth::yes
                                                             : Truth::unknown;
      } else {
        result = (result == Truth::yes || t == Truth::yes) ? Truth::yes
                 : (result == Truth::no && t == Truth::no) ? Truth::no
                                                           : Truth::unknown;
      }
    }
    return from_truth(result);
  }

  /// Items of `(...)` or `[...]` starting at the opener. Remembers the string
  /// items of the last literal list for `enabled_vars`.
  std::vector<Value> list_items(TokenKind closer) {
    bool is_list = m_tokens[m_pos].kind == TokenKind::lbracket;
    ++m_pos;
    std::vector<Value> items;
    std::vector<std::string> names;
    while (m_pos < m_tokens.size() && !is(closer)) {
      if (is(TokenKind::name) && m_pos + 1 < m_tokens.size() &&
          m_tokens[m_pos + 1].kind == TokenKind::assign) {
        m_pos += 2; // keyword argument: kept positionally
      }
      std::size_t before = m_pos;
      items.push_back(ternary());
      if (items.back().kind == Value::Kind::string) {
        names.push_back(items.back().text);
      }
      if (is(TokenKind::comma)) {
        ++m_pos;
      } else if (!is(closer) || m_pos == before) {
        m_pos = m_tokens.size();
        return items;
      }
    }
    if (is(closer)) {
      ++m_pos;
    }
    if (is_list) {
      m_last_list = std::move(names);
    }
    return items;
  }

  void skip_args() { list_items(TokenKind::rparen); }

  std::string_view m_text;
  const VarLookup& m_vars;
  bool m_missing_uses_default;
  std::vector<Token> m_tokens;
  std::size_t m_pos = 0;
  int m_depth = 0;
  std::optional<std::vector<std::string>> m_last_list;
};

/// The expression inside `text` when `text` is exactly one `{{ ... }}` tag.
std::optional<std::string_view> sole_expression(std::string_view text) {
  std::string_view t = trim(text);
  if (t.size() < 4 || t.substr(0, 2) != "{{" || t.substr(t.size() - 2) != "}}") {
    return std::nullopt;
  }
  std::string_view inner = t.substr(2, t.size() - 4);
  if (!inner.empty() && (inner.front() == '-' || inner.front() == '+')) {
    inner.remove_prefix(1);
  }
  if (!inner.empty() && (inner.back() == '-' || inner.back() == '+')) {
    inner.remove_suffix(1);
  }
  if (inner.find("{{") != std::string_view::npos || inner.find("}}") != std::string_view::npos) {
    return std::nullopt;
  }
  return inner;
}

} // namespace

bool has_jinja(std::string_view text) {
  return text.find("{{") != std::string_view::npos || text.find("{%") != std::string_view::npos;
}

Truth evaluate_truth(std::string_view expression, const VarLookup& vars) {
  return truth(Evaluator(expression, vars, false).run());
}

Truth truth_of_text(std::string_view text, const VarLookup& vars) {
  if (!has_jinja(text)) {
    std::string lower = to_lower(trim(text));
    if (lower == "true" || lower == "yes") {
      return Truth::yes;
    }
    if (lower == "false" || lower == "no") {
      return Truth::no;
    }
    return Truth::unknown;
  }
  auto inner = sole_expression(text);
  return inner ? evaluate_truth(*inner, vars) : Truth::unknown;
}

std::optional<std::string> render_string(std::string_view text, const VarLookup& vars) {
  if (!has_jinja(text)) {
    return std::string(text);
  }
  if (text.find("{%") != std::string_view::npos) {
    return std::nullopt;
  }
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      out.append(text.substr(pos));
      break;
    }
    std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    out.append(text.substr(pos, open - pos));
    auto inner = sole_expression(text.substr(open, close + 2 - open));
    if (!inner) {
      return std::nullopt;
    }
    Value v = Evaluator(*inner, vars, true).run();
    if (v.kind == Value::Kind::string || v.kind == Value::Kind::number) {
      out += v.text;
    } else {
      return std::nullopt;
    }
    pos = close + 2;
  }
  return out;
}

} // namespace steward::dbt::source

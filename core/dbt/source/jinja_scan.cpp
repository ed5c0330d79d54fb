#include "core/dbt/source/jinja_scan.hpp"

#include <algorithm>
#include <limits>

namespace steward::dbt::source {
namespace {

constexpr int k_max_depth = 200;

using Stops = unsigned;
constexpr Stops stop_bit(TokenKind kind) { return 1U << static_cast<unsigned>(kind); }
constexpr Stops k_arg_stops = stop_bit(TokenKind::comma) | stop_bit(TokenKind::rparen);
constexpr Stops k_list_stops = stop_bit(TokenKind::comma) | stop_bit(TokenKind::rbracket);
constexpr Stops k_key_stops = stop_bit(TokenKind::colon) | stop_bit(TokenKind::comma) | stop_bit(TokenKind::rbrace);
constexpr Stops k_value_stops = stop_bit(TokenKind::comma) | stop_bit(TokenKind::rbrace);

bool is_keyword_operator(std::string_view name) {
  return name == "and" || name == "or" || name == "not" || name == "in" || name == "is" || name == "if" ||
         name == "else";
}

bool is_closer(TokenKind kind) {
  return kind == TokenKind::rparen || kind == TokenKind::rbracket || kind == TokenKind::rbrace;
}

/// Recursive descent over the tokens of one tag. Records every call it meets
/// into `Template::calls` and returns a summary `Expr` of what it parsed.
class Parser {
public:
  Parser(std::string_view text, const std::vector<Token>& tokens, std::size_t first, Template& out)
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
  [[nodiscard]] std::string_view text_of(const Token& t) const { return m_text.substr(t.begin, t.end - t.begin); }
  void advance() { ++m_pos; }

  /// Everything up to the end of the tag.
  void rest() {
    while (!at_end()) {
      std::size_t before = m_pos;
      sequence(0);
      if (m_pos == before) {
        advance();
      }
    }
  }

  /// A run of operands and operators up to a token in `stops`.
  Expr sequence(Stops stops) {
    Guard guard(*this);
    if (m_depth > k_max_depth) {
      return bail();
    }
    Expr single;
    int operands = 0;
    bool compound = false;
    std::uint32_t begin = at_end() ? end_offset() : token().begin;
    while (!at_end() && (stops & stop_bit(token().kind)) == 0) {
      const Token& t = token();
      if (t.kind == TokenKind::name && is_keyword_operator(text_of(t))) {
        compound = true;
        advance();
      } else if (t.kind == TokenKind::pipe) {
        compound = true;
        advance();
        filter();
      } else if (t.kind == TokenKind::op || t.kind == TokenKind::assign || t.kind == TokenKind::colon ||
                 t.kind == TokenKind::comma || t.kind == TokenKind::dot || is_closer(t.kind)) {
        compound = true;
        advance();
      } else {
        single = postfix();
        ++operands;
      }
    }
    if (operands == 1 && !compound) {
      return single;
    }
    Expr out;
    out.begin = begin;
    out.end = m_pos > 0 && m_pos <= m_tokens.size() ? m_tokens[m_pos - 1].end : begin;
    return out;
  }

  /// `NAME(params)` of a macro or test tag, starting at NAME.
  void signature(Block& block) {
    if (!is(TokenKind::name)) {
      return;
    }
    block.name = std::string(text_of(token()));
    advance();
    if (!is(TokenKind::lparen)) {
      return;
    }
    advance();
    while (!at_end() && !is(TokenKind::rparen)) {
      if (is(TokenKind::name)) {
        block.params.emplace_back(text_of(token()));
        advance();
        Expr fallback;
        if (is(TokenKind::assign)) {
          advance();
          fallback = sequence(k_arg_stops);
        }
        block.defaults.push_back(std::move(fallback));
      } else {
        sequence(k_arg_stops);
      }
      if (is(TokenKind::comma)) {
        advance();
      } else if (!is(TokenKind::rparen)) {
        advance();
      }
    }
  }

private:
  struct Guard {
    explicit Guard(Parser& p) : m_parser(p) { ++m_parser.m_depth; }
    ~Guard() { --m_parser.m_depth; }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    Parser& m_parser;
  };

  [[nodiscard]] std::uint32_t end_offset() const {
    return m_tokens.empty() ? 0 : m_tokens.back().end;
  }

  Expr bail() {
    Expr out;
    if (!at_end()) {
      out.begin = token().begin;
      out.end = token().end;
      advance();
    }
    return out;
  }

  /// After `|`: a filter name with optional arguments.
  void filter() {
    if (!is(TokenKind::name)) {
      return;
    }
    std::string name(text_of(token()));
    std::uint32_t offset = token().begin;
    advance();
    while (is(TokenKind::dot) && is(TokenKind::name, 1)) {
      name += "." + std::string(text_of(token(1)));
      m_pos += 2;
    }
    if (is(TokenKind::lparen)) {
      advance();
      call(std::move(name), -1, offset, true);
    }
  }

  /// A primary followed by attribute access, subscripts and calls.
  Expr postfix() {
    Expr value = primary();
    while (!at_end()) {
      if (is(TokenKind::lparen)) {
        std::uint32_t offset = token().begin;
        advance();
        std::int32_t target = value.kind == Expr::Kind::call ? value.call : -1;
        std::string callee = value.kind == Expr::Kind::call ? std::string() : "." + value.text;
        value = call(std::move(callee), target, offset, false);
      } else if (is(TokenKind::dot) && is(TokenKind::name, 1)) {
        std::string attribute(text_of(token(1)));
        m_pos += 2;
        value.kind = Expr::Kind::other;
        value.text = attribute;
        value.end = m_tokens[m_pos - 1].end;
      } else if (is(TokenKind::lbracket)) {
        advance();
        sequence(stop_bit(TokenKind::rbracket));
        if (is(TokenKind::rbracket)) {
          advance();
        }
        value.kind = Expr::Kind::other;
        value.end = m_tokens[m_pos - 1].end;
      } else {
        break;
      }
    }
    return value;
  }

  Expr primary() {
    Guard guard(*this);
    if (m_depth > k_max_depth) {
      return bail();
    }
    const Token& t = token();
    Expr out;
    out.begin = t.begin;
    out.end = t.end;
    switch (t.kind) {
    case TokenKind::string:
      out.kind = Expr::Kind::string;
      while (is(TokenKind::string)) {
        out.text += token().value;
        out.end = token().end;
        advance();
      }
      return out;
    case TokenKind::number:
      out.kind = Expr::Kind::number;
      out.text = std::string(text_of(t));
      advance();
      return out;
    case TokenKind::name:
      return name();
    case TokenKind::lparen:
      return group(TokenKind::rparen, k_arg_stops);
    case TokenKind::lbracket: {
      Expr list = group(TokenKind::rbracket, k_list_stops);
      return list;
    }
    case TokenKind::lbrace:
      return dict();
    default:
      advance();
      return out;
    }
  }

  Expr name() {
    const Token& t = token();
    Expr out;
    out.begin = t.begin;
    std::string_view word = text_of(t);
    advance();
    if (word == "true" || word == "True" || word == "false" || word == "False") {
      out.kind = Expr::Kind::boolean;
      out.text = (word[0] == 't' || word[0] == 'T') ? "True" : "False";
      out.end = t.end;
      return out;
    }
    if (word == "none" || word == "None") {
      out.kind = Expr::Kind::none;
      out.end = t.end;
      return out;
    }
    std::string dotted(word);
    out.end = t.end;
    while (is(TokenKind::dot) && is(TokenKind::name, 1)) {
      dotted += "." + std::string(text_of(token(1)));
      out.end = token(1).end;
      m_pos += 2;
    }
    if (is(TokenKind::lparen)) {
      std::uint32_t offset = out.begin;
      advance();
      Expr result = call(std::move(dotted), -1, offset, false);
      result.begin = out.begin;
      return result;
    }
    out.kind = Expr::Kind::name;
    out.text = std::move(dotted);
    return out;
  }

  /// `(...)` or `[...]`, starting at the opener: one parenthesized value or a
  /// tuple/list of items.
  Expr group(TokenKind closer, Stops stops) {
    bool list = closer == TokenKind::rbracket;
    Expr out;
    out.begin = token().begin;
    advance();
    bool comma = false;
    while (!at_end() && !is(closer)) {
      out.items.push_back(sequence(stops));
      if (is(TokenKind::comma)) {
        comma = true;
        advance();
      } else if (!is(closer)) {
        advance();
      }
    }
    if (is(closer)) {
      advance();
    }
    out.end = m_pos > 0 ? m_tokens[m_pos - 1].end : out.begin;
    if (!list && !comma && out.items.size() == 1) {
      Expr inner = std::move(out.items.front());
      return inner;
    }
    out.kind = Expr::Kind::list;
    return out;
  }

  Expr dict() {
    Expr out;
    out.kind = Expr::Kind::dict;
    out.begin = token().begin;
    advance();
    while (!at_end() && !is(TokenKind::rbrace)) {
      Expr key = sequence(k_key_stops);
      Expr value;
      if (is(TokenKind::colon)) {
        advance();
        value = sequence(k_value_stops);
      }
      out.items.push_back(std::move(key));
      out.items.push_back(std::move(value));
      if (is(TokenKind::comma)) {
        advance();
      } else if (!is(TokenKind::rbrace)) {
        advance();
      }
    }
    if (is(TokenKind::rbrace)) {
      advance();
    }
    out.end = m_pos > 0 ? m_tokens[m_pos - 1].end : out.begin;
    return out;
  }

  /// The arguments of a call whose `(` was just consumed.
  Expr call(std::string callee, std::int32_t target, std::uint32_t offset, bool is_filter) {
    auto index = static_cast<std::int32_t>(m_out.calls.size());
    Call record;
    record.callee = std::move(callee);
    record.target = target;
    record.offset = offset;
    record.filter = is_filter;
    m_out.calls.push_back(std::move(record));
    while (!at_end() && !is(TokenKind::rparen)) {
      std::string keyword;
      if (is(TokenKind::name) && is(TokenKind::assign, 1)) {
        keyword = std::string(text_of(token()));
        m_pos += 2;
      } else if (is(TokenKind::op) && text_of(token()).front() == '*') {
        advance();
      }
      Expr arg = sequence(k_arg_stops);
      m_out.calls[static_cast<std::size_t>(index)].args.push_back(std::move(arg));
      m_out.calls[static_cast<std::size_t>(index)].keywords.push_back(std::move(keyword));
      if (is(TokenKind::comma)) {
        advance();
      } else if (!is(TokenKind::rparen)) {
        advance();
      }
    }
    if (is(TokenKind::rparen)) {
      advance();
    }
    Expr out;
    out.kind = Expr::Kind::call;
    out.call = index;
    out.text = m_out.calls[static_cast<std::size_t>(index)].callee;
    out.begin = offset;
    out.end = m_pos > 0 ? m_tokens[m_pos - 1].end : offset;
    return out;
  }

  std::string_view m_text;
  const std::vector<Token>& m_tokens;
  std::size_t m_pos;
  Template& m_out;
  int m_depth = 0;
};

std::string_view end_tag_for(Block::Kind kind) {
  switch (kind) {
  case Block::Kind::macro:
    return "endmacro";
  case Block::Kind::test:
    return "endtest";
  case Block::Kind::materialization:
    return "endmaterialization";
  case Block::Kind::docs:
    return "enddocs";
  case Block::Kind::snapshot:
    return "endsnapshot";
  }
  return {};
}

/// Scans the `{% ... %}` and `{{ ... }}` tags of a Jinja template.
class TemplateScanner {
public:
  TemplateScanner(std::string_view text, Template& out) : m_text(text), m_out(out) {}

  void run() {
    std::size_t pos = 0;
    while (pos < m_text.size()) {
      std::size_t open = m_text.find('{', pos);
      if (open == std::string_view::npos || open + 1 >= m_text.size()) {
        break;
      }
      char kind = m_text[open + 1];
      if (kind == '#') {
        std::size_t close = m_text.find("#}", open + 2);
        pos = close == std::string_view::npos ? m_text.size() : close + 2;
      } else if (kind == '{' || kind == '%') {
        pos = tag(open, kind == '%');
      } else {
        pos = open + 1;
      }
    }
    for (auto& open : m_open) {
      open.body_end = static_cast<std::uint32_t>(m_text.size());
      m_out.blocks.push_back(std::move(open));
    }
    for (const auto& [kind, index] : m_control) {
      if (kind == 'f') {
        Loop& loop = m_out.loops[index];
        loop.body_end = static_cast<std::uint32_t>(m_text.size());
        if (loop.else_begin == 0) {
          loop.else_begin = loop.body_end;
        }
      }
    }
    std::sort(m_out.blocks.begin(), m_out.blocks.end(),
              [](const Block& a, const Block& b) { return a.begin < b.begin; });
  }

private:
  std::size_t tag(std::size_t open, bool statement) {
    std::size_t start = open + 2;
    if (start < m_text.size() && (m_text[start] == '-' || m_text[start] == '+')) {
      ++start;
    }
    m_tokens.clear();
    std::size_t after = tokenize(m_text, start, true, Dialect::jinja, m_tokens);
    Parser parser(m_text, m_tokens, 0, m_out);
    if (!statement) {
      parser.rest();
      return after;
    }
    return statement_tag(parser, open, after);
  }

  std::size_t statement_tag(Parser& p, std::size_t open, std::size_t after) {
    if (!p.is(TokenKind::name)) {
      p.rest();
      return after;
    }
    std::string_view keyword = p.text_of(p.token());
    if (keyword == "raw") {
      return skip_raw(after);
    }
    if (keyword == "macro" || keyword == "test" || keyword == "docs" || keyword == "snapshot" ||
        keyword == "materialization") {
      open_block(p, keyword, open, after);
      return after;
    }
    if (control(keyword, open, after)) {
      p.advance();
      if (keyword == "for") {
        for_binding(p, open);
      }
      p.rest();
      return after;
    }
    if (keyword.substr(0, 3) == "end") {
      close_block(keyword, open);
      return after;
    }
    p.advance();
    if (keyword == "set") {
      set_binding(p, open);
    }
    p.rest();
    return after;
  }

  /// Tracks `if`/`for` nesting so that loop bodies and their `else` parts
  /// are known. Returns true for `for`, `else`, `endfor`, `if` and `endif`.
  bool control(std::string_view keyword, std::size_t open, std::size_t after) {
    auto offset = static_cast<std::uint32_t>(open);
    if (keyword == "if") {
      m_control.emplace_back('i', 0);
    } else if (keyword == "for") {
      Loop loop;
      loop.body_begin = static_cast<std::uint32_t>(after);
      m_control.emplace_back('f', m_out.loops.size());
      m_out.loops.push_back(std::move(loop));
    } else if (keyword == "else") {
      if (!m_control.empty() && m_control.back().first == 'f') {
        m_out.loops[m_control.back().second].else_begin = offset;
      }
    } else if (keyword == "endif" || keyword == "endfor") {
      char kind = keyword == "endif" ? 'i' : 'f';
      while (!m_control.empty()) {
        auto [top, index] = m_control.back();
        m_control.pop_back();
        if (top == 'f') {
          Loop& loop = m_out.loops[index];
          loop.body_end = offset;
          loop.else_begin = loop.else_begin == 0 ? offset : loop.else_begin;
        }
        if (top == kind) {
          break;
        }
      }
    } else {
      return false;
    }
    return true;
  }

  void open_block(Parser& p, std::string_view keyword, std::size_t open, std::size_t after) {
    Block block;
    block.begin = static_cast<std::uint32_t>(open);
    block.body_begin = static_cast<std::uint32_t>(after);
    p.advance();
    if (keyword == "macro" || keyword == "test") {
      block.kind = keyword == "macro" ? Block::Kind::macro : Block::Kind::test;
      p.signature(block);
    } else if (keyword == "materialization") {
      block.kind = Block::Kind::materialization;
      materialization_name(p, block);
    } else if (p.is(TokenKind::name)) {
      block.kind = keyword == "docs" ? Block::Kind::docs : Block::Kind::snapshot;
      block.name = std::string(p.text_of(p.token()));
    } else {
      return;
    }
    p.rest();
    if (!block.name.empty()) {
      m_open.push_back(std::move(block));
    }
  }

  /// `materialization NAME, adapter='x'` or `materialization NAME, default`.
  static void materialization_name(Parser& p, Block& block) {
    if (!p.is(TokenKind::name)) {
      return;
    }
    std::string name(p.text_of(p.token()));
    std::string adapter = "default";
    for (std::size_t i = 1; p.has(i); ++i) {
      if (p.is(TokenKind::string, i)) {
        adapter = p.token(i).value;
        break;
      }
    }
    block.name = "materialization_" + name + "_" + adapter;
  }

  void close_block(std::string_view keyword, std::size_t open) {
    for (auto it = m_open.rbegin(); it != m_open.rend(); ++it) {
      if (end_tag_for(it->kind) == keyword) {
        it->body_end = static_cast<std::uint32_t>(open);
        m_out.blocks.push_back(std::move(*it));
        m_open.erase(std::next(it).base(), m_open.end());
        return;
      }
    }
  }

  void set_binding(Parser& p, std::size_t open) {
    if (!p.is(TokenKind::name) || !p.is(TokenKind::assign, 1)) {
      return;
    }
    Binding binding;
    binding.name = std::string(p.text_of(p.token()));
    binding.offset = static_cast<std::uint32_t>(open);
    p.advance();
    p.advance();
    binding.value = p.sequence(0);
    m_out.bindings.push_back(std::move(binding));
  }

  void for_binding(Parser& p, std::size_t open) {
    std::vector<std::string> names;
    while (p.is(TokenKind::name) && !p.is_name("in")) {
      names.emplace_back(p.text_of(p.token()));
      p.advance();
      if (p.is(TokenKind::comma)) {
        p.advance();
      }
    }
    if (!p.is_name("in")) {
      return;
    }
    p.advance();
    Expr iterable = p.sequence(0);
    if (!m_control.empty() && m_control.back().first == 'f') {
      m_out.loops[m_control.back().second].iterable = iterable;
    }
    if (names.size() != 1) {
      return;
    }
    Binding binding;
    binding.name = std::move(names.front());
    binding.value = std::move(iterable);
    binding.offset = static_cast<std::uint32_t>(open);
    binding.loop = true;
    m_out.bindings.push_back(std::move(binding));
  }

  /// Skips to the end of the matching `{% endraw %}`.
  std::size_t skip_raw(std::size_t from) {
    std::size_t pos = from;
    while (true) {
      std::size_t open = m_text.find("{%", pos);
      if (open == std::string_view::npos) {
        return m_text.size();
      }
      std::size_t i = open + 2;
      while (i < m_text.size() && (m_text[i] == ' ' || m_text[i] == '-' || m_text[i] == '+' ||
                                   m_text[i] == '\t' || m_text[i] == '\n')) {
        ++i;
      }
      if (m_text.substr(i, 6) == "endraw") {
        std::size_t close = m_text.find("%}", i);
        return close == std::string_view::npos ? m_text.size() : close + 2;
      }
      pos = open + 2;
    }
  }

  std::string_view m_text;
  Template& m_out;
  std::vector<Token> m_tokens;
  std::vector<Block> m_open;
  std::vector<std::pair<char, std::size_t>> m_control; ///< open `if` ('i') and `for` ('f', loop index)
};

} // namespace

bool Template::in_block(std::uint32_t offset) const {
  for (const auto& block : blocks) {
    if (offset >= block.begin && offset < block.body_end) {
      return true;
    }
  }
  return false;
}

Template scan_template(std::string_view text, Language language) {
  if (text.size() > std::numeric_limits<std::uint32_t>::max()) {
    text = text.substr(0, std::numeric_limits<std::uint32_t>::max());
  }
  Template out;
  out.size = static_cast<std::uint32_t>(text.size());
  if (language == Language::jinja) {
    TemplateScanner(text, out).run();
    return out;
  }
  std::vector<Token> tokens;
  tokenize(text, 0, false, language == Language::python ? Dialect::python : Dialect::jinja, tokens);
  Parser parser(text, tokens, 0, out);
  parser.rest();
  return out;
}

} // namespace steward::dbt::source

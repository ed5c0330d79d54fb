#include "core/dbt/source/jinja_scan.hpp"

#include <algorithm>
#include <limits>

#include "core/dbt/source/jinja_parser.hpp"

namespace steward::dbt::source {
namespace {

std::string_view end_tag_for(Block::Kind kind) {
  switch (kind) {
  case Block::Kind::macro: return "endmacro";
  case Block::Kind::test: return "endtest";
  case Block::Kind::materialization: return "endmaterialization";
  case Block::Kind::docs: return "enddocs";
  case Block::Kind::snapshot: return "endsnapshot";
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
    ExprParser parser(m_text, m_tokens, 0, m_out);
    if (!statement) {
      parser.rest();
      return after;
    }
    return statement_tag(parser, open, after);
  }

  std::size_t statement_tag(ExprParser& p, std::size_t open, std::size_t after) {
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

  void open_block(ExprParser& p, std::string_view keyword, std::size_t open, std::size_t after) {
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
  static void materialization_name(ExprParser& p, Block& block) {
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

  void set_binding(ExprParser& p, std::size_t open) {
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

  void for_binding(ExprParser& p, std::size_t open) {
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
  return std::any_of(blocks.begin(), blocks.end(), [offset](const auto& block) {
    return offset >= block.begin && offset < block.body_end;
  });
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
  ExprParser parser(text, tokens, 0, out);
  parser.rest();
  return out;
}

} // namespace steward::dbt::source

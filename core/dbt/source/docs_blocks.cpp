#include "core/dbt/source/docs_blocks.hpp"

#include <optional>

#include "core/dbt/source/jinja_lexer.hpp"
#include "core/util/text.hpp"

namespace steward::dbt::source {
namespace {

struct DocRef {
  std::string package;
  std::string name;
};

/// The `doc(...)` call filling a whole `{{ }}` tag, if that is what `inner` is.
std::optional<DocRef> doc_call(std::string_view inner) {
  std::vector<Token> tokens;
  tokenize(inner, 0, false, Dialect::jinja, tokens);
  auto is = [&](std::size_t i, TokenKind kind) { return i < tokens.size() && tokens[i].kind == kind; };
  if (!is(0, TokenKind::name) || inner.substr(tokens[0].begin, tokens[0].end - tokens[0].begin) != "doc" ||
      !is(1, TokenKind::lparen) || !is(2, TokenKind::string)) {
    return std::nullopt;
  }
  if (is(3, TokenKind::rparen) && tokens.size() == 4) {
    return DocRef{{}, tokens[2].value};
  }
  if (is(3, TokenKind::comma) && is(4, TokenKind::string) && is(5, TokenKind::rparen) && tokens.size() == 6) {
    return DocRef{tokens[2].value, tokens[4].value};
  }
  return std::nullopt;
}

std::string key_of(std::string_view package, std::string_view name) {
  return std::string(package) + "." + std::string(name);
}

} // namespace

std::vector<std::string> DocsIndex::add(const SourceFile& file) {
  std::vector<std::string> duplicates;
  for (const auto& block : file.tmpl.blocks) {
    if (block.kind != Block::Kind::docs || block.body_end < block.body_begin) {
      continue;
    }
    std::string_view body =
        std::string_view(file.text).substr(block.body_begin, block.body_end - block.body_begin);
    DocBlock doc{file.package, block.name, file.path, std::string(trim(body))};
    if (!m_by_key.try_emplace(key_of(doc.package, doc.name), m_blocks.size()).second) {
      duplicates.push_back(doc.name);
      continue;
    }
    m_by_name.try_emplace(doc.name, m_blocks.size());
    m_blocks.push_back(std::move(doc));
  }
  return duplicates;
}

const DocBlock* DocsIndex::find(std::string_view package, std::string_view name) const {
  for (std::string_view scope : {package, std::string_view(m_root)}) {
    auto it = m_by_key.find(key_of(scope, name));
    if (it != m_by_key.end()) {
      return &m_blocks[it->second];
    }
  }
  auto it = m_by_name.find(std::string(name));
  return it == m_by_name.end() ? nullptr : &m_blocks[it->second];
}

std::string DocsIndex::render(std::string_view description, std::string_view package,
                              std::vector<std::string>& missing) const {
  if (description.find("{{") == std::string_view::npos) {
    return std::string(description);
  }
  std::string out;
  std::size_t pos = 0;
  while (pos < description.size()) {
    std::size_t open = description.find("{{", pos);
    std::size_t close = open == std::string_view::npos ? open : description.find("}}", open + 2);
    if (close == std::string_view::npos) {
      out.append(description.substr(pos));
      break;
    }
    out.append(description.substr(pos, open - pos));
    std::string_view inner = description.substr(open + 2, close - open - 2);
    if (!inner.empty() && (inner.front() == '-' || inner.front() == '+')) {
      inner.remove_prefix(1);
    }
    if (!inner.empty() && (inner.back() == '-' || inner.back() == '+')) {
      inner.remove_suffix(1);
    }
    auto ref = doc_call(inner);
    const DocBlock* block = nullptr;
    if (ref) {
      block = ref->package.empty() ? find(package, ref->name) : find(ref->package, ref->name);
    }
    if (block != nullptr) {
      out.append(block->text);
    } else {
      if (ref) {
        missing.push_back(ref->name);
      }
      out.append(description.substr(open, close + 2 - open));
    }
    pos = close + 2;
  }
  return out;
}

} // namespace steward::dbt::source

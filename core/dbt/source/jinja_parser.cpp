#include "core/dbt/source/jinja_parser.hpp"

namespace steward::dbt::source {
namespace {

constexpr int k_max_depth = 200;

bool is_keyword_operator(std::string_view name) {
  return name == "and" || name == "or" || name == "not" || name == "in" || name == "is" || name == "if" ||
         name == "else";
}

bool is_closer(TokenKind kind) {
  return kind == TokenKind::rparen || kind == TokenKind::rbracket || kind == TokenKind::rbrace;
}

} // namespace

void ExprParser::rest() {
  while (!at_end()) {
    std::size_t before = m_pos;
    sequence(0);
    if (m_pos == before) {
      advance();
    }
  }
}

Expr ExprParser::sequence(Stops stops) {
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
    bool operator_token = (t.kind == TokenKind::name && is_keyword_operator(text_of(t))) ||
                          t.kind == TokenKind::op || t.kind == TokenKind::assign ||
                          t.kind == TokenKind::colon || t.kind == TokenKind::comma ||
                          t.kind == TokenKind::dot || is_closer(t.kind);
    if (t.kind == TokenKind::pipe) {
      compound = true;
      advance();
      filter();
    } else if (operator_token) {
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
  out.end = prev_end(begin);
  return out;
}

void ExprParser::signature(Block& block) {
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
    if (!is(TokenKind::rparen)) {
      advance(); // the separating comma, or a stray token
    }
  }
}

Expr ExprParser::bail() {
  Expr out;
  if (!at_end()) {
    out.begin = token().begin;
    out.end = token().end;
    advance();
  }
  return out;
}

void ExprParser::filter() {
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

Expr ExprParser::postfix() {
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
      value.end = prev_end(value.end);
    } else if (is(TokenKind::lbracket)) {
      advance();
      sequence(stop_bit(TokenKind::rbracket));
      if (is(TokenKind::rbracket)) {
        advance();
      }
      value.kind = Expr::Kind::other;
      value.end = prev_end(value.end);
    } else {
      break;
    }
  }
  return value;
}

Expr ExprParser::primary() {
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
  case TokenKind::name: return name();
  case TokenKind::lparen: return group(TokenKind::rparen, k_arg_stops);
  case TokenKind::lbracket: {
    Expr list = group(TokenKind::rbracket, k_list_stops);
    return list;
  }
  case TokenKind::lbrace: return dict();
  default: advance(); return out;
  }
}

Expr ExprParser::name() {
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

Expr ExprParser::group(TokenKind closer, Stops stops) {
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
  out.end = prev_end(out.begin);
  if (!list && !comma && out.items.size() == 1) {
    Expr inner = std::move(out.items.front());
    return inner;
  }
  out.kind = Expr::Kind::list;
  return out;
}

Expr ExprParser::dict() {
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
    if (!is(TokenKind::rbrace)) {
      advance(); // the separating comma, or a stray token
    }
  }
  if (is(TokenKind::rbrace)) {
    advance();
  }
  out.end = prev_end(out.begin);
  return out;
}

Expr ExprParser::call(std::string callee, std::int32_t target, std::uint32_t offset, bool is_filter) {
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
    if (!is(TokenKind::rparen)) {
      advance(); // the separating comma, or a stray token
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
  out.end = prev_end(offset);
  return out;
}

} // namespace steward::dbt::source

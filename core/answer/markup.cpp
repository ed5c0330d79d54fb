#include "core/answer/markup.hpp"

#include <optional>

namespace steward::answer::markup {
namespace {

constexpr std::string_view k_ellipsis = "…";

bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/// Letters, digits, `_` and any non-ASCII byte count as word characters, so
/// `_` inside `fct_orders` or `été_x` never opens italics.
bool is_word(char c) {
  auto byte = static_cast<unsigned char>(c);
  return byte >= 0x80 || (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
         (byte >= 'A' && byte <= 'Z') || c == '_';
}

struct Match {
  Span span;
  std::size_t end = 0;
};

std::optional<Match> code_at(std::string_view md, std::size_t i) {
  std::size_t close = md.find('`', i + 1);
  if (close == std::string_view::npos || close == i + 1) {
    return std::nullopt;
  }
  return Match{{SpanKind::code, md.substr(i + 1, close - i - 1), {}}, close + 1};
}

std::optional<Match> bold_at(std::string_view md, std::size_t i) {
  if (i + 2 >= md.size() || md[i + 1] != '*' || is_space(md[i + 2]) || md[i + 2] == '*') {
    return std::nullopt;
  }
  for (std::size_t close = md.find("**", i + 2); close != std::string_view::npos;
       close = md.find("**", close + 1)) {
    if (!is_space(md[close - 1])) {
      return Match{{SpanKind::bold, md.substr(i + 2, close - i - 2), {}}, close + 2};
    }
  }
  return std::nullopt;
}

std::optional<Match> italic_at(std::string_view md, std::size_t i) {
  if ((i > 0 && is_word(md[i - 1])) || i + 1 >= md.size() || is_space(md[i + 1]) || md[i + 1] == '_') {
    return std::nullopt;
  }
  for (std::size_t close = md.find('_', i + 2); close != std::string_view::npos;
       close = md.find('_', close + 1)) {
    bool at_end = close + 1 == md.size() || !is_word(md[close + 1]);
    if (at_end && !is_space(md[close - 1]) && md[close - 1] != '_') {
      return Match{{SpanKind::italic, md.substr(i + 1, close - i - 1), {}}, close + 1};
    }
  }
  return std::nullopt;
}

std::optional<Match> link_at(std::string_view md, std::size_t i) {
  std::size_t close = md.find(']', i + 1);
  if (close == std::string_view::npos || close + 1 >= md.size() || md[close + 1] != '(') {
    return std::nullopt;
  }
  std::size_t end = md.find(')', close + 2);
  if (end == std::string_view::npos || end == close + 2) {
    return std::nullopt;
  }
  std::string_view url = md.substr(close + 2, end - close - 2);
  for (char c : url) {
    if (is_space(c)) {
      return std::nullopt;
    }
  }
  return Match{{SpanKind::link, md.substr(i + 1, close - i - 1), url}, end + 1};
}

std::optional<Match> match_at(std::string_view md, std::size_t i) {
  switch (md[i]) {
  case '`': return code_at(md, i);
  case '*': return bold_at(md, i);
  case '_': return italic_at(md, i);
  case '[': return link_at(md, i);
  default: return std::nullopt;
  }
}

} // namespace

std::vector<Span> scan(std::string_view markdown) {
  std::vector<Span> out;
  std::size_t literal = 0;
  std::size_t i = 0;
  while (i < markdown.size()) {
    auto match = match_at(markdown, i);
    if (!match) {
      ++i;
      continue;
    }
    if (i > literal) {
      out.push_back({SpanKind::text, markdown.substr(literal, i - literal), {}});
    }
    out.push_back(match->span);
    i = match->end;
    literal = i;
  }
  if (markdown.size() > literal) {
    out.push_back({SpanKind::text, markdown.substr(literal), {}});
  }
  return out;
}

std::string to_plain(std::string_view markdown) {
  std::string out;
  for (const Span& span : scan(markdown)) {
    switch (span.kind) {
    case SpanKind::text:
    case SpanKind::code: out += span.text; break;
    case SpanKind::bold:
    case SpanKind::italic: out += to_plain(span.text); break;
    case SpanKind::link: {
      std::string label = to_plain(span.text);
      out += label.empty() || label == span.url ? std::string(span.url)
                                                : label + " (" + std::string(span.url) + ")";
      break;
    }
    }
  }
  return out;
}

std::string escape_slack(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    default: out += c;
    }
  }
  return out;
}

std::size_t mention_length(std::string_view text, std::size_t at) {
  std::size_t prefix = 0;
  if (text.substr(at, 2) == "<@") {
    prefix = 2;
  } else if (text.substr(at, 10) == "<!subteam^") {
    prefix = 10;
  } else {
    return 0;
  }
  std::size_t end = at + prefix;
  while (end < text.size() &&
         ((text[end] >= 'A' && text[end] <= 'Z') || (text[end] >= '0' && text[end] <= '9'))) {
    ++end;
  }
  return end > at + prefix && end < text.size() && text[end] == '>' ? end - at + 1 : 0;
}

std::string escape_slack_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (const std::size_t mention = mention_length(text, i); mention > 0) {
      out.append(text.substr(i, mention)); // a user mention stays a mention
      i += mention - 1;
      continue;
    }
    out += escape_slack(text.substr(i, 1));
  }
  return out;
}

std::size_t utf8_length(unsigned char lead) {
  if ((lead & 0xE0U) == 0xC0U) {
    return 2;
  }
  if ((lead & 0xF0U) == 0xE0U) {
    return 3;
  }
  if ((lead & 0xF8U) == 0xF0U) {
    return 4;
  }
  return 1;
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) {
    return text;
  }
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) {
    --cut;
  }
  return text.substr(0, cut);
}

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) {
    return std::string(text);
  }
  if (max_bytes < k_ellipsis.size()) {
    return std::string(utf8_prefix(text, max_bytes));
  }
  std::string_view kept = utf8_prefix(text, max_bytes - k_ellipsis.size());
  while (!kept.empty() && is_space(kept.back())) {
    kept.remove_suffix(1);
  }
  return std::string(kept) + std::string(k_ellipsis);
}

std::size_t utf8_count(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
      ++count;
    }
  }
  return count;
}

} // namespace steward::answer::markup

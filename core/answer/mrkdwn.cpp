#include "core/answer/mrkdwn.hpp"

#include <algorithm>
#include <array>

#include "core/answer/block_kit.hpp"
#include "core/answer/markup.hpp"

namespace steward::answer {
namespace detail {
namespace {

using markup::Span;
using markup::SpanKind;

constexpr std::string_view k_fence_open = "```\n";
constexpr std::string_view k_fence_close = "\n```";
constexpr std::string_view k_ellipsis = "…";

/// Byte length of the character at `pos`: its lead byte's length when the
/// continuation bytes are really there, else 1 (a stray byte stands alone).
std::size_t char_length(std::string_view text, std::size_t pos) {
  std::size_t length = markup::utf8_length(static_cast<unsigned char>(text[pos]));
  if (pos + length > text.size()) {
    return 1;
  }
  for (std::size_t i = 1; i < length; ++i) {
    if ((static_cast<unsigned char>(text[pos + i]) & 0xC0U) != 0x80U) {
      return 1;
    }
  }
  return length;
}

/// `url` safe inside `<url|label>`: escaped, with `|` percent-encoded.
std::string link_target(std::string_view url) {
  std::string out;
  for (char c : markup::escape_slack(url)) {
    out += c == '|' ? std::string("%7C") : std::string(1, c);
  }
  return out;
}

std::string render_span(const Span& span) {
  switch (span.kind) {
  case SpanKind::text: return markup::escape_slack_text(span.text);
  case SpanKind::bold: return "*" + to_mrkdwn(std::string(span.text)) + "*";
  case SpanKind::italic: return "_" + to_mrkdwn(std::string(span.text)) + "_";
  case SpanKind::code: return "`" + markup::escape_slack(span.text) + "`";
  case SpanKind::link: {
    std::string label = markup::to_plain(span.text);
    if (label.empty()) {
      return "<" + link_target(span.url) + ">";
    }
    return "<" + link_target(span.url) + "|" + markup::escape_slack(label) + ">";
  }
  }
  return {};
}

/// Appends one segment per character of plain `text`.
void add_text(std::vector<Segment>& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (const std::size_t mention = markup::mention_length(text, i); mention > 0) {
      out.push_back({std::string(text.substr(i, mention)), '\0'}); // kept whole and unescaped
      i += mention;
      continue;
    }
    std::size_t length = char_length(text, i);
    char c = text[i];
    out.push_back({markup::escape_slack(text.substr(i, length)), c == '\n' || c == ' ' ? c : '\0'});
    i += length;
  }
}

/// Appends `code` as inline code spans, each at most `limit` bytes.
void add_code_pieces(std::vector<Segment>& out, std::string_view code, std::size_t limit) {
  std::string piece;
  for (std::size_t i = 0; i < code.size();) {
    std::size_t length = char_length(code, i);
    std::string escaped = markup::escape_slack(code.substr(i, length));
    if (!piece.empty() && piece.size() + escaped.size() + 2 > limit) {
      out.push_back({"`" + piece + "`", '\0'});
      piece.clear();
    }
    piece += escaped;
    i += length;
  }
  if (!piece.empty()) {
    out.push_back({"`" + piece + "`", '\0'});
  }
}

/// Appends segments for a span too long to keep whole.
void add_oversized(std::vector<Segment>& out, const Span& span, std::size_t limit) {
  switch (span.kind) {
  case SpanKind::code: add_code_pieces(out, span.text, limit); break;
  case SpanKind::bold:
  case SpanKind::italic: {
    auto inner = mrkdwn_segments(span.text, limit);
    out.insert(out.end(), inner.begin(), inner.end());
    break;
  }
  case SpanKind::link: {
    std::string label = markup::to_plain(span.text);
    add_text(out, label.empty() ? std::string(span.url) : label + " (" + std::string(span.url) + ")");
    break;
  }
  case SpanKind::text: add_text(out, span.text); break;
  }
}

std::size_t cut_quality(const std::vector<Segment>& segments, std::size_t start, std::size_t cut) {
  char last = segments[cut - 1].separator;
  if (last == '\n') {
    return cut - 1 > start && segments[cut - 2].separator == '\n' ? 4 : 3;
  }
  return last == ' ' ? 2 : 1;
}

/// The best recorded cut: the highest quality, latest position.
std::size_t best_cut(const std::array<std::size_t, 5>& best) {
  auto found = std::find_if(best.rbegin(), best.rend(), [](std::size_t cut) { return cut != 0; });
  return found == best.rend() ? 0 : *found;
}

std::string join(const std::vector<Segment>& segments, std::size_t start, std::size_t end, Trim trim) {
  if (trim == Trim::whitespace) {
    while (end > start && segments[end - 1].separator != '\0') {
      --end;
    }
  } else if (end > start && segments[end - 1].separator == '\n') {
    --end;
  }
  std::string out;
  for (std::size_t i = start; i < end; ++i) {
    out += segments[i].text;
  }
  return out;
}

} // namespace

std::vector<Segment> mrkdwn_segments(std::string_view markdown, std::size_t limit) {
  std::vector<Segment> out;
  for (const Span& span : markup::scan(markdown)) {
    if (span.kind == SpanKind::text) {
      add_text(out, span.text);
      continue;
    }
    std::string rendered = render_span(span);
    if (rendered.size() <= limit) {
      out.push_back({std::move(rendered), '\0'});
    } else {
      add_oversized(out, span, limit);
    }
  }
  return out;
}

std::vector<Segment> code_segments(std::string_view code) {
  std::vector<Segment> out;
  add_text(out, code);
  for (auto& segment : out) {
    segment.separator = segment.separator == '\n' ? '\n' : '\0';
  }
  return out;
}

std::vector<std::string> pack(const std::vector<Segment>& segments, std::size_t limit, Trim trim) {
  std::vector<std::string> pieces;
  std::size_t i = 0;
  while (i < segments.size()) {
    while (trim == Trim::whitespace && i < segments.size() && segments[i].separator != '\0') {
      ++i;
    }
    if (i == segments.size()) {
      break;
    }
    std::size_t start = i;
    std::size_t size = 0;
    std::array<std::size_t, 5> best{}; // last cut of each quality; 0 = none
    std::size_t end = start;
    while (end < segments.size() && size + segments[end].text.size() <= limit) {
      size += segments[end].text.size();
      ++end;
      best[cut_quality(segments, start, end)] = end;
    }
    std::size_t cut = end;
    if (end < segments.size()) {
      cut = end == start ? start + 1 : best_cut(best); // a lone oversized segment goes alone
    }
    if (std::string piece = join(segments, start, cut, trim); !piece.empty()) {
      pieces.push_back(std::move(piece));
    }
    i = cut;
  }
  return pieces;
}

std::vector<std::string> split_mrkdwn(std::string_view markdown, std::size_t limit) {
  return pack(mrkdwn_segments(markdown, limit), limit, Trim::whitespace);
}

std::vector<std::string> split_code(std::string_view code, std::size_t limit) {
  std::size_t fences = k_fence_open.size() + k_fence_close.size();
  std::size_t budget = limit > fences + 4 ? limit - fences : 4;
  std::vector<std::string> pieces;
  for (auto& piece : pack(code_segments(code), budget, Trim::line_break)) {
    pieces.push_back(std::string(k_fence_open) + piece + std::string(k_fence_close));
  }
  return pieces;
}

std::string mrkdwn_prefix(std::string_view markdown, std::size_t limit) {
  std::string whole = to_mrkdwn(std::string(markdown));
  if (whole.size() <= limit || limit <= k_ellipsis.size()) {
    return whole.size() <= limit ? whole : std::string();
  }
  std::size_t budget = limit - k_ellipsis.size();
  auto pieces = pack(mrkdwn_segments(markdown, budget), budget, Trim::whitespace);
  return pieces.empty() ? std::string() : pieces.front() + std::string(k_ellipsis);
}

std::string escaped_prefix(std::string_view text, std::size_t limit) {
  std::vector<Segment> segments;
  add_text(segments, text);
  std::size_t total = 0;
  for (const auto& segment : segments) {
    total += segment.text.size();
  }
  if (total <= limit) {
    return markup::escape_slack(text);
  }
  if (limit <= k_ellipsis.size()) {
    return {};
  }
  auto pieces = pack(segments, limit - k_ellipsis.size(), Trim::whitespace);
  return pieces.empty() ? std::string() : pieces.front() + std::string(k_ellipsis);
}

} // namespace detail

std::string to_mrkdwn(const std::string& markdown) {
  std::string out;
  for (const auto& span : markup::scan(markdown)) {
    out += detail::render_span(span);
  }
  return out;
}

} // namespace steward::answer

#pragma once

// Private to the Block Kit renderer: Slack mrkdwn conversion and the logic
// that splits long text into pieces that each fit a Block Kit text limit.
//
// Text is first cut into segments, the smallest pieces of rendered mrkdwn
// that must stay whole (one UTF-8 character with its escaping, a code span,
// a link, a bold or italic run). Pieces are then packed greedily from
// segments, cutting at the best boundary that fits: after a blank line, else
// after a line break, else after a space, else between any two segments.
// Lengths are counted in bytes, which is never less than Slack's count of
// characters, so a piece that fits in bytes also fits in characters.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace steward::answer::detail {

/// An unbreakable piece of rendered mrkdwn.
struct Segment {
  std::string text;   ///< rendered, escaped mrkdwn
  char separator = 0; ///< `\n` or ` ` when the segment is that whitespace, else 0
};

/// Segments of `to_mrkdwn(markdown)`. A span longer than `limit` is not kept
/// whole: code is re-fenced in pieces, bold and italic lose their markers and
/// links become `label (url)` text, so no segment exceeds `limit` (for any
/// `limit` of at least 16).
std::vector<Segment> mrkdwn_segments(std::string_view markdown, std::size_t limit);

/// Segments of preformatted `code`: each escaped UTF-8 character.
std::vector<Segment> code_segments(std::string_view code);

/// How `pack` trims the ends of a piece.
enum class Trim {
  whitespace, ///< drop spaces and line breaks at both ends (running text)
  line_break, ///< drop only the line break a piece was cut after (code)
};

/// Packs `segments` into pieces of at most `limit` bytes, cutting at the best
/// boundary (see the file comment). Never returns empty pieces.
std::vector<std::string> pack(const std::vector<Segment>& segments, std::size_t limit, Trim trim);

/// `markdown` as mrkdwn pieces of at most `limit` bytes each.
std::vector<std::string> split_mrkdwn(std::string_view markdown, std::size_t limit);

/// `code` as fenced mrkdwn pieces ("```\n...\n```") of at most `limit` bytes
/// each; every piece is fenced on its own.
std::vector<std::string> split_code(std::string_view code, std::size_t limit);

/// `markdown` as mrkdwn of at most `limit` bytes, ending in "…" when cut.
std::string mrkdwn_prefix(std::string_view markdown, std::size_t limit);

/// Plain `text` escaped for Slack, cut to at most `limit` bytes (with "…").
std::string escaped_prefix(std::string_view text, std::size_t limit);

} // namespace steward::answer::detail

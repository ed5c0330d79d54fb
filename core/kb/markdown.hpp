#pragma once

// Private to core/kb: splitting one Markdown file into sections, and the
// digests the knowledge base uses.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/kb/corpus.hpp"

namespace steward::kb::detail {

/// A section as split from its file, with what the index needs beside it.
struct SplitSection {
  Section section;
  /// The text directly under the heading, before its first sub-heading
  /// (trimmed); the part of `section.text` the index scores.
  std::string own_text;
  /// The headings above it (`section.path` without its own title).
  std::string ancestors;
};

/// Splits `content`, the Markdown of `file`, into sections in document order.
///
/// Headings are ATX: up to three spaces, one to six `#`, then a space, a tab
/// or the end of the line; an optional closing run of `#`s is dropped. Lines
/// inside fenced code blocks (three or more backticks or tildes, closed by a
/// run of the same character at least as long) are never headings; an
/// unclosed fence runs to the end of the file. A section's text runs to the
/// next heading of the same or a higher level, so it holds its sub-sections.
/// Text before the first heading becomes a section titled with the file's
/// name without its extension, at line 1, when it is not blank. `\r\n` line
/// ends and a UTF-8 byte order mark are accepted.
std::vector<SplitSection> split_markdown(std::string_view file, std::string_view content);

inline constexpr std::uint64_t k_fnv_offset = 14695981039346656037ULL;
inline constexpr std::uint64_t k_fnv_prime = 1099511628211ULL;

/// Folds `bytes` into an FNV-1a 64 `hash`.
std::uint64_t fnv1a(std::uint64_t hash, std::string_view bytes);

/// `Section::hash`: FNV-1a 64 of `path`, `\n` and `text`, as 16 lower-case
/// hex digits.
std::string section_hash(std::string_view path, std::string_view text);

} // namespace steward::kb::detail

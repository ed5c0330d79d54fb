#pragma once

// Internal to core/fix: a YAML file as both a parsed tree and its text, so
// edits can be made at the positions of nodes without re-serialising (the
// file keeps its comments, quoting, order and indentation).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/util/error.hpp"

namespace steward::fix::yaml {

/// Replace `length` bytes at `offset` with `text` (an insertion when 0).
struct Edit {
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string text{};
};

/// `text` with `edits` applied. Edits must not overlap; insertions at one
/// offset appear in the order listed.
std::string apply(std::string_view text, const std::vector<Edit>& edits);

/// Quotes `value` for a YAML list or mapping value in the style `like`
/// shows: `'` or `"` quote it that way; otherwise it stays plain when it
/// reads back as the same string, else it gets single quotes.
std::string quote(std::string_view value, char like);

class Document {
public:
  /// Parses `text`; the error says the line where YAML broke.
  static Result<Document> parse(std::string text);

  [[nodiscard]] const YAML::Node& root() const { return m_root; }
  [[nodiscard]] const std::string& text() const { return m_text; }
  /// The line ending the file uses (`\n` or `\r\n`).
  [[nodiscard]] const std::string& eol() const { return m_eol; }

  /// Byte offset where `node` starts (a scalar's first character or quote, a
  /// block sequence's first `-`, a flow collection's bracket).
  [[nodiscard]] std::size_t offset(const YAML::Node& node) const;
  [[nodiscard]] std::size_t line_count() const { return m_line_starts.size(); }
  [[nodiscard]] std::size_t line_of(std::size_t offset) const;
  [[nodiscard]] std::size_t line_start(std::size_t line) const;
  /// Offset just past line `line`'s newline (the next line's start).
  [[nodiscard]] std::size_t line_end(std::size_t line) const;
  /// Leading spaces of `line`; nullopt for blank and comment-only lines.
  [[nodiscard]] std::optional<std::size_t> indent(std::size_t line) const;

  /// The end of the scalar token at `offset` (quotes included; for a plain
  /// scalar, trailing spaces and a comment excluded). nullopt for block
  /// scalars (`|`, `>`) and scalars spanning lines.
  [[nodiscard]] std::optional<std::size_t> scalar_end(std::size_t offset, bool in_flow) const;
  /// The offset of the bracket closing the flow collection opening at `offset`.
  [[nodiscard]] std::optional<std::size_t> flow_end(std::size_t offset) const;
  /// The last line of the block starting on `line` whose lines are indented
  /// at least `indent` (blank and comment lines after it are not included).
  [[nodiscard]] std::size_t block_last_line(std::size_t line, std::size_t indent) const;

private:
  Document() = default;

  std::string m_text;
  std::string m_eol = "\n";
  YAML::Node m_root;
  std::vector<std::size_t> m_line_starts;
};

/// A child of map `node` by key, or an undefined node (never throws).
YAML::Node child(const YAML::Node& node, std::string_view key);

} // namespace steward::fix::yaml

#include "core/fix/yaml_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace steward::fix::yaml {
namespace {

constexpr std::string_view k_bom = "\xEF\xBB\xBF";

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

/// Words YAML 1.1 readers (PyYAML, which dbt uses) turn into something other
/// than a string.
bool is_special_word(std::string_view value) {
  static const std::array<std::string_view, 22> k_words = {
      "true",  "false", "yes", "no", "on",  "off",  "null", "y",     "n",    "~",   "True",
      "False", "Yes",   "No",  "On", "Off", "Null", "TRUE", "FALSE", "NULL", "YES", "NO"};
  return std::find(k_words.begin(), k_words.end(), value) != k_words.end();
}

bool looks_numeric(std::string_view value) {
  bool digit = false;
  for (char c : value) {
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      digit = true;
    } else if (c != '.' && c != '-' && c != '+' && c != '_' && c != 'e' && c != 'E') {
      return false;
    }
  }
  return digit;
}

/// Whether `value` written plain reads back as the same string.
bool plain_safe(std::string_view value) {
  if (value.empty() || is_special_word(value) || looks_numeric(value) || is_space(value.front()) ||
      is_space(value.back())) {
    return false;
  }
  auto first = static_cast<unsigned char>(value.front());
  if (std::isalpha(first) == 0 && first != '_') {
    return false;
  }
  return std::all_of(value.begin(), value.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) != 0 || c == '_' || c == '-' || c == '.' || c == ' ' || c == '/';
  });
}

std::string single_quoted(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    out += c == '\'' ? "''" : std::string(1, c);
  }
  return out + "'";
}

std::string double_quoted(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

} // namespace

std::string apply(std::string_view text, const std::vector<Edit>& edits) {
  // From the end backwards; of edits at one offset the last listed goes in
  // first, so they end up in the order listed.
  std::vector<std::size_t> order(edits.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return edits[a].offset != edits[b].offset ? edits[a].offset > edits[b].offset : a > b;
  });
  std::string out(text);
  for (std::size_t i : order) {
    const Edit& edit = edits[i];
    if (edit.offset <= out.size()) {
      out.replace(edit.offset, std::min(edit.length, out.size() - edit.offset), edit.text);
    }
  }
  return out;
}

std::string quote(std::string_view value, char like) {
  if (like == '"') {
    return double_quoted(value);
  }
  if (like != '\'' && plain_safe(value)) {
    return std::string(value);
  }
  return single_quoted(value);
}

Result<Document> Document::parse(std::string text) {
  Document doc;
  doc.m_text = std::move(text);
  try {
    doc.m_root = YAML::Load(doc.m_text);
  } catch (const YAML::Exception& e) {
    return fail("line " + std::to_string(e.mark.line + 1), "the YAML does not parse: " + e.msg);
  }
  doc.m_line_starts.push_back(0);
  for (std::size_t i = 0; i < doc.m_text.size(); ++i) {
    if (doc.m_text[i] == '\n' && i + 1 < doc.m_text.size()) {
      doc.m_line_starts.push_back(i + 1);
    }
  }
  std::size_t first_newline = doc.m_text.find('\n');
  if (first_newline != std::string::npos && first_newline > 0 && doc.m_text[first_newline - 1] == '\r') {
    doc.m_eol = "\r\n";
  }
  return doc;
}

std::size_t Document::offset(const YAML::Node& node) const {
  std::size_t bom = std::string_view(m_text).substr(0, k_bom.size()) == k_bom ? k_bom.size() : 0;
  auto pos = static_cast<std::size_t>(std::max(0, node.Mark().pos));
  return std::min(pos + bom, m_text.size());
}

std::size_t Document::line_of(std::size_t offset) const {
  auto it = std::upper_bound(m_line_starts.begin(), m_line_starts.end(), offset);
  return static_cast<std::size_t>(it - m_line_starts.begin()) - 1;
}

std::size_t Document::line_start(std::size_t line) const {
  return line < m_line_starts.size() ? m_line_starts[line] : m_text.size();
}

std::size_t Document::line_end(std::size_t line) const {
  return line + 1 < m_line_starts.size() ? m_line_starts[line + 1] : m_text.size();
}

std::optional<std::size_t> Document::indent(std::size_t line) const {
  std::size_t at = line_start(line);
  std::size_t end = line_end(line);
  std::size_t spaces = 0;
  for (; at + spaces < end && m_text[at + spaces] == ' '; ++spaces) {
  }
  char next = at + spaces < end ? m_text[at + spaces] : '\n';
  if (next == '\n' || next == '\r' || next == '#' || next == '\t') {
    return std::nullopt;
  }
  return spaces;
}

std::optional<std::size_t> Document::scalar_end(std::size_t offset, bool in_flow) const {
  const std::string& t = m_text;
  if (offset >= t.size()) {
    return std::nullopt;
  }
  char open = t[offset];
  if (open == '|' || open == '>') {
    return std::nullopt;
  }
  if (open == '\'' || open == '"') {
    for (std::size_t i = offset + 1; i < t.size() && t[i] != '\n'; ++i) {
      bool escaped = (open == '"' && t[i] == '\\') ||
                     (t[i] == open && open == '\'' && i + 1 < t.size() && t[i + 1] == '\'');
      if (escaped) {
        ++i;
      } else if (t[i] == open) {
        return i + 1;
      }
    }
    return std::nullopt;
  }
  std::size_t end = offset;
  for (std::size_t i = offset; i < t.size() && t[i] != '\n' && t[i] != '\r'; ++i) {
    bool colon =
        t[i] == ':' && (i + 1 == t.size() || is_space(t[i + 1]) || t[i + 1] == '\n' || t[i + 1] == '\r');
    if (colon || (t[i] == '#' && i > offset && is_space(t[i - 1])) ||
        (in_flow && (t[i] == ',' || t[i] == ']' || t[i] == '}'))) {
      break;
    }
    if (!is_space(t[i])) {
      end = i + 1;
    }
  }
  // A plain scalar continued on the next, more indented line.
  std::size_t next = line_of(offset) + 1;
  std::optional<std::size_t> own = indent(line_of(offset));
  std::optional<std::size_t> more = next < line_count() ? indent(next) : std::nullopt;
  if (!in_flow && own && more && *more > *own && t.find(':', line_start(next)) >= line_end(next)) {
    return std::nullopt;
  }
  return end;
}

std::optional<std::size_t> Document::flow_end(std::size_t offset) const {
  const std::string& t = m_text;
  int depth = 0;
  for (std::size_t i = offset; i < t.size(); ++i) {
    char c = t[i];
    if (c == '\'' || c == '"') {
      std::optional<std::size_t> end = scalar_end(i, true);
      if (!end) {
        return std::nullopt;
      }
      i = *end - 1;
    } else if (c == '#' && i > 0 && is_space(t[i - 1])) {
      i = t.find('\n', i);
      if (i == std::string::npos) {
        return std::nullopt;
      }
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      if (--depth == 0) {
        return i;
      }
    }
  }
  return std::nullopt;
}

std::size_t Document::block_last_line(std::size_t line, std::size_t indent_min) const {
  std::size_t last = line;
  for (std::size_t l = line + 1; l < line_count(); ++l) {
    std::optional<std::size_t> width = indent(l);
    if (!width) {
      continue;
    }
    if (*width < indent_min) {
      break;
    }
    last = l;
  }
  return last;
}

YAML::Node child(const YAML::Node& node, std::string_view key) {
  if (node.IsMap()) {
    for (const auto& item : node) {
      if (item.first.IsScalar() && item.first.Scalar() == key) {
        return item.second;
      }
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

} // namespace steward::fix::yaml

#include "core/fix/yaml_edit.hpp"

namespace steward::fix::yaml {
namespace {

bool is_flow(const YAML::Node& node) {
  return node.Style() == YAML::EmitterStyle::Flow;
}

/// Adds `key: value` to flow map `map` before its closing brace.
std::optional<Edit> append_to_flow_map(const Document& doc, const YAML::Node& map, std::string_view key,
                                       std::string_view value) {
  std::optional<std::size_t> close = doc.flow_end(doc.offset(map));
  if (!close) {
    return std::nullopt;
  }
  std::size_t at = *close;
  while (at > doc.offset(map) + 1 && doc.text()[at - 1] == ' ') {
    --at;
  }
  std::string sep = map.size() == 0 ? "" : ", ";
  return Edit{at, 0, sep + std::string(key) + ": " + std::string(value)};
}

/// Sets `key` in the test's `config:` map `config`.
std::optional<std::vector<Edit>> set_in_config(const Document& doc, const YAML::Node& config,
                                               std::string_view key, std::string_view value) {
  YAML::Node existing = child(config, key);
  if (existing.IsScalar()) {
    auto edit = replace_scalar(doc, existing, value, is_flow(config));
    return edit ? std::optional(std::vector<Edit>{*edit}) : std::nullopt;
  }
  if (existing.IsDefined()) {
    return std::nullopt;
  }
  auto edit = is_flow(config) ? append_to_flow_map(doc, config, key, value)
                              : append_to_map(doc, config, {std::string(key) + ": " + std::string(value)});
  return edit ? std::optional(std::vector<Edit>{*edit}) : std::nullopt;
}

/// A test without a body (`- unique` or `- unique:`): gives it one.
std::optional<std::vector<Edit>> add_body(const Document& doc, const TestSite& site, std::string_view key,
                                          std::string_view value) {
  std::size_t start = doc.offset(site.name);
  std::optional<std::size_t> end = doc.scalar_end(start, false);
  if (!end) {
    return std::nullopt;
  }
  std::string indent(column_of(doc, site.name) + 2, ' ');
  std::vector<Edit> edits;
  if (site.item.IsScalar()) {
    edits.push_back(Edit{*end, 0, ":"});
  }
  edits.push_back(
      insert_lines_after(doc, doc.line_of(*end),
                         {indent + "config:", indent + "  " + std::string(key) + ": " + std::string(value)}));
  return edits;
}

} // namespace

Edit insert_lines_after(const Document& doc, std::size_t line, const std::vector<std::string>& lines) {
  std::size_t at = doc.line_end(line);
  std::string text;
  if (at == doc.text().size() && (at == 0 || doc.text().back() != '\n')) {
    text += doc.eol();
  }
  for (const auto& l : lines) {
    text += l + doc.eol();
  }
  return Edit{at, 0, text};
}

std::size_t column_of(const Document& doc, const YAML::Node& node) {
  std::size_t at = doc.offset(node);
  return at - doc.line_start(doc.line_of(at));
}

std::optional<Edit> replace_scalar(const Document& doc, const YAML::Node& node, std::string_view text,
                                   bool in_flow) {
  if (!node.IsScalar()) {
    return std::nullopt;
  }
  std::size_t start = doc.offset(node);
  std::optional<std::size_t> end = doc.scalar_end(start, in_flow);
  if (!end) {
    return std::nullopt;
  }
  return Edit{start, *end - start, std::string(text)};
}

std::optional<std::vector<Edit>> append_to_list(const Document& doc, const YAML::Node& list,
                                                const std::vector<std::string>& values) {
  if (!list.IsSequence() || values.empty()) {
    return std::nullopt;
  }
  if (is_flow(list)) {
    std::optional<std::size_t> close = doc.flow_end(doc.offset(list));
    if (!close) {
      return std::nullopt;
    }
    std::size_t at = doc.offset(list) + 1;
    std::string text;
    if (list.size() > 0) {
      std::optional<std::size_t> end = doc.scalar_end(doc.offset(list[list.size() - 1]), true);
      if (!end || *end > *close) {
        return std::nullopt;
      }
      at = *end;
    }
    for (const auto& value : values) {
      text += (text.empty() && list.size() == 0 ? "" : ", ") + value;
    }
    return std::vector<Edit>{Edit{at, 0, text}};
  }
  if (list.size() == 0) {
    return std::nullopt;
  }
  YAML::Node last = list[list.size() - 1];
  std::size_t start = doc.offset(last);
  std::optional<std::size_t> end = doc.scalar_end(start, false);
  if (!last.IsScalar() || !end) {
    return std::nullopt;
  }
  std::string prefix = doc.text().substr(doc.line_start(doc.line_of(start)), column_of(doc, last));
  if (prefix.find_first_not_of(' ') == std::string::npos ||
      prefix.find_first_not_of("- ") != std::string::npos) {
    return std::nullopt;
  }
  std::vector<std::string> lines;
  lines.reserve(values.size());
  for (const auto& value : values) {
    lines.push_back(prefix + value);
  }
  return std::vector<Edit>{insert_lines_after(doc, doc.line_of(*end), lines)};
}

std::optional<Edit> append_to_map(const Document& doc, const YAML::Node& map,
                                  const std::vector<std::string>& lines) {
  if (!map.IsMap() || is_flow(map) || map.size() == 0) {
    return std::nullopt;
  }
  std::size_t column = column_of(doc, map);
  std::size_t last = doc.block_last_line(doc.line_of(doc.offset(map)), column);
  std::vector<std::string> indented;
  indented.reserve(lines.size());
  for (const auto& line : lines) {
    indented.push_back(std::string(column, ' ') + line);
  }
  return insert_lines_after(doc, last, indented);
}

std::optional<std::vector<Edit>> set_test_config(const Document& doc, const TestSite& site,
                                                 std::string_view key, std::string_view value) {
  if (is_flow(site.list)) {
    return std::nullopt;
  }
  if (!site.body.IsMap()) {
    bool bare = site.item.IsScalar() ||
                (site.item.IsMap() && site.item.size() == 1 && site.item.begin()->second.IsNull());
    return bare ? add_body(doc, site, key, value) : std::nullopt;
  }
  if (is_flow(site.body)) {
    return std::nullopt;
  }
  YAML::Node config = child(site.body, "config");
  if (config.IsMap()) {
    return set_in_config(doc, config, key, value);
  }
  YAML::Node direct = child(site.body, key);
  if (direct.IsScalar()) {
    auto edit = replace_scalar(doc, direct, value, false);
    return edit ? std::optional(std::vector<Edit>{*edit}) : std::nullopt;
  }
  if (config.IsDefined() || direct.IsDefined()) {
    return std::nullopt;
  }
  auto edit = append_to_map(doc, site.body, {"config:", "  " + std::string(key) + ": " + std::string(value)});
  return edit ? std::optional(std::vector<Edit>{*edit}) : std::nullopt;
}

std::optional<Edit> remove_test(const Document& doc, const TestSite& site) {
  if (is_flow(site.list)) {
    return std::nullopt;
  }
  std::size_t item_line = doc.line_of(doc.offset(site.item));
  std::size_t first = item_line;
  std::size_t last = doc.block_last_line(item_line, column_of(doc, site.item));
  if (site.list.size() == 1) {
    const YAML::Node& owner = site.column.IsMap() ? site.column : site.entry;
    for (const auto& entry : owner) {
      if (entry.second.is(site.list)) {
        first = doc.line_of(doc.offset(entry.first));
      }
    }
  }
  std::size_t start = doc.line_start(first);
  return Edit{start, doc.line_end(last) - start, ""};
}

} // namespace steward::fix::yaml

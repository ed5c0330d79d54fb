#pragma once

// Internal to core/fix: the text edits fixes make to schema YAML. Each
// returns nullopt when the file's shape is one it cannot edit safely (a flow
// map body, a block scalar, a multi-line value), so the option is left out.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/fix/yaml_locate.hpp"
#include "core/fix/yaml_text.hpp"

namespace steward::fix::yaml {

/// An insertion of `lines` (without line endings) after line `line`.
Edit insert_lines_after(const Document& doc, std::size_t line, const std::vector<std::string>& lines);

/// The column `node` starts at in its line.
std::size_t column_of(const Document& doc, const YAML::Node& node);

/// Replaces the text of scalar `node` with `text`.
std::optional<Edit> replace_scalar(const Document& doc, const YAML::Node& node, std::string_view text,
                                   bool in_flow);

/// Adds `values` (already quoted) at the end of sequence `list`, in its
/// style: `- x` lines for a block list, `, x` before `]` for a flow list.
std::optional<std::vector<Edit>> append_to_list(const Document& doc, const YAML::Node& list,
                                                const std::vector<std::string>& values);

/// Adds `lines` (indented relative to the map's keys) as the last keys of
/// block map `map`.
std::optional<Edit> append_to_map(const Document& doc, const YAML::Node& map,
                                  const std::vector<std::string>& lines);

/// Sets the test's config `key` to `value` (YAML text, already quoted): the
/// existing value is replaced where it is (`config:` or the body), else
/// `key` is added under the body's `config:` (created when missing; a bare
/// `- unique` becomes `- unique:` with a body).
std::optional<std::vector<Edit>> set_test_config(const Document& doc, const TestSite& site,
                                                 std::string_view key, std::string_view value);

/// Removes the test's item from its list (and the list's key when it was
/// the only item).
std::optional<Edit> remove_test(const Document& doc, const TestSite& site);

} // namespace steward::fix::yaml

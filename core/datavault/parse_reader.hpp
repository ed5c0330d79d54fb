#pragma once

// Internal to core/datavault: typed reads from a YAML tree that record a
// diagnostic (with the spec path and line) instead of throwing.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/datavault/spec.hpp"

namespace steward::datavault::detail {

class Reader {
public:
  Reader(std::vector<Diagnostic>& out, int document) : m_out(&out), m_document(document) {}

  [[nodiscard]] Location at(const YAML::Node& node) const;
  void error(const YAML::Node& node, std::string path, std::string message);
  void warn(const YAML::Node& node, std::string path, std::string message);

  /// Warns about every key of map `node` not in `known`, with a "did you
  /// mean" when one is close.
  void check_keys(const YAML::Node& node, const std::string& path,
                  std::initializer_list<std::string_view> known);

  /// A scalar child `key` of `node` into `out`; false (and an error) when
  /// present but not a scalar. Absent: `out` is unchanged, true.
  bool text(const YAML::Node& node, std::string_view key, const std::string& path, std::string& out);
  /// A scalar or a list of scalars into `out` (appended).
  bool texts(const YAML::Node& node, std::string_view key, const std::string& path,
             std::vector<std::string>& out);
  /// `value` itself as a scalar or a list of scalars.
  bool texts_of(const YAML::Node& value, const std::string& path, std::vector<std::string>& out);

  /// True when `node` is a map; else records "expected a mapping (what)".
  bool expect_map(const YAML::Node& node, const std::string& path, std::string_view what);

  [[nodiscard]] int document() const { return m_document; }

private:
  std::vector<Diagnostic>* m_out;
  int m_document;
};

/// `path.key` (or `key` when `path` is empty).
std::string join(const std::string& path, std::string_view key);
/// `path[index]`.
std::string index(const std::string& path, std::size_t i);

/// Reads one entity (`entity:`, `hub:`, `satellites:`, `links:`,
/// `source_mappings:`) from map `node` at `path`. `whole_document`: the
/// node is a whole YAML document, which may also hold `project:`.
Entity read_entity(Reader& reader, const YAML::Node& node, const std::string& path,
                   bool whole_document = false);

/// Reads `project:` into `settings`.
void read_settings(Reader& reader, const YAML::Node& node, Settings& settings);

/// Reads one satellite at `path` (`parent` filled by the caller).
Satellite read_satellite(Reader& reader, const YAML::Node& node, const std::string& path);

} // namespace steward::datavault::detail

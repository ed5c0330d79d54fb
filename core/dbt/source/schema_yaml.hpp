#pragma once

// Internal to the source-tree parser: readers for the sections of a schema
// YAML file. Each reads one section's list and adds nodes, patches or test
// requests to the state; entries without a `name` become warnings.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "core/dbt/source/state.hpp"

namespace steward::dbt::source {

/// The YAML file being read.
struct YamlFile {
  ParseState& state;
  const FileEntry& entry;
  std::string display; ///< the file as warnings name it
  VarLookup vars;

  [[nodiscard]] const std::string& package() const { return entry.package->file.name; }
  void warn(const std::string& message) const { state.warn(display + ": " + message); }
  /// A description with `doc()` blocks rendered, stored in the arena.
  [[nodiscard]] std::string_view description(const YAML::Node& yaml) const;
};

/// YAML columns: name, description, data_type, meta and tags (top-level and
/// under `config:`). Column tests become requests for `target`.
std::vector<Column> read_columns(const YamlFile& file, const YAML::Node& columns, std::size_t target);

/// Requests the tests listed under `tests:` and `data_tests:` of `entry`.
void request_tests(const YamlFile& file, const YAML::Node& entry, std::size_t target,
                   std::string_view column);

/// The config of a YAML resource entry: its `config:` block with top-level
/// `meta`, `tags`, `access`, `group` and `docs` beneath it (dbt lets both
/// spellings through; `config:` wins).
NodeConfig entry_config(const YamlFile& file, const YAML::Node& entry);

/// `json` as stored text; empty for null and for `{}`.
std::string_view store_json(ParseState& state, const nlohmann::json& json);

/// `owner: {name, email}` (or a bare string) into `node`.
void read_owner(ParseState& state, const YAML::Node& owner, Node& node);

/// Refs, sources and `metric()` names in a YAML string such as
/// `ref('orders')`, `"{{ source('a', 'b') }}"` or `metric('revenue')`.
void scan_reference(const YamlFile& file, std::string_view text, PendingNode& node);

/// A node of `type` named `name` defined by this YAML file.
PendingNode yaml_node(const YamlFile& file, ResourceType type, std::string_view name,
                      std::string_view id_name);

void read_sources(const YamlFile& file, const YAML::Node& list);
void read_exposures(const YamlFile& file, const YAML::Node& list);
void read_metrics(const YamlFile& file, const YAML::Node& list);
void read_semantic_models(const YamlFile& file, const YAML::Node& list);
void read_saved_queries(const YamlFile& file, const YAML::Node& list);
void read_groups(const YamlFile& file, const YAML::Node& list);
void read_unit_tests(const YamlFile& file, const YAML::Node& list);

} // namespace steward::dbt::source

#pragma once

// Internal to core/fix: finding a model, source table, column and test entry
// in a schema YAML file's tree.

#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "core/dbt/node.hpp"

namespace steward::fix::yaml {

/// The entry of `target` in the file: the map under `models:`, `seeds:` or
/// `snapshots:` whose `name` is the node's, or, for a source table, the map
/// under `sources: [name: <source>] tables:`. Undefined when absent.
YAML::Node find_entry(const YAML::Node& root, const dbt::Node& target);

/// The source `source_name`'s map under `sources:`; undefined when absent.
YAML::Node find_source(const YAML::Node& root, std::string_view source_name);

/// The map in sequence `list` whose `name` is `name` (exactly, then ignoring
/// case); undefined when absent.
YAML::Node find_named(const YAML::Node& list, std::string_view name);

/// Where a generic test is declared.
struct TestSite {
  YAML::Node entry;          ///< the model's or source table's map
  YAML::Node column;         ///< the column's map; not a map for a test on the entry
  YAML::Node list;           ///< the `tests:`/`data_tests:` sequence holding the test
  YAML::Node item;           ///< the list item: `- unique` (scalar) or a map
  YAML::Node name;           ///< the scalar naming the test (the item, its key, or `test_name`'s value)
  YAML::Node body;           ///< the map of arguments and config; not a map when there is none
  bool body_is_item = false; ///< the `test_name:` form: the item itself is the body
};

/// The test `test` (`not_null`, `dbt_utils.expression_is_true`) on `column`
/// of `target`, or on the entry with `column_name: <column>` among its
/// arguments. The first match wins.
std::optional<TestSite> find_test(const YAML::Node& root, const dbt::Node& target, std::string_view column,
                                  std::string_view test);

/// The test's argument or config `key`: under `arguments:` or `config:` of
/// the body, or directly in it. Undefined when absent.
YAML::Node test_setting(const TestSite& site, std::string_view key);

} // namespace steward::fix::yaml

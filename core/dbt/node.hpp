#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "core/dbt/resource_type.hpp"

namespace steward::dbt {

/// Index of a node inside one `Project`; stable for that snapshot only.
using NodeId = std::uint32_t;

/// A column of a model, seed, snapshot or source.
///
/// Every view points into the owning `Project`'s arena. `documented` is false
/// for columns known only from `catalog.json` (present in the warehouse but not
/// described in YAML).
struct Column {
  std::string_view name;
  std::string_view description;
  std::string_view data_type;
  std::string_view meta_json; ///< raw JSON object of `meta`; empty when absent or `{}`
  std::vector<std::string_view> tags;
  bool documented = true;
};

/// An entity, dimension or measure of a semantic model.
struct SemanticField {
  enum class Kind : std::uint8_t { entity, dimension, measure };
  Kind kind = Kind::dimension;
  std::string_view name;
  std::string_view description;
  std::string_view type; ///< entity/dimension type, or the measure's `agg`
  std::string_view expr;
};

/// A warehouse statistic from `catalog.json` (`row_count`, `bytes`, ...).
struct Stat {
  std::string_view id;
  std::string_view label;
  std::string_view value;
};

/// One resource of a dbt project: a node, source, exposure, metric, semantic
/// model, saved query, unit test, group or docs block.
///
/// Fields that do not apply to a resource type stay empty. All views point into
/// the owning `Project`'s arena and live as long as that `Project`.
struct Node {
  std::string_view unique_id;
  std::string_view name;
  ResourceType type = ResourceType::unknown;
  bool enabled = true;
  std::string_view package_name;
  std::string_view path;       ///< `original_file_path`, relative to the project
  std::string_view patch_path; ///< the YAML file that documents it, when any
  std::string_view description;
  std::string_view database;
  std::string_view schema;
  std::string_view alias;
  std::string_view relation_name;
  std::string_view materialized;
  std::string_view language;
  std::string_view access;
  std::string_view group;
  std::string_view version;
  std::string_view latest_version;
  std::string_view owner;       ///< meta owner, exposure/group owner name (or email)
  std::string_view owner_email; ///< exposure/group owner email when known
  std::string_view meta_json;   ///< raw JSON object of `meta` (or `config.meta`)
  std::vector<std::string_view> tags;
  std::vector<Column> columns;
  std::vector<std::string_view> depends_on; ///< unique ids of parents
  std::vector<std::string_view> depends_on_macros;
  std::string_view raw_code;
  std::string_view compiled_code;

  // Data tests.
  std::string_view test_name;      ///< `test_metadata.name`: not_null, unique, ...
  std::string_view test_namespace; ///< `test_metadata.namespace`: dbt_utils, ...
  std::string_view test_kwargs_json;
  std::string_view column_name;
  std::string_view attached_node;
  std::string_view severity;

  // Sources.
  std::string_view source_name;
  std::string_view source_description;
  std::string_view identifier;
  std::string_view loader;
  std::string_view loaded_at_field;
  std::string_view freshness_json;

  // Exposures, metrics, semantic models, saved queries, unit tests.
  std::string_view label;
  std::string_view kind; ///< exposure `type` or metric `type`
  std::string_view maturity;
  std::string_view url;
  std::string_view model_ref; ///< semantic model / unit test `model`
  std::vector<SemanticField> semantic_fields;

  // Warehouse facts from catalog.json.
  std::string_view table_type;
  std::vector<Stat> stats;
};

/// A macro, kept apart from the graph: name, package and file only.
struct Macro {
  std::string_view unique_id;
  std::string_view name;
  std::string_view package_name;
  std::string_view path;
  std::string_view description;
};

/// Finds a column by exact name, then case-insensitively; null when absent.
const Column* find_column(const Node& node, std::string_view name);

/// The relation a person would query for `node`: `relation_name` when dbt
/// wrote one, else `database.schema.alias` from the parts that are known.
std::string relation_of(const Node& node);

} // namespace steward::dbt

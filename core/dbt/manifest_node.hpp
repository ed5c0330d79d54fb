#pragma once

// Internal to the manifest parser: reads one resource object into a `Node`.

#include "core/dbt/node.hpp"
#include "core/json/reader.hpp"

namespace steward::dbt::detail {

/// Which top-level map a resource came from; decides how ambiguous keys such
/// as `dimensions` (semantic models vs legacy metrics) are read.
enum class Section : std::uint8_t {
  nodes,
  sources,
  exposures,
  metrics,
  semantic_models,
  saved_queries,
  unit_tests,
  groups,
  docs,
  functions,
  disabled,
};

/// Reads the resource object `value` into `node`. `type` is used when the
/// object has no `resource_type` (older docs and groups).
void read_node(json::Reader& reader, json::od::value value, Section section, ResourceType type, Node& node);

/// Finds an owner in a `meta` JSON object: `owner` as a string, a list of
/// strings (joined with ", ") or an object with `name`/`email`. Empty when none.
std::string owner_from_meta(std::string_view meta_json);

} // namespace steward::dbt::detail

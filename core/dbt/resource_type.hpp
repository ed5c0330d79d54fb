#pragma once

#include <cstdint>
#include <string_view>

namespace steward::dbt {

/// The kinds of resources a dbt project holds, as named by `resource_type`.
enum class ResourceType : std::uint8_t {
  model,
  seed,
  snapshot,
  analysis,
  test,
  unit_test,
  operation,
  sql_operation,
  source,
  exposure,
  metric,
  semantic_model,
  saved_query,
  group,
  doc,
  macro,
  function,
  unknown,
};

inline constexpr std::size_t k_resource_type_count = static_cast<std::size_t>(ResourceType::unknown) + 1;

/// The dbt spelling (`semantic_model`, `saved_query`, ...).
std::string_view to_string(ResourceType type);

/// Parses a dbt spelling; unknown strings map to `ResourceType::unknown`.
ResourceType resource_type_from(std::string_view text);

/// True for nodes that dbt builds as relations (model, seed, snapshot).
bool is_relation(ResourceType type);

/// True for resources that are tests of some kind (data tests, unit tests).
bool is_test(ResourceType type);

} // namespace steward::dbt

#include "core/dbt/resource_type.hpp"

#include <array>

namespace steward::dbt {
namespace {

constexpr std::array<std::string_view, k_resource_type_count> k_names = {
    "model",       "seed",          "snapshot", "analysis", "test",     "unit_test",
    "operation",   "sql_operation", "source",   "exposure", "metric",   "semantic_model",
    "saved_query", "group",         "doc",      "macro",    "function", "unknown",
};

} // namespace

std::string_view to_string(ResourceType type) {
  return k_names[static_cast<std::size_t>(type)];
}

ResourceType resource_type_from(std::string_view text) {
  for (std::size_t i = 0; i + 1 < k_names.size(); ++i) {
    if (k_names[i] == text) {
      return static_cast<ResourceType>(i);
    }
  }
  // dbt 0.x spelled unit tests and data tests the same; "sql" is an RPC leftover.
  if (text == "sql") {
    return ResourceType::sql_operation;
  }
  return ResourceType::unknown;
}

bool is_relation(ResourceType type) {
  return type == ResourceType::model || type == ResourceType::seed || type == ResourceType::snapshot;
}

bool is_test(ResourceType type) {
  return type == ResourceType::test || type == ResourceType::unit_test;
}

} // namespace steward::dbt

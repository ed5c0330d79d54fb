#include <gtest/gtest.h>

#include <iostream>

#include "core/dbt/source_tree.hpp"
#include "tests/support/fixtures.hpp"

namespace steward::dbt {
namespace {

TEST(SourceTreeDebug, Dump) {
  STEWARD_REQUIRE_FIXTURES();
  const char* which = std::getenv("SRC_FIXTURE");
  if (which == nullptr) {
    GTEST_SKIP();
  }
  auto project = parse_source_tree(testing::dbt_fixture(which));
  ASSERT_TRUE(project) << project.error().to_string();
  std::cout << "nodes " << project->nodes().size() << " disabled " << project->disabled().size() << " macros "
            << project->macros().size() << " edges " << project->graph().edge_count() << "\n";
  for (std::size_t i = 0; i < k_resource_type_count; ++i) {
    if (project->count(static_cast<ResourceType>(i)) > 0) {
      std::cout << "  " << to_string(static_cast<ResourceType>(i)) << " " << project->count(static_cast<ResourceType>(i)) << "\n";
    }
  }
  for (const auto& w : project->warnings()) {
    std::cout << "W " << w << "\n";
  }
  for (const auto& a : project->artifacts()) {
    std::cout << "A " << a.kind << " " << a.path << "\n";
  }
}

} // namespace
} // namespace steward::dbt

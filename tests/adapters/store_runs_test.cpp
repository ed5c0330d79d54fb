// Store conformance: the dbt runs Steward has seen. Every test runs against
// SQLite and PostgreSQL (tests/support/store_fixture.hpp).
#include <string>
#include <vector>

#include "tests/support/store_fixture.hpp"

namespace steward::testing {
namespace {

class StoreRuns : public StoreTest {};
STEWARD_STORE_SUITE(StoreRuns);

store::RunRecord run_of(std::string invocation_id, store::TimePoint received_at,
                        std::string summary = R"({"error": 1, "success": 41})") {
  return {std::move(invocation_id), "hook", "2026-01-01T00:00:00.123456Z", std::move(summary), received_at};
}

std::vector<std::string> ids_of(const std::vector<store::RunRecord>& runs) {
  std::vector<std::string> ids;
  ids.reserve(runs.size());
  for (const store::RunRecord& run : runs) {
    ids.push_back(run.invocation_id);
  }
  return ids;
}

TEST_P(StoreRuns, ARunIsStoredOnce) {
  EXPECT_FALSE(must(store().run("b7f0c4e2")).has_value());
  store::RunRecord first = run_of("b7f0c4e2", at(0), R"({"failed": ["model.shop.fct_orders"], "note": "é"})");
  first.source = "dbt_cloud";
  ASSERT_TRUE(must(store().record_run(first)));

  auto stored = must(store().run("b7f0c4e2"));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->invocation_id, "b7f0c4e2");
  EXPECT_EQ(stored->source, "dbt_cloud");
  EXPECT_EQ(stored->generated_at, "2026-01-01T00:00:00.123456Z");
  EXPECT_EQ(stored->summary, first.summary);
  EXPECT_EQ(stored->received_at, at(0));

  // The same invocation again, from elsewhere and later: refused, unchanged.
  EXPECT_FALSE(must(store().record_run(run_of("b7f0c4e2", at(60), "{}"))));
  reopen();
  auto kept = must(store().run("b7f0c4e2"));
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->summary, first.summary);
  EXPECT_EQ(kept->source, "dbt_cloud");
  EXPECT_EQ(kept->received_at, at(0));
  EXPECT_EQ(must(store().recent_runs(10)).size(), 1U);
}

TEST_P(StoreRuns, ARunWithoutAnInvocationIdIsRefused) {
  auto refused = store().record_run(run_of("", at(0)));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().reason.find("invocation id"), std::string::npos) << refused.error().reason;
  EXPECT_TRUE(must(store().recent_runs(10)).empty());
}

TEST_P(StoreRuns, RecentRunsAreNewestFirstAndLimited) {
  EXPECT_TRUE(must(store().recent_runs(10)).empty());
  ASSERT_TRUE(must(store().record_run(run_of("first", at(10)))));
  ASSERT_TRUE(must(store().record_run(run_of("latest", at(30)))));
  ASSERT_TRUE(must(store().record_run(run_of("middle", at(20))))); // arrived late

  EXPECT_EQ(ids_of(must(store().recent_runs(10))), (std::vector<std::string>{"latest", "middle", "first"}));
  EXPECT_EQ(ids_of(must(store().recent_runs(2))), (std::vector<std::string>{"latest", "middle"}));
  EXPECT_TRUE(must(store().recent_runs(0)).empty());
  EXPECT_TRUE(must(store().recent_runs(-5)).empty());

  // Received in the same millisecond: the one stored last comes first.
  ASSERT_TRUE(must(store().record_run(run_of("tie-a", at(40)))));
  ASSERT_TRUE(must(store().record_run(run_of("tie-b", at(40)))));
  EXPECT_EQ(ids_of(must(store().recent_runs(3))), (std::vector<std::string>{"tie-b", "tie-a", "latest"}));
}

} // namespace
} // namespace steward::testing

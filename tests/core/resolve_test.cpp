#include <gtest/gtest.h>

#include "core/dbt/resolve.hpp"

namespace steward::dbt {
namespace {

struct Spec {
  std::string unique_id;
  ResourceType type;
  std::string name;
  std::string package;
  std::string source_name = {};
  std::string version = {};
  std::string latest = {};
};

Project make(const std::vector<Spec>& specs) {
  ProjectBuilder builder;
  for (const auto& spec : specs) {
    Node node;
    node.unique_id = builder.store(spec.unique_id);
    node.type = spec.type;
    node.name = builder.store(spec.name);
    node.package_name = builder.store(spec.package);
    node.source_name = builder.store(spec.source_name);
    node.version = builder.store(spec.version);
    node.latest_version = builder.store(spec.latest);
    builder.add(std::move(node));
  }
  return std::move(builder).finish();
}

Project shop() {
  return make({
      {"model.shop.fct_orders", ResourceType::model, "fct_orders", "shop"},
      {"model.shop.stg_orders", ResourceType::model, "stg_orders", "shop"},
      {"source.shop.raw.orders", ResourceType::source, "orders", "shop", "raw"},
      {"source.shop.legacy.orders", ResourceType::source, "orders", "shop", "legacy"},
      {"model.shop.dim_customers.v1", ResourceType::model, "dim_customers", "shop", "", "1", "2"},
      {"model.shop.dim_customers.v2", ResourceType::model, "dim_customers", "shop", "", "2", "2"},
      {"model.utils.calendar", ResourceType::model, "calendar", "utils"},
      {"model.shop.calendar", ResourceType::model, "calendar", "shop"},
      {"exposure.shop.weekly", ResourceType::exposure, "weekly", "shop"},
      {"test.shop.not_null_fct_orders_id", ResourceType::test, "not_null_fct_orders_id", "shop"},
  });
}

std::string found_id(const Project& project, std::string_view query) {
  auto r = resolve(project, query);
  return r.kind == Resolution::Kind::found ? std::string(project.node(r.id).unique_id) : "(not found)";
}

TEST(Resolve, EveryWayOfNamingANode) {
  Project p = shop();
  EXPECT_EQ(found_id(p, "model.shop.fct_orders"), "model.shop.fct_orders");
  EXPECT_EQ(found_id(p, "fct_orders"), "model.shop.fct_orders");
  EXPECT_EQ(found_id(p, " fct_orders "), "model.shop.fct_orders");
  EXPECT_EQ(found_id(p, "raw.orders"), "source.shop.raw.orders");
  EXPECT_EQ(found_id(p, "legacy.orders"), "source.shop.legacy.orders");
  EXPECT_EQ(found_id(p, "utils.calendar"), "model.utils.calendar");
  EXPECT_EQ(found_id(p, "weekly"), "exposure.shop.weekly");
  EXPECT_EQ(found_id(p, "FCT_ORDERS"), "model.shop.fct_orders");
}

TEST(Resolve, VersionedModelsResolveToTheLatestUnlessPinned) {
  Project p = shop();
  EXPECT_EQ(found_id(p, "dim_customers"), "model.shop.dim_customers.v2");
  EXPECT_EQ(found_id(p, "dim_customers.v1"), "model.shop.dim_customers.v1");
}

TEST(Resolve, AmbiguousNamesListTheCandidates) {
  Project p = shop();
  auto r = resolve(p, "calendar");
  ASSERT_EQ(r.kind, Resolution::Kind::ambiguous);
  EXPECT_EQ(r.candidates, (std::vector<std::string>{"model.utils.calendar", "model.shop.calendar"}));
  EXPECT_EQ(describe_failure("calendar", r),
            "calendar: ambiguous, matches model.utils.calendar, model.shop.calendar (use a unique_id)");
  // A bare source table name that two sources share is ambiguous too.
  EXPECT_EQ(resolve(p, "orders").kind, Resolution::Kind::ambiguous);
}

TEST(Resolve, UnknownNamesSuggestCloseOnes) {
  Project p = shop();
  auto r = resolve(p, "fct_ordrs");
  ASSERT_EQ(r.kind, Resolution::Kind::not_found);
  ASSERT_FALSE(r.candidates.empty());
  EXPECT_EQ(r.candidates.front(), "fct_orders");
  EXPECT_EQ(describe_failure("fct_ordrs", r).rfind("fct_ordrs: no such node; did you mean fct_orders", 0),
            0u);
  auto nothing = resolve(p, "zzzzzzzzzzzz");
  EXPECT_EQ(nothing.kind, Resolution::Kind::not_found);
  EXPECT_EQ(describe_failure("zzzzzzzzzzzz", nothing), "zzzzzzzzzzzz: no such node");
  // Tests are never suggested; sources are suggested in source.table form.
  auto source = resolve(p, "raw.ordrs");
  ASSERT_FALSE(source.candidates.empty());
  EXPECT_EQ(source.candidates.front(), "raw.orders");
}

} // namespace
} // namespace steward::dbt

// The generator against dbt projects: the example spec validates against
// examples/shop; mapped sources and models are checked in the project; and
// a generated vault, written beside a dbt_project.yml, loads in Steward's
// own source parser with the lineage stage → hub/link/satellite and its
// tests attached.

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "core/datavault/generate.hpp"
#include "core/dbt/loader.hpp"
#include "core/dbt/source_tree.hpp"
#include "tests/core/datavault_support.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::datavault {
namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const dbt::Project& shop() {
  static const dbt::Project project = [] {
    auto loaded = dbt::load_project(::steward::testing::source_dir() / "examples" / "shop");
    EXPECT_TRUE(loaded) << loaded.error().to_string();
    return std::move(*loaded);
  }();
  return project;
}

Spec example_spec() {
  return testing::spec_of(read(::steward::testing::source_dir() / "examples" / "datavault" / "shop.yaml"));
}

TEST(DatavaultProject, TheExampleSpecIsValidAgainstTheShopProject) {
  auto parsed = parse_spec(read(::steward::testing::source_dir() / "examples" / "datavault" / "shop.yaml"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(testing::listed(parsed->diagnostics), "");
  Generation generation = generate(parsed->spec, {"shop.yaml"}, &shop());
  EXPECT_EQ(testing::listed(generation.diagnostics), "");
  ASSERT_TRUE(generation.output);
  EXPECT_EQ(
      generation.output->report.summary,
      "5 stages, 4 hubs, 2 links, 1 transactional link, 4 satellites, 1 effectivity satellite (21 files)");
}

TEST(DatavaultProject, MappedSourcesAndModelsMustExistInTheProject) {
  const std::vector<Diagnostic> found = validate(testing::spec_of(R"(
entity: {name: customer}
hub: {business_key: [customer_id]}
satellites: [{name: details, attributes: [email, nickname]}]
source_mappings:
  crm: {schema: raw, table: customers, key_field: id, load_date: _loaded_at}
  web: {schema: shop, table: custmers, key_field: id, load_date: _loaded_at}
  mart: {model: dim_customer, key_field: customer_id, load_date: _loaded_at}
  fine: {model: dim_customers, load_date: _loaded_at}
  typo: {schema: shop, table: orders, key_field: customer_idd, load_date: _loaded_at}
  stg: {model: stg_shop__orders, key_field: customer_id, load_date: _loaded_at}
---
entity: {name: shop}
hub: {business_key: [id], model_name: dim_products}
source_mappings: {stg: {}}
)"),
                                                 &shop());
  const std::string listed = testing::listed(found);
  for (const char* expected : {
           "error: entities[0].source_mappings.crm.schema: the project has no source raw.customers; raw is "
           "the "
           "schema of source shop: write schema: shop (the dbt source name)",
           "error: entities[0].source_mappings.web: source shop.custmers is not in the project; did you mean "
           "shop.customers?",
           "error: entities[0].source_mappings.mart.model: model dim_customer is not in the project; did you "
           "mean "
           "dim_customers?",
           "warning: entities[0].source_mappings.typo.key_field: column customer_idd is not documented on "
           "source "
           "shop.orders; did you mean customer_id?",
           "warning: entities[0].satellites[0].attributes: column nickname is not documented on model "
           "dim_customers",
           "warning: entities[1].hub: the project has a model named dim_products already "
           "(models/marts/core/dim_products.sql)",
       }) {
    EXPECT_NE(listed.find(expected), std::string::npos) << expected << "\nnot in:\n" << listed;
  }
  EXPECT_EQ(listed.find("source_mappings.fine"), std::string::npos) << listed;
}

/// Writes `output` under `root/models` beside a dbt_project.yml and the
/// shop's source definitions, and parses it.
dbt::Project load_generated(const ::steward::testing::TempDir& dir, const Output& output) {
  dir.write("dbt_project.yml", "name: vault\nversion: '1.0'\nconfig-version: 2\nmodel-paths: [models]\n");
  const std::filesystem::path shop = ::steward::testing::source_dir() / "examples/shop/models";
  dir.write("models/sources.yml", read(shop / "staging/_sources.yml"));
  dir.write("models/docs.md", read(shop / "docs.md")); // the doc() blocks sources.yml uses
  for (const File& file : output.files) {
    dir.write("models/" + file.path, file.content);
  }
  auto project = dbt::parse_source_tree(dir.path());
  EXPECT_TRUE(project) << (project ? "" : project.error().to_string());
  return std::move(*project);
}

std::set<std::string> parents(const dbt::Project& project, const std::string& unique_id) {
  auto id = project.find(unique_id);
  EXPECT_TRUE(id) << unique_id;
  if (!id) {
    return {};
  }
  const auto& depends = project.node(*id).depends_on;
  return {depends.begin(), depends.end()};
}

TEST(DatavaultProject, AGeneratedVaultLoadsWithItsLineage) {
  Generation generation = generate(example_spec(), {"shop.yaml"});
  ASSERT_TRUE(generation.output) << testing::listed(generation.diagnostics);
  ::steward::testing::TempDir dir;
  const dbt::Project project = load_generated(dir, *generation.output);
  for (const std::string& warning : project.warnings()) {
    ADD_FAILURE() << warning;
  }
  using Set = std::set<std::string>;
  EXPECT_EQ(parents(project, "model.vault.stg_orders"), (Set{"source.vault.shop.orders"}));
  EXPECT_EQ(parents(project, "model.vault.h_customer"),
            (Set{"model.vault.stg_customers", "model.vault.stg_orders"}));
  EXPECT_EQ(parents(project, "model.vault.h_order"),
            (Set{"model.vault.stg_orders", "model.vault.stg_order_items", "model.vault.stg_payments"}));
  EXPECT_EQ(parents(project, "model.vault.l_order_customer"), (Set{"model.vault.stg_orders"}));
  EXPECT_EQ(parents(project, "model.vault.l_order_line"), (Set{"model.vault.stg_order_items"}));
  EXPECT_EQ(parents(project, "model.vault.t_payment"), (Set{"model.vault.stg_payments"}));
  EXPECT_EQ(parents(project, "model.vault.s_customer_profile_customers"), (Set{"model.vault.stg_customers"}));
  EXPECT_EQ(parents(project, "model.vault.s_order_item_line_order_items"),
            (Set{"model.vault.stg_order_items"}));
  EXPECT_EQ(parents(project, "model.vault.es_order_customer_orders"), (Set{"model.vault.stg_orders"}));

  // Materialisations and the generated tests are what dbt will see.
  auto hub = project.find("model.vault.h_customer");
  ASSERT_TRUE(hub);
  EXPECT_EQ(project.node(*hub).materialized, "incremental");
  EXPECT_EQ(project.node(*project.find("model.vault.stg_customers")).materialized, "view");
  std::set<std::string> tests;
  for (dbt::NodeId id : project.tests_of(*hub)) {
    tests.insert(std::string(project.node(id).test_name) + ":" + std::string(project.node(id).column_name));
  }
  EXPECT_EQ(tests, (Set{"not_null:customer_hk", "unique:customer_hk", "not_null:customer_id",
                        "not_null:load_date", "not_null:record_source", "relationships:customer_hk"}));
  auto sat = project.find("model.vault.s_customer_profile_customers");
  ASSERT_TRUE(sat);
  std::set<std::string> sat_tests;
  for (dbt::NodeId id : project.tests_of(*sat)) {
    sat_tests.insert(std::string(project.node(id).test_namespace) + "." +
                     std::string(project.node(id).test_name));
  }
  EXPECT_TRUE(sat_tests.contains("dbt_utils.unique_combination_of_columns")) << sat_tests.size();
  // Descriptions reach the model nodes.
  EXPECT_NE(project.node(*hub).description.find("A person with a shop account."), std::string::npos);
}

TEST(DatavaultProject, RefsResolveWithinTheGeneratedSetOrTheLoadedProject) {
  // A stage reading a project model: its ref resolves in the project.
  Generation generation = generate(testing::spec_of(R"(
entity: {name: customer}
hub: {business_key: [customer_id]}
source_mappings:
  mart: {model: dim_customers, load_date: first_order_at}
)"),
                                   {"mart.yaml"}, &shop());
  ASSERT_TRUE(generation.output) << testing::listed(generation.diagnostics);
  std::set<std::string> known;
  for (const dbt::Node& node : shop().nodes()) {
    known.insert(std::string(node.name));
  }
  for (const File& file : generation.output->files) {
    if (file.path.ends_with(".sql")) {
      known.insert(file.path.substr(file.path.rfind('/') + 1, file.path.size() - file.path.rfind('/') - 5));
    }
  }
  for (const File& file : generation.output->files) {
    for (std::size_t at = file.content.find("ref('"); at != std::string::npos;
         at = file.content.find("ref('", at + 1)) {
      const std::size_t end = file.content.find('\'', at + 5);
      const std::string name = file.content.substr(at + 5, end - at - 5);
      EXPECT_TRUE(known.contains(name)) << file.path << ": ref('" << name << "')";
    }
  }
}

} // namespace
} // namespace steward::datavault

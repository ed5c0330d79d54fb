// The dry-run checks of a fix: YAML that still parses, and the difference
// between the project before and after the patch.

#include <gtest/gtest.h>

#include "core/dbt/source_tree.hpp"
#include "core/fix/check.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::fix {
namespace {

TEST(FixCheck, YamlThatDoesNotParseIsNamedWithFileAndLine) {
  std::vector<FileEdit> edits{
      {"models/schema.yml", "a: 1\n", "models:\n  - name: a\n    tests: [unique\n"},
      {"models/ok.yaml", "", "x: 1\n"},
      {"models/a.sql", "", "select [ from {\n"},
  };
  std::vector<Error> errors = check_yaml(edits);
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_EQ(errors[0].key.substr(0, errors[0].key.rfind(':')), "models/schema.yml");
  int line = std::stoi(errors[0].key.substr(errors[0].key.rfind(':') + 1));
  EXPECT_GE(line, 3);
  EXPECT_NE(errors[0].reason.find("does not parse"), std::string::npos);
  EXPECT_TRUE(check_yaml({{"s.yml", "", "a:\n  - b\n"}}).empty());
  EXPECT_TRUE(check_yaml({}).empty());
}

/// A node with `depends_on` for a project built by hand.
dbt::Project build(const std::vector<std::tuple<std::string, std::string, std::vector<std::string>>>& specs) {
  dbt::ProjectBuilder builder;
  for (const auto& [id, code, parents] : specs) {
    dbt::Node node;
    node.unique_id = builder.store(id);
    node.name = builder.store(id.substr(id.rfind('.') + 1));
    node.type = id.rfind("model.", 0) == 0 ? dbt::ResourceType::model : dbt::ResourceType::test;
    node.package_name = "shop";
    node.raw_code = builder.store(code);
    for (const auto& parent : parents) {
      node.depends_on.push_back(builder.store(parent));
    }
    builder.add(std::move(node));
  }
  return std::move(builder).finish();
}

TEST(FixCheck, DeltaListsBrokenRefsGoneAddedAndChangedModels) {
  dbt::Project before = build({
      {"model.shop.a", "select 1 as id", {}},
      {"model.shop.b", "select * from a", {"model.shop.a"}},
      {"model.shop.c", "select 2", {"model.shop.ghost"}}, // already broken: not reported
      {"test.shop.not_null_a_id", "", {"model.shop.a"}},
  });
  dbt::Project after = build({
      {"model.shop.a2", "select 1 as id", {}},
      {"model.shop.b", "select * from a2", {"model.shop.a"}},
      {"model.shop.c", "select 2", {"model.shop.ghost"}},
      {"test.shop.not_null_a_id", "", {"model.shop.a"}},
  });
  ProjectDelta delta = compare_projects(before, after);
  EXPECT_EQ(delta.broken_refs, (std::vector<std::string>{
                                   "model.shop.b depends on model.shop.a, which does not exist",
                                   "test.shop.not_null_a_id depends on model.shop.a, which does not exist"}));
  EXPECT_EQ(delta.disappeared, (std::vector<std::string>{"model.shop.a"}));
  EXPECT_EQ(delta.added, (std::vector<std::string>{"model.shop.a2"}));
  EXPECT_EQ(delta.changed_models, (std::vector<std::string>{"model.shop.b"}));
  EXPECT_FALSE(delta.clean());
}

TEST(FixCheck, SameProjectIsClean) {
  auto specs = std::vector<std::tuple<std::string, std::string, std::vector<std::string>>>{
      {"model.shop.a", "select 1", {}}, {"model.shop.b", "select * from a", {"model.shop.a"}}};
  ProjectDelta delta = compare_projects(build(specs), build(specs));
  EXPECT_TRUE(delta.clean());
  EXPECT_TRUE(delta.changed_models.empty());
  EXPECT_TRUE(delta.added.empty());
}

TEST(FixCheck, SourceTreeProjectsReportUnknownRefsAsNewWarnings) {
  testing::TempDir before_dir;
  testing::TempDir after_dir;
  for (const auto* dir : {&before_dir, &after_dir}) {
    dir->write("dbt_project.yml", "name: shop\nversion: '1.0'\nconfig-version: 2\nmodel-paths: [models]\n");
    dir->write("models/a.sql", "select 1 as id\n");
    dir->write("models/schema.yml", "version: 2\nmodels:\n  - name: a\n    columns:\n      - name: id\n"
                                    "        tests: [unique]\n");
  }
  before_dir.write("models/b.sql", "select * from {{ ref('a') }}\n");
  after_dir.write("models/b.sql", "select * from {{ ref('a_typo') }}\n");
  auto before = dbt::parse_source_tree(before_dir.path());
  auto after = dbt::parse_source_tree(after_dir.path());
  ASSERT_TRUE(before && after);
  ProjectDelta delta = compare_projects(*before, *after);
  ASSERT_EQ(delta.new_warnings.size(), 1U);
  EXPECT_NE(delta.new_warnings[0].find("a_typo"), std::string::npos);
  EXPECT_EQ(delta.changed_models, (std::vector<std::string>{"model.shop.b"}));
  EXPECT_FALSE(delta.clean());
}

TEST(FixCheck, ATestRenamedByItsNewArgumentsIsRenamedNotGone) {
  testing::TempDir before_dir;
  testing::TempDir after_dir;
  for (const auto* dir : {&before_dir, &after_dir}) {
    dir->write("dbt_project.yml", "name: shop\nversion: '1.0'\nconfig-version: 2\nmodel-paths: [models]\n");
    dir->write("models/orders.sql", "select 'placed' as status\n");
  }
  const std::string yml = "version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: status\n"
                          "        tests:\n          - accepted_values:\n              values: [VALUES]\n";
  std::string old_yml = yml;
  old_yml.replace(old_yml.find("VALUES"), 6, "placed");
  std::string new_yml = yml;
  new_yml.replace(new_yml.find("VALUES"), 6, "placed, on_hold");
  before_dir.write("models/schema.yml", old_yml);
  after_dir.write("models/schema.yml", new_yml);
  auto before = dbt::parse_source_tree(before_dir.path());
  auto after = dbt::parse_source_tree(after_dir.path());
  ASSERT_TRUE(before && after);
  ProjectDelta delta = compare_projects(*before, *after);
  EXPECT_TRUE(delta.disappeared.empty());
  EXPECT_TRUE(delta.added.empty());
  ASSERT_EQ(delta.renamed.size(), 1U);
  EXPECT_NE(delta.renamed[0].find("accepted_values_orders_status__placed -> "), std::string::npos)
      << delta.renamed[0];
  EXPECT_NE(delta.renamed[0].find("on_hold"), std::string::npos) << delta.renamed[0];
  EXPECT_TRUE(delta.clean());
}

} // namespace
} // namespace steward::fix

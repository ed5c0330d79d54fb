// The project tools at their size limits (a generated project) and
// list_failures over shared fixtures with run_results.

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/knowledge/snapshot.hpp"
#include "tests/core/tool_harness.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::agent {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using tool_testing::read;
using tool_testing::ToolHarness;

/// A generated project with a long description, long SQL, 70 columns and 60
/// children, to reach every size limit.
class ProjectToolsLimitsTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_dir = std::make_unique<steward::testing::TempDir>();
    s_dir->write("dbt_project.yml", "name: big\nversion: '1.0'\nconfig-version: 2\nprofile: big\n");
    std::string sql = "select 1 as id\n";
    while (sql.size() < 10'000) {
      sql += "-- padding line to make the SQL long\n";
    }
    s_dir->write("models/base.sql", sql);
    std::string yaml = "version: 2\nmodels:\n  - name: base\n    description: \"" + std::string(3000, 'd') +
                       "\"\n    columns:\n";
    for (int i = 0; i < 70; ++i) {
      yaml += "      - name: col_" + std::to_string(100 + i) + "\n        description: \"" +
              std::string(500, 'c') + "\"\n";
    }
    s_dir->write("models/schema.yml", yaml);
    for (int i = 0; i < 60; ++i) {
      s_dir->write("models/child_" + std::to_string(100 + i) + ".sql", "select * from {{ ref('base') }}\n");
    }
    auto built = knowledge::build_snapshot(s_dir->path(), {});
    ASSERT_TRUE(built) << built.error().to_string();
    s_snapshot = *built;
  }
  static void TearDownTestSuite() {
    s_snapshot.reset();
    s_dir.reset();
  }

  ToolHarness m_tools{s_snapshot};
  static inline std::unique_ptr<steward::testing::TempDir> s_dir;
  static inline std::shared_ptr<const knowledge::Snapshot> s_snapshot;
};

bool ends_with_ellipsis(const json& text) {
  return text.get<std::string>().ends_with("\xE2\x80\xA6");
}

TEST_F(ProjectToolsLimitsTest, GetNodeCutsLongTextAndLongLists) {
  json body = m_tools.ok("get_node", {{"name", "base"}});
  EXPECT_EQ(body["truncated"], true);
  EXPECT_LE(body["description"].get<std::string>().size(), 2000U);
  EXPECT_TRUE(ends_with_ellipsis(body["description"]));
  EXPECT_EQ(body["columns"].size(), 60U);
  EXPECT_EQ(body["omitted"]["columns"], 10);
  EXPECT_EQ(body["columns"][0]["name"], "col_100");
  EXPECT_TRUE(ends_with_ellipsis(body["columns"][0]["description"]));
  EXPECT_EQ(body["referenced_by"].size(), 30U);
  EXPECT_EQ(body["omitted"]["referenced_by"], 30);
  EXPECT_EQ(body["referenced_by"][0], "model.big.child_100") << "sorted by unique_id";
}

TEST_F(ProjectToolsLimitsTest, OtherToolsCutAtTheirLimits) {
  json sql = m_tools.ok("get_model_sql", {{"name", "base"}});
  EXPECT_EQ(sql["truncated"], true);
  EXPECT_LE(sql["raw_sql"].get<std::string>().size(), 6000U);
  EXPECT_TRUE(ends_with_ellipsis(sql["raw_sql"]));
  EXPECT_EQ(sql["raw_sql"].get<std::string>().rfind("select 1 as id\n", 0), 0U);
  json lineage = m_tools.ok("get_lineage", {{"name", "base"}, {"direction", "downstream"}});
  EXPECT_EQ(lineage["downstream"].size(), 50U);
  EXPECT_EQ(lineage["omitted"]["downstream"], 10);
  EXPECT_EQ(lineage["downstream"][0]["unique_id"], "model.big.child_100") << "by depth, then unique_id";
  EXPECT_EQ(lineage["impact"]["models"], 60);
  json columns = m_tools.ok("get_columns", {{"column", "col_"}});
  EXPECT_EQ(columns["models"].size(), 25U);
  EXPECT_EQ(columns["omitted"], 45);
  EXPECT_EQ(columns["truncated"], true);
  json search = m_tools.ok("search_project", {{"query", "child"}, {"limit", 20}});
  EXPECT_EQ(search["results"].size(), 20U);
  json description = m_tools.ok("search_project", {{"query", "base"}});
  ASSERT_FALSE(description["results"].empty());
  EXPECT_EQ(description["results"][0]["unique_id"], "model.big.base");
  EXPECT_EQ(description["results"][0]["truncated"], true);
  EXPECT_LE(description["results"][0]["description"].get<std::string>().size(), 300U);
}

TEST_F(ProjectToolsLimitsTest, KnowledgeBaseTextIsCutAt1500Bytes) {
  auto corpus = std::make_shared<const kb::Corpus>(
      kb::Corpus::from_files({{"long.md", "# Long section\n" + std::string(4000, 'x') + "\n"}}));
  m_tools.env().kb = corpus;
  json body = m_tools.ok("search_knowledge_base", {{"query", "long section"}});
  ASSERT_EQ(body["results"].size(), 1U);
  EXPECT_EQ(body["results"][0]["truncated"], true);
  EXPECT_LE(body["results"][0]["text"].get<std::string>().size(), 1500U);
  EXPECT_TRUE(ends_with_ellipsis(body["results"][0]["text"]));
}

/// The problems `run_results.json` in `dir` records, read here.
json problems_in(const fs::path& dir, const std::set<std::string>& statuses) {
  json out = json::array();
  json run = json::parse(read(dir / "run_results.json"));
  for (const auto& result : run["results"]) {
    if (statuses.contains(result["status"].get<std::string>())) {
      out.push_back(result);
    }
  }
  return out;
}

TEST(ListFailuresFixtureTest, ErroredAndSkippedModels) {
  STEWARD_REQUIRE_FIXTURES();
  fs::path dir = steward::testing::dbt_fixture("openlineage/fail");
  auto built = knowledge::build_snapshot(dir / "manifest.json", {});
  ASSERT_TRUE(built) << built.error().to_string();
  ToolHarness tools(*built);
  json expected = problems_in(dir, {"error", "fail", "warn"});
  ASSERT_EQ(expected.size(), 1U);
  json body = tools.ok("list_failures", json::object());
  json run = json::parse(read(dir / "run_results.json"));
  EXPECT_EQ(body["invocation_id"], run["metadata"]["invocation_id"]);
  EXPECT_EQ(body["generated_at"], run["metadata"]["generated_at"]);
  ASSERT_EQ(body["failures"].size(), 1U);
  const json& failure = body["failures"][0];
  EXPECT_EQ(failure["unique_id"], expected[0]["unique_id"]);
  EXPECT_EQ(failure["status"], "error");
  EXPECT_EQ(failure["resource_type"], "model");
  EXPECT_EQ(failure["name"], "test_second_parallel_dbt_model");
  EXPECT_EQ(failure["message"].get<std::string>().rfind("Database Error", 0), 0U);
  std::map<std::string, int> counts;
  for (const auto& result : run["results"]) {
    ++counts[result["status"].get<std::string>()];
  }
  EXPECT_EQ(body["counts"], json(counts));
  json skipped = tools.ok("list_failures", {{"statuses", {"skipped"}}});
  ASSERT_EQ(skipped["failures"].size(), 1U);
  EXPECT_EQ(skipped["failures"][0]["unique_id"], problems_in(dir, {"skipped"})[0]["unique_id"]);
  json both = tools.ok("list_failures", {{"statuses", {"skipped", "error"}}});
  ASSERT_EQ(both["failures"].size(), 2U);
  EXPECT_EQ(both["failures"][0]["status"], "error") << "worst first";
}

TEST(ListFailuresFixtureTest, FailedTestsNameTheNodeTheyCheck) {
  STEWARD_REQUIRE_FIXTURES();
  fs::path dir = steward::testing::dbt_fixture("openlineage/no_test_metadata");
  auto built = knowledge::build_snapshot(dir / "manifest.json", {});
  ASSERT_TRUE(built) << built.error().to_string();
  ToolHarness tools(*built);
  json manifest = json::parse(read(dir / "manifest.json"));
  json expected = problems_in(dir, {"fail"});
  ASSERT_EQ(expected.size(), 2U);
  json body = tools.ok("list_failures", json::object());
  ASSERT_EQ(body["failures"].size(), 2U);
  for (std::size_t i = 0; i < 2; ++i) {
    const json& failure = body["failures"][i];
    std::string id = expected[i]["unique_id"];
    EXPECT_EQ(failure["unique_id"], id);
    EXPECT_EQ(failure["status"], "fail");
    EXPECT_EQ(failure["resource_type"], "test");
    const json& node = manifest["nodes"][id];
    std::string target = node.contains("attached_node") && node["attached_node"].is_string()
                             ? node["attached_node"].get<std::string>()
                             : node["depends_on"]["nodes"][0].get<std::string>();
    EXPECT_EQ(failure["attached_to"], target);
  }
  EXPECT_EQ(body["failures"][0]["failures"], 1) << "failing rows from run_results";
  EXPECT_EQ(body["counts"]["fail"], 2);
}

} // namespace
} // namespace steward::agent

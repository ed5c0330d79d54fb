// run_results.json, sources.json and catalog.json from real dbt runs.

#include <gtest/gtest.h>

#include "core/dbt/artifacts.hpp"
#include "core/dbt/loader.hpp"
#include "core/util/text.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/manifest_facts.hpp"

namespace steward {
namespace {

using testing::dbt_fixture;

std::vector<std::filesystem::path> files_named(const std::string& prefix) {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dbt_fixture(""))) {
    std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.rfind(prefix, 0) == 0 && entry.path().extension() == ".json") {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(RunResultsFixtures, EveryRunResultsFileParsesWithItsStatuses) {
  STEWARD_REQUIRE_FIXTURES();
  auto paths = files_named("run_results");
  paths.push_back(dbt_fixture("datahub/jaffle_shop_test_results.json"));
  ASSERT_GE(paths.size(), 20u);
  for (const auto& path : paths) {
    SCOPED_TRACE(path.string());
    auto text = dbt::read_file(path);
    ASSERT_TRUE(text);
    dbt::ProjectBuilder builder;
    auto info = dbt::parse_run_results(*text, path.string(), builder);
    ASSERT_TRUE(info) << info.error().to_string();
    auto project = std::move(builder).finish();
    auto json = testing::read_json(path);
    ASSERT_TRUE(project.run_results().has_value());
    const auto& results = project.run_results()->results;
    ASSERT_EQ(results.size(), json["results"].size());
    for (std::size_t i = 0; i < results.size(); ++i) {
      const auto& expected = json["results"][i];
      EXPECT_EQ(results[i].status, expected["status"].get<std::string>());
      if (expected.contains("unique_id")) {
        EXPECT_EQ(results[i].unique_id, expected["unique_id"].get<std::string>());
      }
      if (expected.contains("failures") && expected["failures"].is_number_integer()) {
        ASSERT_TRUE(results[i].failures.has_value());
        EXPECT_EQ(*results[i].failures, expected["failures"].get<long long>());
      }
      EXPECT_EQ(results[i].timing.size(), expected.value("timing", nlohmann::json::array()).size());
    }
    std::string url = json["metadata"]["dbt_schema_version"];
    EXPECT_EQ(info->schema_version, std::stoi(url.substr(url.rfind("/v") + 2)));
  }
}

TEST(RunResultsFixtures, FailuresAreProblems) {
  STEWARD_REQUIRE_FIXTURES();
  auto path = dbt_fixture("datahub/jaffle_shop_test_results.json");
  auto text = dbt::read_file(path);
  ASSERT_TRUE(text);
  dbt::ProjectBuilder builder;
  ASSERT_TRUE(dbt::parse_run_results(*text, path.string(), builder));
  auto project = std::move(builder).finish();
  std::size_t problems = 0;
  for (const auto& result : project.run_results()->results) {
    problems += result.is_problem() ? 1 : 0;
    if (result.status == "fail") {
      EXPECT_EQ(result.failures.value_or(0), 80);
    }
  }
  // The fixture's README: pass 21, fail 1, error 2.
  EXPECT_EQ(problems, 3u);
}

TEST(SourcesFixtures, FreshnessResultsParse) {
  STEWARD_REQUIRE_FIXTURES();
  for (const auto& path : files_named("sources")) {
    SCOPED_TRACE(path.string());
    auto text = dbt::read_file(path);
    ASSERT_TRUE(text);
    dbt::ProjectBuilder builder;
    auto info = dbt::parse_sources(*text, path.string(), builder);
    ASSERT_TRUE(info) << info.error().to_string();
    auto project = std::move(builder).finish();
    auto json = testing::read_json(path);
    ASSERT_TRUE(project.freshness());
    ASSERT_EQ(project.freshness()->results.size(), json["results"].size());
    for (std::size_t i = 0; i < json["results"].size(); ++i) {
      EXPECT_EQ(project.freshness()->results[i].status, json["results"][i]["status"].get<std::string>());
    }
    EXPECT_EQ(info->schema_version, 3);
  }
}

TEST(CatalogFixtures, ColumnTypesAndUndocumentedColumnsAreMerged) {
  STEWARD_REQUIRE_FIXTURES();
  auto dir = dbt_fixture("fivetran-hubspot/artifacts/v12_dbt-1.11.11");
  auto project = dbt::load_project(dir / "manifest.json");
  ASSERT_TRUE(project) << project.error().to_string();
  auto catalog = testing::read_json(dir / "catalog.json");
  auto manifest = testing::read_json(dir / "manifest.json");
  std::size_t checked = 0;
  for (const auto& [id, entry] : catalog["nodes"].items()) {
    auto found = project->find(id);
    if (!found) {
      continue;
    }
    const auto& node = project->node(*found);
    std::set<std::string> expected;
    for (const auto& [name, column] : entry["columns"].items()) {
      expected.insert(to_lower(name));
    }
    for (const auto& [name, column] : manifest["nodes"][id]["columns"].items()) {
      expected.insert(to_lower(name));
    }
    std::set<std::string> got;
    for (const auto& column : node.columns) {
      got.insert(to_lower(column.name));
      if (auto it = entry["columns"].find(std::string(column.name)); it != entry["columns"].end()) {
        if (manifest["nodes"][id]["columns"].contains(std::string(column.name)) &&
            manifest["nodes"][id]["columns"][std::string(column.name)]["data_type"].is_string()) {
          continue; // YAML-declared types win over the warehouse's
        }
        EXPECT_EQ(column.data_type, (*it)["type"].get<std::string>()) << id << "." << column.name;
      }
    }
    EXPECT_EQ(got, expected) << id;
    ++checked;
  }
  EXPECT_GT(checked, 100u);
}

TEST(LoaderFixtures, SiblingArtifactsArePickedUp) {
  STEWARD_REQUIRE_FIXTURES();
  auto project = dbt::load_project(dbt_fixture("ticketswap-tap-dbt-artifacts"));
  ASSERT_TRUE(project) << project.error().to_string();
  std::set<std::string> kinds;
  for (const auto& artifact : project->artifacts()) {
    kinds.insert(artifact.kind);
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"manifest", "catalog", "run_results", "sources"}));
  // The catalog's non-null `errors` list is surfaced, not dropped.
  std::size_t catalog_errors = 0;
  for (const auto& warning : project->warnings()) {
    catalog_errors += warning.find("catalog error") != std::string::npos ? 1 : 0;
  }
  EXPECT_EQ(catalog_errors, 2u);
}

TEST(LoaderFixtures, SemanticManifestAddsWhatTheManifestLacks) {
  STEWARD_REQUIRE_FIXTURES();
  auto path = dbt_fixture("dbt-core/semantic_manifests/SIMPLE_MODEL.json");
  auto text = dbt::read_file(path);
  ASSERT_TRUE(text);
  dbt::ProjectBuilder builder;
  auto info = dbt::parse_semantic_manifest(*text, path.string(), builder);
  ASSERT_TRUE(info) << info.error().to_string();
  auto project = std::move(builder).finish();
  auto json = testing::read_json(path);
  EXPECT_EQ(project.count(dbt::ResourceType::semantic_model), json["semantic_models"].size());
  EXPECT_EQ(project.count(dbt::ResourceType::metric), json["metrics"].size());
  EXPECT_EQ(project.count(dbt::ResourceType::saved_query), json["saved_queries"].size());
  // Measures, dimensions and entities are kept for search.
  const auto& first = json["semantic_models"][0];
  auto id = project.find("semantic_model.semantic_manifest." + first["name"].get<std::string>());
  ASSERT_TRUE(id);
  EXPECT_EQ(project.node(*id).semantic_fields.size(),
            first["measures"].size() + first["dimensions"].size() + first["entities"].size());
}

} // namespace
} // namespace steward

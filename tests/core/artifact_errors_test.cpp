// Bad artifacts give an error naming the file and JSON path; none crash or hang.

#include <random>

#include <gtest/gtest.h>

#include "core/dbt/artifacts.hpp"
#include "core/dbt/loader.hpp"
#include "tests/support/fixtures.hpp"

namespace steward {
namespace {

Result<dbt::Project> parse(const std::string& text) {
  dbt::ProjectBuilder builder;
  auto info = dbt::parse_manifest(text, "m.json", builder);
  if (!info) {
    return tl::unexpected(info.error());
  }
  return std::move(builder).finish();
}

std::string error_of(const std::string& text) {
  auto project = parse(text);
  return project ? std::string("(parsed)") : project.error().to_string();
}

TEST(ArtifactErrors, WrongTypesNameTheJsonPath) {
  EXPECT_EQ(error_of(R"({"nodes": []})"), "m.json: $.nodes: expected an object, found an array");
  EXPECT_EQ(error_of(R"({"nodes": {"model.a.b": {"unique_id": "model.a.b", "columns": "x"}}})"),
            R"(m.json: $.nodes["model.a.b"].columns: expected an object, found a string)");
  EXPECT_EQ(error_of(R"({"sources": {"s": {"unique_id": 5}}})"),
            "m.json: $.sources.s.unique_id: expected a string, found a number");
  EXPECT_EQ(error_of(R"({"nodes": {"x": {"tags": [{"a": 1}]}}})"),
            "m.json: $.nodes.x.tags[0]: expected a string or number, found an object");
}

TEST(ArtifactErrors, StructuralProblems) {
  EXPECT_EQ(error_of(""), "m.json: empty file");
  EXPECT_EQ(error_of("[1, 2]"), "m.json: $: expected a JSON object at the top, found an array");
  EXPECT_NE(error_of(R"({"nodes": {"a": {"unique_id": "a")").find("m.json: "), std::string::npos);
  EXPECT_NE(error_of("{nodes: 1}").find("m.json: $: malformed or truncated JSON"), std::string::npos);
  EXPECT_EQ(error_of(R"({"nodes": {"a": {"unique_id": "a", "name": "x\q"}}})"),
            "m.json: $.nodes.a.name: invalid escape sequence in string");
  EXPECT_EQ(error_of(R"({"nodes": {"a": {"name": "x"}}})"),
            "m.json: $.nodes.a: resource without a unique_id");
}

TEST(ArtifactErrors, UnknownKeysAndNullsAreTolerated) {
  auto project = parse(R"({
    "metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v99.json", "brand_new": {"x": [1]}},
    "nodes": {"model.p.a": {"unique_id": "model.p.a", "name": "a", "resource_type": "model",
                            "description": null, "columns": null, "tags": null, "future": {"deep": [[]]},
                            "depends_on": {"nodes": null, "macros": []}}},
    "a_future_section": {"model.p.a": {"unique_id": 1}}
  })");
  ASSERT_TRUE(project) << project.error().to_string();
  ASSERT_EQ(project->nodes().size(), 1u);
  EXPECT_EQ(project->node(0).description, "");
}

TEST(ArtifactErrors, EscapedStringsAreDecoded) {
  auto project = parse(R"({"nodes": {"model.p.a": {"unique_id": "model.p.a", "name": "a",
    "resource_type": "model", "description": "line one\nsaid \"hi\" caf\u00e9 \\ end",
    "meta": {"owner": {"name": "Ana", "email": "ana@example.com"}}}}})");
  ASSERT_TRUE(project) << project.error().to_string();
  EXPECT_EQ(project->node(0).description, "line one\nsaid \"hi\" caf\xc3\xa9 \\ end");
  EXPECT_EQ(project->node(0).owner, "Ana");
}

TEST(ArtifactErrors, OwnersFromMetaInEveryShape) {
  auto project = parse(R"({"nodes": {
    "model.p.a": {"unique_id": "model.p.a", "name": "a", "meta": {"owner": "finance"}},
    "model.p.b": {"unique_id": "model.p.b", "name": "b", "meta": {"owner": ["ana", "bo"]}},
    "model.p.c": {"unique_id": "model.p.c", "name": "c", "config": {"meta": {"owner": "cfg"}}},
    "model.p.d": {"unique_id": "model.p.d", "name": "d", "meta": {"owner_team": "x"}}}})");
  ASSERT_TRUE(project) << project.error().to_string();
  EXPECT_EQ(project->node(*project->find("model.p.a")).owner, "finance");
  EXPECT_EQ(project->node(*project->find("model.p.b")).owner, "ana, bo");
  EXPECT_EQ(project->node(*project->find("model.p.c")).owner, "cfg");
  EXPECT_EQ(project->node(*project->find("model.p.d")).owner, "");
}

TEST(ArtifactErrors, MissingFilesAndDirectories) {
  auto missing = dbt::read_file("/nonexistent/steward/manifest.json");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().to_string(), "/nonexistent/steward/manifest.json: No such file or directory");
  auto directory = dbt::read_file("/tmp");
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().reason, "is a directory, expected a file");
  auto project = dbt::load_project("/tmp");
  ASSERT_FALSE(project);
  EXPECT_NE(project.error().reason.find("not a dbt project"), std::string::npos);
}

/// Cuts a real manifest at many points: every cut is an error, never a crash.
TEST(ArtifactFuzz, TruncatedManifestsFailCleanly) {
  STEWARD_REQUIRE_FIXTURES();
  for (const char* name : {"dbt-core/defer_state/manifest.json", "dbt-core/state/v1/manifest.json",
                           "openlineage/duckdb/manifest.json"}) {
    auto text = dbt::read_file(testing::dbt_fixture(name));
    ASSERT_TRUE(text);
    std::string whole = *text;
    std::size_t last = whole.find_last_of('}');
    for (std::size_t step = 0; step < 150; ++step) {
      std::size_t cut = 1 + (last - 1) * step / 150;
      SCOPED_TRACE(std::string(name) + " cut at " + std::to_string(cut));
      auto project = parse(whole.substr(0, cut));
      EXPECT_FALSE(project) << "a manifest cut at byte " << cut << " parsed";
    }
  }
}

/// Overwrites random bytes with JSON-significant characters.
TEST(ArtifactFuzz, CorruptedManifestsNeverCrash) {
  STEWARD_REQUIRE_FIXTURES();
  auto text = dbt::read_file(testing::dbt_fixture("dbt-core/state/v12/manifest.json"));
  ASSERT_TRUE(text);
  const std::string original = *text;
  std::mt19937 random(20261123);
  const char alphabet[] = "{}[]\":,\\ 0a-\xff\x01";
  std::size_t failures = 0;
  for (int round = 0; round < 300; ++round) {
    std::string corrupted = original;
    int edits = 1 + static_cast<int>(random() % 8);
    for (int i = 0; i < edits; ++i) {
      corrupted[random() % corrupted.size()] = alphabet[random() % (sizeof(alphabet) - 1)];
    }
    auto project = parse(corrupted);
    if (!project) {
      ++failures;
      EXPECT_EQ(project.error().key, "m.json");
      EXPECT_FALSE(project.error().reason.empty());
    }
  }
  EXPECT_GT(failures, 100u) << "most random corruptions should be reported";
}

} // namespace
} // namespace steward

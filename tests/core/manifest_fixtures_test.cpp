// Every real manifest under ../shared/fixtures/dbt parses, and what Steward
// reads matches what the JSON says, computed independently with nlohmann_json.

#include <gtest/gtest.h>

#include "core/dbt/artifacts.hpp"
#include "core/dbt/loader.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/manifest_facts.hpp"

namespace steward {
namespace {

using testing::dbt_fixture;

Result<dbt::Project> parse_only_manifest(const std::filesystem::path& path) {
  auto text = dbt::read_file(path);
  if (!text) {
    return tl::unexpected(text.error());
  }
  dbt::ProjectBuilder builder;
  auto info = dbt::parse_manifest(*text, path.string(), builder);
  if (!info) {
    return tl::unexpected(info.error());
  }
  builder.add_artifact(*info);
  return std::move(builder).finish();
}

std::map<std::string, std::size_t> steward_counts(const dbt::Project& project) {
  std::map<std::string, std::size_t> counts;
  for (const auto& node : project.nodes()) {
    counts[std::string(dbt::to_string(node.type))]++;
  }
  if (!project.macros().empty()) {
    counts["macro"] = project.macros().size();
  }
  return counts;
}

TEST(ManifestFixtures, EveryManifestParsesWithTheCountsItsJsonHolds) {
  STEWARD_REQUIRE_FIXTURES();
  auto manifests = testing::manifests_under(dbt_fixture(""));
  ASSERT_GE(manifests.size(), 40u) << "expected the shared fixtures to hold dozens of manifests";
  for (const auto& path : manifests) {
    SCOPED_TRACE(path.string());
    auto project = parse_only_manifest(path);
    ASSERT_TRUE(project) << project.error().to_string();
    auto json = testing::read_json(path);
    auto expected = testing::resource_counts(json);
    std::erase_if(expected, [](const auto& entry) { return entry.second == 0; });
    EXPECT_EQ(steward_counts(*project), expected);
    EXPECT_EQ(project->disabled().size(), testing::disabled_count(json));
  }
}

TEST(ManifestFixtures, SchemaVersionIsReadFromMetadata) {
  STEWARD_REQUIRE_FIXTURES();
  for (int version = 1; version <= 12; ++version) {
    auto path = dbt_fixture("dbt-core/state/v" + std::to_string(version) + "/manifest.json");
    auto project = parse_only_manifest(path);
    ASSERT_TRUE(project) << project.error().to_string();
    ASSERT_EQ(project->artifacts().size(), 1u);
    EXPECT_EQ(project->artifacts()[0].schema_version, version) << path;
  }
}

/// For every node the manifest's parent_map/child_map describe, Steward's
/// upstream/downstream closure equals the closure of those maps.
TEST(ManifestFixtures, LineageEqualsParentAndChildMapClosures) {
  STEWARD_REQUIRE_FIXTURES();
  std::size_t compared = 0;
  for (const auto& path : testing::manifests_under(dbt_fixture(""))) {
    SCOPED_TRACE(path.string());
    auto json = testing::read_json(path);
    if (!json.contains("parent_map") || !json.contains("child_map")) {
      continue;
    }
    auto project = parse_only_manifest(path);
    ASSERT_TRUE(project) << project.error().to_string();
    auto parents = testing::map_from(json["parent_map"]);
    auto children = testing::map_from(json["child_map"]);
    auto declared = testing::depends_on_map(json);
    bool consistent = true;
    for (const auto& [id, list] : parents) {
      if (declared.count(id) > 0 && declared[id] != list) {
        consistent = false;
      }
    }
    if (!consistent) {
      // A hand-trimmed fixture (openlineage/duckdb) whose parent_map contradicts
      // depends_on: dbt derives parent_map from depends_on, so check against that.
      std::cout << "[ note ] " << path << ": parent_map disagrees with depends_on; comparing to depends_on\n";
      parents = declared;
      children.clear();
      for (const auto& [id, list] : declared) {
        for (const auto& parent : list) {
          children[parent].insert(id);
        }
      }
    }
    std::set<std::string> known;
    for (const auto& node : project->nodes()) {
      known.insert(std::string(node.unique_id));
    }
    for (const auto& [id, list] : parents) {
      auto node = project->find(id);
      if (!node) {
        continue;
      }
      std::set<std::string> up;
      for (const auto& r : project->graph().closure(*node, lineage::Direction::upstream)) {
        up.insert(std::string(project->node(r.node).unique_id));
      }
      std::set<std::string> down;
      for (const auto& r : project->graph().closure(*node, lineage::Direction::downstream)) {
        down.insert(std::string(project->node(r.node).unique_id));
      }
      EXPECT_EQ(up, testing::reach(parents, id, known)) << id;
      EXPECT_EQ(down, testing::reach(children, id, known)) << id;
      ++compared;
    }
  }
  EXPECT_GT(compared, 1000u);
}

TEST(ManifestFixtures, ModelFieldsAreRead) {
  STEWARD_REQUIRE_FIXTURES();
  auto path = dbt_fixture("dbt-core/defer_state/manifest.json");
  auto project = parse_only_manifest(path);
  ASSERT_TRUE(project) << project.error().to_string();
  auto json = testing::read_json(path);
  for (const auto& [id, node] : json["nodes"].items()) {
    auto found = project->find(id);
    ASSERT_TRUE(found) << id;
    const auto& parsed = project->node(*found);
    EXPECT_EQ(parsed.name, node["name"].get<std::string>());
    EXPECT_EQ(parsed.path, node["original_file_path"].get<std::string>());
    EXPECT_EQ(parsed.description, node.value("description", std::string()));
    EXPECT_EQ(parsed.columns.size(), node["columns"].size()) << id;
    EXPECT_EQ(parsed.raw_code, node.value("raw_code", std::string()));
  }
  // The exposure's owner and the group's owner come from their owner objects.
  auto exposure = project->find("exposure.test.my_exposure");
  if (exposure) {
    EXPECT_EQ(project->node(*exposure).owner, "Callum McData");
    EXPECT_EQ(project->node(*exposure).owner_email, "data@jaffleshop.com");
  }
  auto group = project->find("group.test.finance");
  ASSERT_TRUE(group);
  EXPECT_EQ(project->node(*group).owner_email, "finance@jaffleshop.com");
}

TEST(ManifestFixtures, TestMetadataAndAttachedNodes) {
  STEWARD_REQUIRE_FIXTURES();
  auto path = dbt_fixture("fivetran-hubspot/artifacts/v12_dbt-1.11.11/manifest.json");
  auto project = parse_only_manifest(path);
  ASSERT_TRUE(project) << project.error().to_string();
  auto json = testing::read_json(path);
  std::size_t with_metadata = 0;
  for (const auto& [id, node] : json["nodes"].items()) {
    if (node["resource_type"] != "test" || !node["test_metadata"].is_object()) {
      continue;
    }
    ++with_metadata;
    const auto& parsed = project->node(*project->find(id));
    EXPECT_EQ(parsed.test_name, node["test_metadata"]["name"].get<std::string>()) << id;
    if (node["column_name"].is_string()) {
      EXPECT_EQ(parsed.column_name, node["column_name"].get<std::string>()) << id;
    }
    if (node["attached_node"].is_string()) {
      std::string attached = node["attached_node"].get<std::string>();
      EXPECT_EQ(parsed.attached_node, attached);
      auto target = project->find(attached);
      ASSERT_TRUE(target);
      auto tests = project->tests_of(*target);
      EXPECT_NE(std::find(tests.begin(), tests.end(), *project->find(id)), tests.end()) << id;
    }
  }
  EXPECT_GT(with_metadata, 10u);
}

} // namespace
} // namespace steward

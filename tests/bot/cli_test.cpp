// The CLI's fixed output shapes and exit codes, checked against what the
// manifest JSON says (computed independently with nlohmann_json).

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include <sys/wait.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "bot/cli/cli.hpp"
#include "tests/support/cli_run.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/manifest_facts.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward {
namespace {

using Outcome = testing::CliOutcome;

Outcome run(const std::vector<std::string>& args) {
  return testing::run_cli(args);
}

std::string hubspot() {
  return testing::dbt_fixture("fivetran-hubspot/artifacts/v12_dbt-1.11.11/manifest.json").string();
}

std::set<std::string> as_set(const nlohmann::json& list) {
  std::set<std::string> out;
  for (const auto& item : list) {
    out.insert(item.get<std::string>());
  }
  return out;
}

TEST(Cli, LineageJsonMatchesTheManifestMapsWithoutTests) {
  STEWARD_REQUIRE_FIXTURES();
  auto manifest = testing::read_json(hubspot());
  auto parents = testing::map_from(manifest["parent_map"]);
  auto children = testing::map_from(manifest["child_map"]);
  std::set<std::string> non_tests;
  for (const auto& [id, list] : parents) {
    if (id.rfind("test.", 0) != 0) {
      non_tests.insert(id);
    }
  }
  const std::string node = "model.hubspot.hubspot__deals";
  auto result = run({"lineage", node, "--project", hubspot(), "--json"});
  ASSERT_EQ(result.code, 0) << result.err;
  auto json = nlohmann::json::parse(result.out);
  ASSERT_EQ(json.size(), 3u);
  EXPECT_EQ(json["node"], node);
  EXPECT_EQ(as_set(json["upstream"]), testing::reach(parents, node, non_tests));
  EXPECT_EQ(as_set(json["downstream"]), testing::reach(children, node, non_tests));
  EXPECT_FALSE(json["upstream"].empty());
}

TEST(Cli, LineageDirectionDepthAndTests) {
  STEWARD_REQUIRE_FIXTURES();
  auto manifest = testing::read_json(hubspot());
  const std::string node = "model.hubspot.stg_hubspot__deal";
  auto up =
      run({"lineage", "stg_hubspot__deal", "--upstream", "--depth", "1", "--project", hubspot(), "--json"});
  ASSERT_EQ(up.code, 0) << up.err;
  auto json = nlohmann::json::parse(up.out);
  EXPECT_EQ(as_set(json["upstream"]), as_set(manifest["parent_map"][node]));
  EXPECT_TRUE(json["downstream"].empty());
  auto down = run(
      {"lineage", node, "--downstream", "--depth", "1", "--include-tests", "--project", hubspot(), "--json"});
  ASSERT_EQ(down.code, 0) << down.err;
  EXPECT_EQ(as_set(nlohmann::json::parse(down.out)["downstream"]), as_set(manifest["child_map"][node]));
}

TEST(Cli, DescribeJsonHasTheFixedShape) {
  STEWARD_REQUIRE_FIXTURES();
  auto manifest = testing::read_json(hubspot());
  const std::string node = "model.hubspot.hubspot__deals";
  auto result = run({"describe", "hubspot__deals", "--project", hubspot(), "--json"});
  ASSERT_EQ(result.code, 0) << result.err;
  auto json = nlohmann::ordered_json::parse(result.out);
  std::vector<std::string> keys;
  for (const auto& [key, value] : json.items()) {
    keys.push_back(key);
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"unique_id", "name", "resource_type", "description", "path",
                                            "owner", "tags", "columns", "tests", "depends_on"}));
  const auto& expected = manifest["nodes"][node];
  EXPECT_EQ(json["unique_id"], node);
  EXPECT_EQ(json["resource_type"], "model");
  EXPECT_EQ(json["description"], expected["description"]);
  EXPECT_EQ(json["path"], expected["original_file_path"]);
  EXPECT_EQ(as_set(json["depends_on"]), as_set(expected["depends_on"]["nodes"]));
  std::set<std::string> tests;
  for (const auto& child : manifest["child_map"][node]) {
    if (child.get<std::string>().rfind("test.", 0) == 0) {
      tests.insert(child.get<std::string>());
    }
  }
  EXPECT_EQ(as_set(json["tests"]), tests);
  ASSERT_FALSE(json["columns"].empty());
  for (const auto& column : json["columns"]) {
    EXPECT_EQ(column.size(), 3u);
    EXPECT_TRUE(column["name"].is_string());
    EXPECT_TRUE(column["description"].is_string());
    EXPECT_TRUE(column["data_type"].is_string() || column["data_type"].is_null());
  }
}

TEST(Cli, SearchJsonIsRankedBestFirst) {
  STEWARD_REQUIRE_FIXTURES();
  auto result = run({"search", "deal pipeline stage", "--project", hubspot(), "--limit", "5", "--json"});
  ASSERT_EQ(result.code, 0) << result.err;
  auto json = nlohmann::json::parse(result.out);
  ASSERT_FALSE(json.empty());
  ASSERT_LE(json.size(), 5u);
  for (std::size_t i = 0; i < json.size(); ++i) {
    EXPECT_EQ(json[i].size(), 2u);
    EXPECT_TRUE(json[i]["unique_id"].is_string());
    if (i > 0) {
      EXPECT_LE(json[i]["score"].get<double>(), json[i - 1]["score"].get<double>());
    }
  }
  auto exact = run({"search", "hubspot__deals", "--project", hubspot(), "--json"});
  EXPECT_EQ(nlohmann::json::parse(exact.out)[0]["unique_id"], "model.hubspot.hubspot__deals");
}

TEST(Cli, StatsCountsMatchTheManifest) {
  STEWARD_REQUIRE_FIXTURES();
  auto result = run({"stats", "--project", hubspot(), "--json"});
  ASSERT_EQ(result.code, 0) << result.err;
  auto json = nlohmann::json::parse(result.out);
  auto manifest = testing::read_json(hubspot());
  for (const auto& [type, count] : testing::resource_counts(manifest)) {
    EXPECT_EQ(json["counts"][type], count) << type;
  }
  EXPECT_EQ(json["schema_versions"]["manifest"], 12);
  EXPECT_EQ(json["schema_versions"]["catalog"], 1);
  EXPECT_EQ(json["disabled"], testing::disabled_count(manifest));
}

TEST(Cli, NotFoundAndAmbiguousExitWithOne) {
  STEWARD_REQUIRE_FIXTURES();
  auto typo = run({"describe", "hubspot__deels", "--project", hubspot()});
  EXPECT_EQ(typo.code, 1);
  EXPECT_NE(typo.err.find("hubspot__deels: no such node; did you mean hubspot__deals"), std::string::npos)
      << typo.err;
  auto lineage = run({"lineage", "no_such_model_at_all", "--project", hubspot(), "--json"});
  EXPECT_EQ(lineage.code, 1);
  EXPECT_TRUE(lineage.out.empty());
}

TEST(Cli, BadInputExitsWithTwoAndSaysWhy) {
  STEWARD_REQUIRE_FIXTURES();
  EXPECT_EQ(run({"lineage", "x", "--depth", "many", "--project", hubspot()}).err,
            "--depth: expected a whole number, got 'many'\n");
  auto missing = run({"stats", "--project", "/nonexistent/project"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_EQ(missing.err, "--project: /nonexistent/project does not exist\n");
  auto option = run({"search", "x", "--limt", "3", "--project", hubspot()});
  EXPECT_EQ(option.code, 2);
  EXPECT_NE(option.err.find("--limt: unknown option; did you mean --limit?"), std::string::npos)
      << option.err;
  auto command = run({"linage"});
  EXPECT_EQ(command.code, 2);
  EXPECT_NE(command.err.find("linage: unknown command; did you mean lineage?"), std::string::npos);
  EXPECT_EQ(run({"describe", "--project", hubspot()}).code, 2);
  EXPECT_EQ(run({}).code, 2);
}

TEST(Cli, BrokenManifestIsABadInputNamingThePath) {
  testing::TempDir dir;
  auto manifest =
      dir.write("manifest.json", R"({"nodes": {"model.a.b": {"unique_id": "model.a.b", "columns": 7}}})");
  auto result = run({"stats", "--project", dir.path().string()});
  EXPECT_EQ(result.code, 2);
  EXPECT_EQ(result.err, manifest.string() +
                            R"(: $.nodes["model.a.b"].columns: expected an object, found a number)" + "\n");
}

TEST(Cli, HelpTellsTheTruth) {
  auto help = run({"help"});
  EXPECT_EQ(help.code, 0);
  for (const char* command : {"lineage", "describe", "search", "stats"}) {
    EXPECT_NE(help.out.find(command), std::string::npos) << command;
    auto own = run({command, "--help"});
    EXPECT_EQ(own.code, 0);
    EXPECT_EQ(own.out.rfind(std::string("usage: steward ") + command, 0), 0u) << own.out;
  }
  EXPECT_EQ(run({"--version"}).out.rfind("steward ", 0), 0u);
}

TEST(Cli, RealBinaryExitCodes) {
  STEWARD_REQUIRE_FIXTURES();
  std::string binary = testing::steward_binary().string();
  auto log =
      std::filesystem::temp_directory_path() /
      ("steward_cli_exit_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".log");
  auto run_binary = [&](const std::string& args) {
    int raw = std::system((binary + " " + args + " >" + log.string() + " 2>&1").c_str());
    std::ifstream in(log);
    std::string output((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return std::make_pair(WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, output);
  };
  auto ok = run_binary("stats --project " + hubspot());
  EXPECT_EQ(ok.first, 0) << ok.second;
  auto missing = run_binary("describe nope_nope --project " + hubspot());
  EXPECT_EQ(missing.first, 1) << missing.second;
  auto usage = run_binary("lineage");
  EXPECT_EQ(usage.first, 2) << usage.second;
  std::filesystem::remove(log);
}

} // namespace
} // namespace steward

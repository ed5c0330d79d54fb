// `steward check-config`, and config/steward.example.yaml + docs/configuration.md
// kept in step with the schema.

#include <cctype>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "bot/cli/check_config.hpp"
#include "bot/config/schema.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::cli {
namespace {

namespace fs = std::filesystem;
using config::Environment;

constexpr const char* k_token = "xoxb-999-VERYSECRET-token";

using testing::TempDir;

/// Runs the test body in `dir`, restoring the working directory afterwards.
class WorkingDirectory {
public:
  explicit WorkingDirectory(const fs::path& dir) : m_saved(fs::current_path()) { fs::current_path(dir); }
  ~WorkingDirectory() {
    std::error_code ec;
    fs::current_path(m_saved, ec);
  }
  WorkingDirectory(const WorkingDirectory&) = delete;
  WorkingDirectory& operator=(const WorkingDirectory&) = delete;
  WorkingDirectory(WorkingDirectory&&) = delete;
  WorkingDirectory& operator=(WorkingDirectory&&) = delete;

private:
  fs::path m_saved;
};

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome check(const std::vector<std::string>& args, const Environment& env) {
  std::ostringstream out;
  std::ostringstream err;
  int code = run_check_config(args, env, out, err);
  return {code, out.str(), err.str()};
}

/// The table row for `key` (the line starting with `key` and a space).
std::string row(const std::string& table, const std::string& key) {
  std::istringstream lines(table);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with(key + " ")) {
      return line;
    }
  }
  return "";
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string expected_env_name(const std::string& key) {
  std::string name = "STEWARD_";
  for (char c : key) {
    name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

/// Dotted paths of the non-map values in `node`.
void collect_leaves(const YAML::Node& node, const std::string& prefix, std::vector<std::string>& out) {
  if (!node.IsMap()) {
    out.push_back(prefix);
    return;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string path = prefix;
    if (!path.empty()) {
      path += '.';
    }
    path += it->first.as<std::string>();
    collect_leaves(it->second, path, out);
  }
}

TEST(CheckConfigTest, ValidConfigPrintsEffectiveValuesWithOrigins) {
  TempDir dir;
  fs::path file = dir.write("steward.yaml", "project:\n  path: .\nlog:\n  level: debug\n");
  Outcome result = check({"--config", file.string()},
                         Environment({{"STEWARD_STATE_DIR", (dir.path() / "state").string()}}));
  EXPECT_EQ(result.code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  EXPECT_TRUE(result.out.starts_with("config ok: " + file.string() + "\n")) << result.out;
  EXPECT_NE(row(result.out, "log.level").find("debug"), std::string::npos) << result.out;
  EXPECT_NE(row(result.out, "log.level").find("file"), std::string::npos);
  EXPECT_NE(row(result.out, "project.path").find(dir.path().string()), std::string::npos);
  EXPECT_NE(row(result.out, "state.dir").find((dir.path() / "state").string()), std::string::npos);
  EXPECT_NE(row(result.out, "state.dir").find("env (STEWARD_STATE_DIR)"), std::string::npos);
  EXPECT_NE(row(result.out, "project.prefer_source").find("false"), std::string::npos);
  EXPECT_NE(row(result.out, "project.prefer_source").find("default"), std::string::npos);
}

TEST(CheckConfigTest, WithoutAFileUsesEnvironmentAndDefaults) {
  TempDir dir;
  WorkingDirectory cwd(dir.path());
  Outcome result = check({}, Environment({{"STEWARD_PROJECT_PATH", dir.path().string()}}));
  EXPECT_EQ(result.code, 0) << result.err;
  EXPECT_TRUE(result.out.starts_with("config ok: (no file; environment and defaults)\n")) << result.out;
}

TEST(CheckConfigTest, FindsSteward_yamlInTheCurrentDirectory) {
  TempDir dir;
  dir.write("steward.yaml", "project: {path: .}\n");
  WorkingDirectory cwd(dir.path());
  Outcome result = check({}, Environment());
  EXPECT_EQ(result.code, 0) << result.err;
  EXPECT_NE(result.out.find("steward.yaml (from ./steward.yaml)"), std::string::npos) << result.out;
}

TEST(CheckConfigTest, ProblemsGoToStderrWithExitTwo) {
  TempDir dir;
  fs::path file = dir.write("steward.yaml", "projet:\n  path: .\nlog:\n  level: verbose\n");
  Outcome result = check({"--config", file.string()}, Environment({{"STEWARD_LOG_LEVLE", "info"}}));
  EXPECT_EQ(result.code, 2);
  EXPECT_EQ(result.out, "");
  std::vector<std::string> lines;
  std::istringstream err(result.err);
  for (std::string line; std::getline(err, line);) {
    lines.push_back(line);
  }
  std::vector<std::string> expected{
      "projet.path: unknown key; did you mean project.path?",
      "log.level: must be one of trace, debug, info, warn, error, off (got 'verbose')",
      "project.path: required; set it in the config file or STEWARD_PROJECT_PATH",
      "warning: STEWARD_LOG_LEVLE: not a Steward setting; ignored; did you mean STEWARD_LOG_LEVEL?",
      "config invalid: " + file.string(),
  };
  EXPECT_EQ(lines, expected) << result.err;
}

TEST(CheckConfigTest, MissingNamedFileIsAProblem) {
  Outcome result = check(
      {}, Environment({{"STEWARD_CONFIG", "/nonexistent/steward.yaml"}, {"STEWARD_PROJECT_PATH", "/"}}));
  EXPECT_EQ(result.code, 2);
  EXPECT_NE(result.err.find("/nonexistent/steward.yaml: cannot read config file"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("(from STEWARD_CONFIG)"), std::string::npos) << result.err;
}

TEST(CheckConfigTest, WarningsDoNotFailTheCheck) {
  Outcome result = check({}, Environment({{"STEWARD_PROJECT_PATH", "/"}, {"STEWARD_SOMETHING_ELSE", "1"}}));
  EXPECT_EQ(result.code, 0) << result.err;
  EXPECT_TRUE(result.err.starts_with("warning: STEWARD_SOMETHING_ELSE: not a Steward setting")) << result.err;
}

TEST(CheckConfigTest, UsageErrorsExitTwo) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--bogus"},
                                               {"--config"},
                                               {"--config="},
                                               {"extra"},
                                               {"--config", "a.yaml", "--config", "b.yaml"}}) {
    Outcome result = check(args, Environment());
    EXPECT_EQ(result.code, 2) << args.front();
    EXPECT_NE(result.err.find("usage: steward check-config"), std::string::npos) << result.err;
    EXPECT_EQ(result.out, "");
  }
}

TEST(CheckConfigTest, HelpDescribesDiscoveryAndExitCodes) {
  Outcome result = check({"--help"}, Environment());
  EXPECT_EQ(result.code, 0);
  for (const char* part : {"--config FILE", "STEWARD_CONFIG", "./steward.yaml", "STEWARD_LOG_LEVEL",
                           "Exit status: 0", "2 when"}) {
    EXPECT_NE(result.out.find(part), std::string::npos) << part;
  }
}

config::Schema secret_schema() {
  config::KeySpec token;
  token.key = "slack.bot_token";
  token.type = config::KeyType::secret;
  token.doc = "test secret";
  return config::Schema({token});
}

TEST(CheckConfigTest, SecretsAreShownAsStarsAndNeverPrinted) {
  std::ostringstream out;
  std::ostringstream err;
  int code =
      run_check_config({}, Environment({{"STEWARD_SLACK_BOT_TOKEN", k_token}}), out, err, secret_schema());
  EXPECT_EQ(code, 0) << err.str();
  EXPECT_NE(row(out.str(), "slack.bot_token").find("***"), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find("VERYSECRET"), std::string::npos) << out.str();

  TempDir dir;
  fs::path file = dir.write("steward.yaml", std::string("slack:\n  bot_token: ") + k_token + "\n");
  std::ostringstream bad_out;
  std::ostringstream bad_err;
  code = run_check_config({"--config", file.string()}, Environment(), bad_out, bad_err, secret_schema());
  EXPECT_EQ(code, 2);
  EXPECT_NE(bad_err.str().find("slack.bot_token: secrets may not be written in the config file"),
            std::string::npos)
      << bad_err.str();
  EXPECT_EQ((bad_out.str() + bad_err.str()).find("VERYSECRET"), std::string::npos) << bad_err.str();
}

TEST(CheckConfigTest, SecretsUnderUnknownNamesAreNotEchoed) {
  TempDir dir;
  fs::path file =
      dir.write("steward.yaml", std::string("project: {path: .}\nlegacy:\n  api_token: ") + k_token + "\n");
  Outcome result = check({"--config", file.string()}, Environment({{"STEWARD_LEGACY_API_TOKEN", k_token}}));
  EXPECT_EQ(result.code, 2);
  EXPECT_NE(result.err.find("legacy.api_token: unknown key"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("STEWARD_LEGACY_API_TOKEN: not a Steward setting"), std::string::npos);
  EXPECT_EQ((result.out + result.err).find("VERYSECRET"), std::string::npos) << result.err;
}

TEST(CheckConfigTest, SlackTokensWrittenInTheFileAreRefusedWithoutEchoingThem) {
  TempDir dir;
  fs::path file =
      dir.write("steward.yaml", std::string("project: {path: .}\nslack:\n  bot_token: ") + k_token + "\n");
  Outcome result = check({"--config", file.string()}, Environment());
  EXPECT_EQ(result.code, 2);
  EXPECT_NE(result.err.find("slack.bot_token: secrets may not be written in the config file"),
            std::string::npos)
      << result.err;
  EXPECT_EQ((result.out + result.err).find("VERYSECRET"), std::string::npos) << result.err;
}

// --- The example file and the docs agree with the schema.

fs::path example_file() {
  return testing::source_dir() / "config" / "steward.example.yaml";
}

TEST(ExampleConfigTest, PassesCheckConfig) {
  Outcome result = check({"--config", example_file().string()}, Environment());
  EXPECT_EQ(result.code, 0) << result.err;
  EXPECT_EQ(result.err, "");
}

TEST(ExampleConfigTest, ListsExactlyTheSchemaKeysWithTheirDefaults) {
  YAML::Node root = YAML::LoadFile(example_file().string());
  std::vector<std::string> leaves;
  collect_leaves(root, "", leaves);
  std::vector<std::string> expected;
  for (const config::KeySpec& spec : config::steward_schema().keys()) {
    // A secret appears as its `_file` companion: its value may not be inline.
    expected.push_back(spec.type == config::KeyType::secret ? spec.key + "_file" : spec.key);
  }
  std::sort(leaves.begin(), leaves.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(leaves, expected);

  std::string text = read_text(example_file());
  for (const config::KeySpec& spec : config::steward_schema().keys()) {
    EXPECT_NE(text.find("Env: " + expected_env_name(spec.key)), std::string::npos) << spec.key;
    if (spec.default_text.empty() || spec.type == config::KeyType::secret) {
      continue;
    }
    YAML::Node node = root;
    for (const std::string_view part :
         {spec.key.substr(0, spec.key.find('.')), spec.key.substr(spec.key.find('.') + 1)}) {
      node.reset(node[std::string(part)]); // `=` would overwrite the node, not rebind it
    }
    std::string shown = node.Scalar();
    for (std::size_t i = 0; node.IsSequence() && i < node.size(); ++i) {
      shown += (i == 0 ? "" : ",") + node[i].Scalar();
    }
    EXPECT_EQ(shown, spec.default_text) << spec.key << " should show its default";
    EXPECT_NE(text.find("Default: " + spec.default_text), std::string::npos) << spec.key;
  }
}

TEST(ExampleConfigTest, DocsListEveryKeyAndVariable) {
  std::string docs = read_text(testing::source_dir() / "docs" / "configuration.md");
  ASSERT_FALSE(docs.empty());
  for (const config::KeySpec& spec : config::steward_schema().keys()) {
    EXPECT_NE(docs.find("| `" + spec.key + "` | `" + expected_env_name(spec.key) + "` |"), std::string::npos)
        << spec.key;
  }
}

} // namespace
} // namespace steward::cli

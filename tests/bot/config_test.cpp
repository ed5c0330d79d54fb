// Loading Steward's own configuration (steward_schema): defaults, file, env,
// precedence, discovery, errors. Types and secrets are covered with a
// test-only schema in config_schema_test.cpp.

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "bot/config/config.hpp"
#include "bot/config/schema.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::config {
namespace {

namespace fs = std::filesystem;

using testing::TempDir;

/// The documented rule, written independently of `env_var_name`.
std::string expected_env_name(const std::string& key) {
  std::string name = "STEWARD_";
  for (char c : key) {
    name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

std::string all_errors(const std::vector<Error>& errors) {
  std::string text;
  for (const Error& error : errors) {
    text += error.to_string() + "\n";
  }
  return text;
}

bool has_error(const std::vector<Error>& errors, const std::string& key, const std::string& part) {
  return std::any_of(errors.begin(), errors.end(), [&](const Error& error) {
    return error.key == key && error.reason.find(part) != std::string::npos;
  });
}

class ConfigTest : public ::testing::Test {
protected:
  /// Resolves Steward's schema with `file`, `vars` and `cwd` = the temp dir.
  Resolution resolve_with(const std::optional<fs::path>& file, Environment::Variables vars) {
    return resolve(steward_schema(), file, Environment(std::move(vars)),
                   ResolveOptions{m_dir.path(), {}, {}});
  }

  TempDir m_dir;
};

TEST_F(ConfigTest, DefaultsApplyWhenOnlyTheRequiredKeyIsSet) {
  auto loaded = load_config(std::nullopt, Environment({{"STEWARD_PROJECT_PATH", m_dir.path().string()}}),
                            ResolveOptions{m_dir.path(), {}, {}});
  ASSERT_TRUE(loaded) << all_errors(loaded.error().errors);
  EXPECT_EQ(loaded->config.project.path, m_dir.path());
  EXPECT_FALSE(loaded->config.project.prefer_source);
  EXPECT_EQ(loaded->config.state.dir, m_dir.path() / ".steward");
  EXPECT_EQ(loaded->config.log.level, "info");
  EXPECT_EQ(loaded->settings.find("log.level")->origin, Origin::default_value);
  EXPECT_EQ(loaded->settings.find("state.dir")->origin, Origin::default_value);
  EXPECT_TRUE(loaded->warnings.empty());
}

TEST_F(ConfigTest, ProjectPathIsRequired) {
  Resolution result = resolve_with(std::nullopt, {});
  ASSERT_EQ(result.errors.size(), 1U) << all_errors(result.errors);
  EXPECT_EQ(result.errors[0].key, "project.path");
  EXPECT_NE(result.errors[0].reason.find("required"), std::string::npos);
  EXPECT_NE(result.errors[0].reason.find("STEWARD_PROJECT_PATH"), std::string::npos);
}

TEST_F(ConfigTest, FileValuesAreReadAndRelativePathsFollowTheFile) {
  fs::create_directories(m_dir.path() / "conf" / "analytics");
  fs::path file = m_dir.write("conf/steward.yaml", "project:\n"
                                                   "  path: analytics\n"
                                                   "  prefer_source: yes\n"
                                                   "state:\n"
                                                   "  dir: /tmp/steward-state-x\n"
                                                   "log.level: DEBUG\n");
  auto loaded = load_config(file, Environment(), ResolveOptions{m_dir.path(), {}, {}});
  ASSERT_TRUE(loaded) << all_errors(loaded.error().errors);
  EXPECT_EQ(loaded->config.project.path, m_dir.path() / "conf" / "analytics");
  EXPECT_TRUE(loaded->config.project.prefer_source);
  EXPECT_EQ(loaded->config.state.dir, fs::path("/tmp/steward-state-x"));
  EXPECT_EQ(loaded->config.log.level, "debug");
  for (const char* key : {"project.path", "project.prefer_source", "state.dir", "log.level"}) {
    EXPECT_EQ(loaded->settings.find(key)->origin, Origin::file) << key;
  }
}

TEST_F(ConfigTest, EnvironmentOverridesFileAndNamesItsVariable) {
  fs::path file = m_dir.write("steward.yaml", "project: {path: .}\nlog: {level: debug}\n");
  auto loaded =
      load_config(file, Environment({{"STEWARD_LOG_LEVEL", "error"}}), ResolveOptions{m_dir.path(), {}, {}});
  ASSERT_TRUE(loaded) << all_errors(loaded.error().errors);
  EXPECT_EQ(loaded->config.log.level, "error");
  const Setting* level = loaded->settings.find("log.level");
  EXPECT_EQ(level->origin, Origin::env);
  EXPECT_EQ(level->source, "STEWARD_LOG_LEVEL");
  EXPECT_EQ(loaded->settings.find("project.path")->origin, Origin::file);
}

TEST_F(ConfigTest, EmptyEnvironmentVariableCountsAsUnset) {
  fs::path file = m_dir.write("steward.yaml", "project: {path: .}\nlog: {level: warn}\n");
  auto loaded =
      load_config(file, Environment({{"STEWARD_LOG_LEVEL", ""}}), ResolveOptions{m_dir.path(), {}, {}});
  ASSERT_TRUE(loaded) << all_errors(loaded.error().errors);
  EXPECT_EQ(loaded->config.log.level, "warn");
}

TEST_F(ConfigTest, CommandLineOverridesBeatEnvironment) {
  fs::create_directories(m_dir.path() / "other");
  ResolveOptions options{m_dir.path(), {{"project.path", "other"}, {"log.level", "trace"}}, {}};
  auto loaded = load_config(
      std::nullopt, Environment({{"STEWARD_PROJECT_PATH", "/nonexistent"}, {"STEWARD_LOG_LEVEL", "off"}}),
      options);
  ASSERT_TRUE(loaded) << all_errors(loaded.error().errors);
  EXPECT_EQ(loaded->config.project.path, m_dir.path() / "other");
  EXPECT_EQ(loaded->config.log.level, "trace");
  EXPECT_EQ(loaded->settings.find("log.level")->origin, Origin::command_line);
}

TEST_F(ConfigTest, EveryKeyIsReadFromItsDerivedVariable) {
  // A valid, non-default text for each type Steward's keys use today.
  Environment::Variables vars;
  for (const KeySpec& spec : steward_schema().keys()) {
    std::string text;
    switch (spec.type) {
    case KeyType::path: text = m_dir.path().string(); break;
    case KeyType::boolean: text = spec.default_text == "true" ? "false" : "true"; break;
    case KeyType::enumeration: text = spec.choices.back(); break;
    case KeyType::integer: text = std::to_string(spec.min + 1); break;
    case KeyType::duration: text = std::to_string(spec.min + 1000) + "ms"; break;
    case KeyType::string: text = "postgresql://steward@db.internal:5432/" + spec.key; break;
    case KeyType::secret: text = "sample-secret-" + spec.key; break;
    case KeyType::string_list: text = "U1" + spec.key + ",U2"; break;
    default: FAIL() << spec.key << ": add a sample value for this type to the test";
    }
    vars[expected_env_name(spec.key)] = text;
  }
  Resolution result = resolve_with(std::nullopt, vars);
  EXPECT_TRUE(result.errors.empty()) << all_errors(result.errors);
  EXPECT_TRUE(result.warnings.empty()) << all_errors(result.warnings);
  for (const KeySpec& spec : steward_schema().keys()) {
    const Setting* setting = result.settings.find(spec.key);
    ASSERT_NE(setting, nullptr) << spec.key;
    EXPECT_EQ(setting->origin, Origin::env) << spec.key;
    EXPECT_EQ(setting->source, expected_env_name(spec.key));
  }
  // And every value reached its Config field.
  Config config = make_config(steward_schema(), result.settings);
  EXPECT_EQ(config.project.path, m_dir.path());
  EXPECT_TRUE(config.project.prefer_source);
  EXPECT_EQ(config.state.dir, m_dir.path());
  EXPECT_EQ(config.log.level, "off");
  EXPECT_EQ(config.store.backend, "postgres");
  EXPECT_EQ(config.store.url, "postgresql://steward@db.internal:5432/store.url");
  EXPECT_EQ(config.store.password.reveal(), "sample-secret-store.password");
  EXPECT_EQ(config.store.pool_size, 2);
  EXPECT_EQ(config.store.event_ttl, std::chrono::seconds(61));
  EXPECT_EQ(config.jobs.workers, 2);
  EXPECT_EQ(config.jobs.retry_base, std::chrono::seconds(1));
  EXPECT_EQ(config.server.listen, "postgresql://steward@db.internal:5432/server.listen");
  EXPECT_EQ(config.server.body_limit, 1025);
  EXPECT_EQ(config.slack.mode, "socket");
  EXPECT_EQ(config.slack.bot_token.reveal(), "sample-secret-slack.bot_token");
  EXPECT_EQ(config.slack.app_token.reveal(), "sample-secret-slack.app_token");
  EXPECT_EQ(config.slack.signing_secret.reveal(), "sample-secret-slack.signing_secret");
  EXPECT_EQ(config.slack.connections, 2);
  EXPECT_EQ(config.project.watch_interval, std::chrono::seconds(1));
  EXPECT_EQ(config.access.approvers, (std::vector<std::string>{"U1access.approvers", "U2"}));
  EXPECT_EQ(config.access.admins, (std::vector<std::string>{"U1access.admins", "U2"}));
}

TEST_F(ConfigTest, SchemaKeysAreWellFormedAndEnvNamesDistinct) {
  std::set<std::string> env_names;
  for (const KeySpec& spec : steward_schema().keys()) {
    EXPECT_NE(spec.key.find('.'), std::string::npos) << spec.key << " needs a section";
    for (char c : spec.key) {
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.') << spec.key;
    }
    EXPECT_FALSE(spec.doc.empty()) << spec.key;
    EXPECT_TRUE(spec.assign) << spec.key << " is not bound to a Config field";
    EXPECT_TRUE(env_names.insert(expected_env_name(spec.key)).second) << spec.key;
    EXPECT_EQ(env_var_name(spec.key), expected_env_name(spec.key));
  }
}

TEST_F(ConfigTest, BadEnumValueNamesTheChoicesAndTheVariable) {
  Resolution result = resolve_with(
      std::nullopt, {{"STEWARD_PROJECT_PATH", m_dir.path().string()}, {"STEWARD_LOG_LEVEL", "verbose"}});
  ASSERT_EQ(result.errors.size(), 1U) << all_errors(result.errors);
  EXPECT_EQ(result.errors[0].to_string(),
            "STEWARD_LOG_LEVEL: must be one of trace, debug, info, warn, error, off (got 'verbose')");
}

TEST_F(ConfigTest, UnknownFileKeySuggestsTheNearestKey) {
  fs::path file = m_dir.write("steward.yaml", "projet:\n  path: .\n");
  Resolution result = resolve_with(file, {});
  EXPECT_TRUE(has_error(result.errors, "projet.path", "unknown key; did you mean project.path?"))
      << all_errors(result.errors);
}

TEST_F(ConfigTest, EveryProblemIsReportedNotJustTheFirst) {
  fs::path file = m_dir.write("steward.yaml", "project:\n"
                                              "  path: missing-dir\n"
                                              "  prefer_source: maybe\n"
                                              "  colour: blue\n"
                                              "log:\n"
                                              "  level: verbose\n"
                                              "state: /not/a/map\n");
  Resolution result = resolve_with(file, {{"STEWARD_LOG_LEVEL", "loud"}});
  EXPECT_TRUE(has_error(result.errors, "project.path", "does not exist")) << all_errors(result.errors);
  EXPECT_TRUE(has_error(result.errors, "project.prefer_source", "must be true or false (got 'maybe')"));
  EXPECT_TRUE(has_error(result.errors, "project.colour", "unknown key"));
  EXPECT_TRUE(has_error(result.errors, "log.level", "(got 'verbose')"));
  EXPECT_TRUE(has_error(result.errors, "STEWARD_LOG_LEVEL", "(got 'loud')"));
  EXPECT_TRUE(
      has_error(result.errors, "state", "expected a map of settings (state.dir), got a single value"));
  EXPECT_EQ(result.errors.size(), 6U) << all_errors(result.errors);
}

TEST_F(ConfigTest, WrongYamlTypeIsAnError) {
  fs::path file = m_dir.write("steward.yaml", "project:\n  path: [a, b]\nlog:\n  level:\n    x: y\n");
  Resolution result = resolve_with(file, {});
  EXPECT_TRUE(has_error(result.errors, "project.path", "expected a path, got a list"))
      << all_errors(result.errors);
  EXPECT_TRUE(has_error(result.errors, "log.level",
                        "expected one of trace, debug, info, warn, error, off, got a map"));
}

TEST_F(ConfigTest, MalformedYamlGivesLineAndColumn) {
  // Line 3 has a second `:` where a value should be.
  fs::path file = m_dir.write("steward.yaml", "project:\n  path: .\n  prefer_source: : true\n");
  Resolution result = resolve_with(file, {});
  ASSERT_EQ(result.errors.size(), 1U) << all_errors(result.errors);
  EXPECT_EQ(result.errors[0].key, file.string());
  EXPECT_NE(result.errors[0].reason.find("invalid YAML at line 3, column"), std::string::npos)
      << result.errors[0].reason;
}

TEST_F(ConfigTest, UnreadableOrOddFilesAreClearErrors) {
  Resolution missing = resolve_with(m_dir.path() / "nope.yaml", {});
  EXPECT_TRUE(has_error(missing.errors, (m_dir.path() / "nope.yaml").string(),
                        "cannot read config file: No such file or directory"))
      << all_errors(missing.errors);

  Resolution directory = resolve_with(m_dir.path(), {});
  EXPECT_TRUE(has_error(directory.errors, m_dir.path().string(), "is a directory"));

  fs::path list = m_dir.write("list.yaml", "- a\n- b\n");
  EXPECT_TRUE(
      has_error(resolve_with(list, {}).errors, list.string(), "expected a map of settings at the top level"));

  fs::path two = m_dir.write("two.yaml", "log: {level: info}\n---\nlog: {level: debug}\n");
  EXPECT_TRUE(has_error(resolve_with(two, {}).errors, two.string(), "holds 2 YAML documents"));

  fs::path big = m_dir.write("big.yaml", "# " + std::string(2 << 20, 'x') + "\n");
  EXPECT_TRUE(has_error(resolve_with(big, {}).errors, big.string(), "larger than 1024 KiB"));
}

TEST_F(ConfigTest, GarbageAndDeeplyNestedInputDoNotCrash) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) {
    garbage.push_back(static_cast<char>((i * 131 + 7) % 256));
  }
  Resolution noise = resolve_with(m_dir.write("noise.yaml", garbage), {});
  EXPECT_FALSE(noise.errors.empty());

  Resolution deep = resolve_with(m_dir.write("deep.yaml", std::string(100000, '[')), {});
  EXPECT_FALSE(deep.errors.empty());

  std::string nested = "a:\n";
  for (int depth = 1; depth < 40; ++depth) {
    nested += std::string(static_cast<std::size_t>(depth) * 2, ' ') + "b:\n";
  }
  nested += std::string(80, ' ') + "c: 1\n";
  Resolution unknown = resolve_with(m_dir.write("nested.yaml", nested), {});
  EXPECT_FALSE(unknown.errors.empty());
}

TEST_F(ConfigTest, EmptyFileSetsNothing) {
  fs::path file = m_dir.write("steward.yaml", "# nothing here\n");
  Resolution result = resolve_with(file, {{"STEWARD_PROJECT_PATH", "."}});
  EXPECT_TRUE(result.errors.empty()) << all_errors(result.errors);
  EXPECT_EQ(result.settings.find("log.level")->origin, Origin::default_value);
}

TEST_F(ConfigTest, KeySetTwiceIsAnError) {
  fs::path file = m_dir.write("steward.yaml", "project.path: .\nproject:\n  path: .\n");
  EXPECT_TRUE(has_error(resolve_with(file, {}).errors, "project.path", "set more than once"));
}

TEST_F(ConfigTest, StateDirMustBeADirectoryWhenItExists) {
  fs::path not_dir = m_dir.write("state-file", "x");
  Resolution from_env =
      resolve_with(std::nullopt, {{"STEWARD_PROJECT_PATH", "."}, {"STEWARD_STATE_DIR", not_dir.string()}});
  EXPECT_TRUE(has_error(from_env.errors, "STEWARD_STATE_DIR", "is not a directory"))
      << all_errors(from_env.errors);

  fs::path file = m_dir.write("steward.yaml", "project: {path: .}\nstate: {dir: state-file}\n");
  EXPECT_TRUE(has_error(resolve_with(file, {}).errors, "state.dir", "is not a directory"));

  // A missing state directory is fine: Steward creates it.
  Resolution missing =
      resolve_with(std::nullopt, {{"STEWARD_PROJECT_PATH", "."}, {"STEWARD_STATE_DIR", "not-yet"}});
  EXPECT_TRUE(missing.errors.empty()) << all_errors(missing.errors);
}

TEST_F(ConfigTest, UnknownStewardVariablesWarnWithSuggestion) {
  Resolution result = resolve_with(std::nullopt, {{"STEWARD_PROJECT_PATH", "."},
                                                  {"STEWARD_LOG_LEVLE", "debug"},
                                                  {"STEWARD_ZZZ_QQQ", "1"},
                                                  {"OTHER_LOG_LEVEL", "x"}});
  EXPECT_TRUE(result.errors.empty()) << all_errors(result.errors);
  ASSERT_EQ(result.warnings.size(), 2U) << all_errors(result.warnings);
  EXPECT_EQ(result.warnings[0].key, "STEWARD_LOG_LEVLE");
  EXPECT_NE(result.warnings[0].reason.find("did you mean STEWARD_LOG_LEVEL?"), std::string::npos);
  EXPECT_EQ(result.warnings[1].key, "STEWARD_ZZZ_QQQ");
  EXPECT_EQ(result.warnings[1].reason.find("did you mean"), std::string::npos);
}

TEST_F(ConfigTest, StewardConfigVariableIsNotUnknown) {
  Resolution result = resolve_with(std::nullopt, {{"STEWARD_PROJECT_PATH", "."}, {"STEWARD_CONFIG", ""}});
  EXPECT_TRUE(result.warnings.empty()) << all_errors(result.warnings);
}

TEST_F(ConfigTest, DiscoveryOrderIsFlagThenVariableThenLocalFile) {
  Environment with_var({{"STEWARD_CONFIG", "/etc/steward/custom.yaml"}});
  auto flag = discover_config_file(fs::path("given.yaml"), with_var, m_dir.path());
  ASSERT_TRUE(flag);
  EXPECT_EQ(flag->path, fs::path("given.yaml"));

  auto from_var = discover_config_file(std::nullopt, with_var, m_dir.path());
  ASSERT_TRUE(from_var);
  EXPECT_EQ(from_var->path, fs::path("/etc/steward/custom.yaml"));
  EXPECT_EQ(from_var->chosen_by, "STEWARD_CONFIG");

  EXPECT_FALSE(discover_config_file(std::nullopt, Environment(), m_dir.path()));
  EXPECT_FALSE(discover_config_file(std::nullopt, Environment({{"STEWARD_CONFIG", ""}}), m_dir.path()));

  m_dir.write("steward.yaml", "{}\n");
  auto local = discover_config_file(std::nullopt, Environment(), m_dir.path());
  ASSERT_TRUE(local);
  EXPECT_EQ(local->path, m_dir.path() / "steward.yaml");
}

TEST_F(ConfigTest, UnknownOverrideKeyIsAnError) {
  ResolveOptions options{m_dir.path(), {{"log.lvl", "info"}}, {}};
  Resolution result =
      resolve(steward_schema(), std::nullopt, Environment({{"STEWARD_PROJECT_PATH", "."}}), options);
  EXPECT_TRUE(has_error(result.errors, "log.lvl", "did you mean log.level?")) << all_errors(result.errors);
}

TEST(EnvironmentTest, ProcessSnapshotSeesVariablesAndPrefixes) {
  ::setenv("STEWARD_ENVTEST_PROBE", "a=b", 1);
  Environment env = Environment::from_process();
  ::unsetenv("STEWARD_ENVTEST_PROBE");
  EXPECT_EQ(env.get("STEWARD_ENVTEST_PROBE"), std::optional<std::string>("a=b"));
  std::vector<std::string> names = env.names_with_prefix("STEWARD_ENVTEST_");
  EXPECT_EQ(names, std::vector<std::string>{"STEWARD_ENVTEST_PROBE"});
  EXPECT_FALSE(Environment().get("STEWARD_ENVTEST_PROBE"));
}

} // namespace
} // namespace steward::config

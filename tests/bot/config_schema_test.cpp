// The loader against a test-only schema holding every value type, including
// secrets (Steward has no secret keys yet).

#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "bot/config/resolve.hpp"
#include "bot/config/schema.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::config {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

constexpr const char* k_token = "xoxb-1234-TOPSECRET-value";

using testing::TempDir;

KeySpec key(std::string name, KeyType type, std::string default_text = "") {
  KeySpec spec;
  spec.key = std::move(name);
  spec.type = type;
  spec.default_text = std::move(default_text);
  spec.doc = "test key";
  return spec;
}

Schema test_schema() {
  KeySpec port = key("http.port", KeyType::integer, "8080");
  port.min = 1;
  port.max = 65535;
  KeySpec timeout = key("http.timeout", KeyType::duration, "30s");
  timeout.min = 100;       // 100ms
  timeout.max = 3'600'000; // 1h
  KeySpec mode = key("http.mode", KeyType::enumeration, "fast");
  mode.choices = {"fast", "safe"};
  return Schema({
      key("slack.bot_token", KeyType::secret),
      key("slack.channels", KeyType::string_list, "general, data"),
      key("slack.name", KeyType::string, "steward"),
      key("http.tls", KeyType::boolean, "false"),
      port,
      timeout,
      mode,
  });
}

std::string all_text(const Resolution& result) {
  std::string text;
  for (const Error& error : result.errors) {
    text += error.to_string() + "\n";
  }
  for (const Error& warning : result.warnings) {
    text += warning.to_string() + "\n";
  }
  return text;
}

class ConfigSchemaTest : public ::testing::Test {
protected:
  Resolution run(const std::optional<fs::path>& file, Environment::Variables vars) {
    return resolve(m_schema, file, Environment(std::move(vars)), ResolveOptions{m_dir.path(), {}, {}});
  }

  Schema m_schema = test_schema();
  TempDir m_dir;
};

TEST_F(ConfigSchemaTest, DefaultsOfEveryType) {
  Resolution result = run(std::nullopt, {});
  ASSERT_TRUE(result.errors.empty()) << all_text(result);
  EXPECT_EQ(*result.settings.get<std::int64_t>("http.port"), 8080);
  EXPECT_EQ(*result.settings.get<milliseconds>("http.timeout"), milliseconds(30'000));
  EXPECT_EQ(*result.settings.get<std::string>("http.mode"), "fast");
  EXPECT_EQ(*result.settings.get<bool>("http.tls"), false);
  EXPECT_EQ(*result.settings.get<std::vector<std::string>>("slack.channels"),
            (std::vector<std::string>{"general", "data"}));
  EXPECT_EQ(result.settings.find("slack.bot_token")->origin, Origin::unset);
  EXPECT_EQ(display(result.settings.find("slack.bot_token")->value), "(unset)");
}

TEST_F(ConfigSchemaTest, DurationsParseToMilliseconds) {
  struct Case {
    const char* text;
    std::int64_t ms;
  };
  for (Case c : {Case{"250ms", 250}, Case{"30s", 30'000}, Case{"5m", 300'000}, Case{"1h", 3'600'000},
                 Case{"1h30m", 5'400'000}, Case{"2m15s", 135'000}, Case{"1s500ms", 1'500}}) {
    auto parsed = parse_duration(c.text);
    ASSERT_TRUE(parsed) << c.text << ": " << parsed.error();
    EXPECT_EQ(parsed->count(), c.ms) << c.text;
  }
  for (const char* bad : {"", "30", "s", "5 m", "-1s", "1.5s", "5d", "10mss", "99999999999999h"}) {
    auto parsed = parse_duration(bad);
    EXPECT_FALSE(parsed) << "'" << bad << "' parsed as " << parsed->count();
  }
  EXPECT_EQ(format_duration(milliseconds(5'400'000)), "1h30m");
  EXPECT_EQ(format_duration(milliseconds(1'500)), "1s500ms");
  EXPECT_EQ(format_duration(milliseconds(0)), "0s");
}

TEST_F(ConfigSchemaTest, EnvTextOfEveryTypeAndRangeErrors) {
  Resolution good = run(std::nullopt, {{"STEWARD_HTTP_PORT", "443"},
                                       {"STEWARD_HTTP_TIMEOUT", "2m"},
                                       {"STEWARD_HTTP_MODE", "SAFE"},
                                       {"STEWARD_HTTP_TLS", "on"},
                                       {"STEWARD_SLACK_CHANNELS", " a, ,b ,"}});
  ASSERT_TRUE(good.errors.empty()) << all_text(good);
  EXPECT_EQ(*good.settings.get<std::int64_t>("http.port"), 443);
  EXPECT_EQ(*good.settings.get<milliseconds>("http.timeout"), milliseconds(120'000));
  EXPECT_EQ(*good.settings.get<std::string>("http.mode"), "safe");
  EXPECT_TRUE(*good.settings.get<bool>("http.tls"));
  EXPECT_EQ(*good.settings.get<std::vector<std::string>>("slack.channels"),
            (std::vector<std::string>{"a", "b"}));

  Resolution bad = run(std::nullopt, {{"STEWARD_HTTP_PORT", "70000"},
                                      {"STEWARD_HTTP_TIMEOUT", "2h"},
                                      {"STEWARD_HTTP_MODE", "saf"},
                                      {"STEWARD_HTTP_TLS", "maybe"}});
  ASSERT_EQ(bad.errors.size(), 4U) << all_text(bad);
  EXPECT_EQ(bad.errors[0].to_string(), "STEWARD_HTTP_TLS: must be true or false (got 'maybe')");
  EXPECT_EQ(bad.errors[1].to_string(), "STEWARD_HTTP_PORT: must be between 1 and 65535 (got 70000)");
  EXPECT_EQ(bad.errors[2].to_string(), "STEWARD_HTTP_TIMEOUT: must be between 100ms and 1h (got 2h)");
  EXPECT_EQ(bad.errors[3].to_string(),
            "STEWARD_HTTP_MODE: must be one of fast, safe (got 'saf'); did you mean safe?");
  // Bad values leave the default in place.
  EXPECT_EQ(*bad.settings.get<std::int64_t>("http.port"), 8080);

  Resolution not_numbers = run(std::nullopt, {{"STEWARD_HTTP_PORT", "80x"}, {"STEWARD_HTTP_TIMEOUT", "10"}});
  EXPECT_NE(all_text(not_numbers).find("STEWARD_HTTP_PORT: must be an integer (got '80x')"),
            std::string::npos)
      << all_text(not_numbers);
  EXPECT_NE(all_text(not_numbers).find("STEWARD_HTTP_TIMEOUT: must be a duration"), std::string::npos);
}

TEST_F(ConfigSchemaTest, FileValuesOfEveryType) {
  fs::path file = m_dir.write("c.yaml", "http:\n"
                                        "  port: 9000\n"
                                        "  timeout: 250ms\n"
                                        "  tls: true\n"
                                        "slack:\n"
                                        "  channels: [ops, \"data team\"]\n"
                                        "  name: bot\n");
  Resolution result = run(file, {});
  ASSERT_TRUE(result.errors.empty()) << all_text(result);
  EXPECT_EQ(*result.settings.get<std::int64_t>("http.port"), 9000);
  EXPECT_EQ(*result.settings.get<milliseconds>("http.timeout"), milliseconds(250));
  EXPECT_EQ(*result.settings.get<std::vector<std::string>>("slack.channels"),
            (std::vector<std::string>{"ops", "data team"}));
  EXPECT_EQ(*result.settings.get<std::string>("slack.name"), "bot");

  fs::path wrong = m_dir.write("w.yaml", "slack:\n  channels: ops\nhttp:\n  port: {a: 1}\n");
  std::string text = all_text(run(wrong, {}));
  EXPECT_NE(text.find("slack.channels: expected a list of strings, got a single value"), std::string::npos)
      << text;
  EXPECT_NE(text.find("http.port: expected an integer, got a map"), std::string::npos) << text;
}

TEST_F(ConfigSchemaTest, SecretFromEnvironment) {
  Resolution result = run(std::nullopt, {{"STEWARD_SLACK_BOT_TOKEN", k_token}});
  ASSERT_TRUE(result.errors.empty()) << all_text(result);
  const auto* secret = result.settings.get<Secret>("slack.bot_token");
  ASSERT_NE(secret, nullptr);
  EXPECT_EQ(secret->reveal(), k_token);
  EXPECT_EQ(secret->redacted(), "***");
  EXPECT_EQ(display(result.settings.find("slack.bot_token")->value), "***");
}

TEST_F(ConfigSchemaTest, SecretFromEnvFileTrimsTrailingNewline) {
  fs::path secret_file = m_dir.write("token", std::string(k_token) + "\n");
  Resolution result = run(std::nullopt, {{"STEWARD_SLACK_BOT_TOKEN_FILE", secret_file.string()}});
  ASSERT_TRUE(result.errors.empty()) << all_text(result);
  EXPECT_EQ(result.settings.get<Secret>("slack.bot_token")->reveal(), k_token);
  EXPECT_EQ(result.settings.find("slack.bot_token")->source, "STEWARD_SLACK_BOT_TOKEN_FILE");
  EXPECT_TRUE(result.warnings.empty()) << all_text(result);
}

TEST_F(ConfigSchemaTest, SecretFromFileKeyRelativeToConfigFile) {
  m_dir.write("token", std::string(k_token) + "\r\n");
  fs::path file = m_dir.write("c.yaml", "slack:\n  bot_token_file: token\n");
  Resolution result = run(file, {});
  ASSERT_TRUE(result.errors.empty()) << all_text(result);
  EXPECT_EQ(result.settings.get<Secret>("slack.bot_token")->reveal(), k_token);
  EXPECT_EQ(result.settings.find("slack.bot_token")->origin, Origin::file);
}

TEST_F(ConfigSchemaTest, EnvSecretBeatsFileKey) {
  m_dir.write("token", "from-file");
  fs::path file = m_dir.write("c.yaml", "slack:\n  bot_token_file: token\n");
  Resolution result = run(file, {{"STEWARD_SLACK_BOT_TOKEN", k_token}});
  ASSERT_TRUE(result.errors.empty()) << all_text(result);
  EXPECT_EQ(result.settings.get<Secret>("slack.bot_token")->reveal(), k_token);
}

TEST_F(ConfigSchemaTest, InlineSecretInFileIsRejectedWithoutEchoingIt) {
  fs::path file = m_dir.write("c.yaml", std::string("slack:\n  bot_token: ") + k_token + "\n");
  Resolution result = run(file, {});
  ASSERT_EQ(result.errors.size(), 1U) << all_text(result);
  EXPECT_EQ(result.errors[0].to_string(),
            "slack.bot_token: secrets may not be written in the config file; set "
            "STEWARD_SLACK_BOT_TOKEN or slack.bot_token_file");
  EXPECT_EQ(result.settings.find("slack.bot_token")->origin, Origin::unset);
}

TEST_F(ConfigSchemaTest, SecretValuesNeverAppearInMessages) {
  fs::path empty = m_dir.write("empty", "\n");
  fs::path file =
      m_dir.write("c.yaml", std::string("slack:\n  bot_tokn: ") + k_token + "\n  name: [" + k_token + "]\n");
  Resolution result = run(file, {{"STEWARD_SLACK_BOT_TOKEN", k_token},
                                 {"STEWARD_SLACK_BOT_TOKEN_FILE", empty.string()},
                                 {"STEWARD_SLACK_BOT_TOKN", k_token}});
  std::string text = all_text(result);
  EXPECT_NE(text.find("STEWARD_SLACK_BOT_TOKEN_FILE: STEWARD_SLACK_BOT_TOKEN is also set"), std::string::npos)
      << text;
  EXPECT_NE(text.find("slack.bot_tokn: unknown key; did you mean slack.bot_token?"), std::string::npos)
      << text;
  EXPECT_NE(text.find("STEWARD_SLACK_BOT_TOKN: not a Steward setting"), std::string::npos) << text;
  EXPECT_EQ(text.find("TOPSECRET"), std::string::npos) << text;

  Resolution empty_file = run(std::nullopt, {{"STEWARD_SLACK_BOT_TOKEN_FILE", empty.string()}});
  EXPECT_NE(all_text(empty_file).find("secret file " + empty.string() + " is empty"), std::string::npos)
      << all_text(empty_file);

  Resolution missing = run(std::nullopt, {{"STEWARD_SLACK_BOT_TOKEN_FILE", "/nonexistent/token"}});
  EXPECT_NE(
      all_text(missing).find("STEWARD_SLACK_BOT_TOKEN_FILE: cannot read secret file /nonexistent/token"),
      std::string::npos)
      << all_text(missing);
}

TEST_F(ConfigSchemaTest, SecretsCannotBeCommandLineOverrides) {
  ResolveOptions options{m_dir.path(), {{"slack.bot_token", k_token}}, {}};
  Resolution result = resolve(m_schema, std::nullopt, Environment(), options);
  ASSERT_EQ(result.errors.size(), 1U);
  EXPECT_EQ(result.errors[0].key, "slack.bot_token");
  EXPECT_EQ(all_text(result).find("TOPSECRET"), std::string::npos);
}

TEST_F(ConfigSchemaTest, SecretFileCompanionNamesAreKnown) {
  std::vector<std::string> env = m_schema.env_names();
  EXPECT_NE(std::find(env.begin(), env.end(), "STEWARD_SLACK_BOT_TOKEN_FILE"), env.end());
  std::vector<std::string> file = m_schema.file_names();
  EXPECT_NE(std::find(file.begin(), file.end(), "slack.bot_token_file"), file.end());
}

TEST(SecretTest, NeverFormatsItsValue) {
  Secret secret("hunter2");
  EXPECT_EQ(secret.redacted(), "***");
  EXPECT_EQ(Secret().redacted(), "(unset)");
  EXPECT_EQ(display(Value(secret)), "***");
  // `std::cout << secret` does not compile (operator<< is deleted).
}

TEST(QuoteTest, CutsLongTextAndEscapesControlCharacters) {
  EXPECT_EQ(quote("a\nb"), "'a\\x0ab'");
  EXPECT_EQ(quote(std::string(100, 'x')), "'" + std::string(80, 'x') + "'...");
}

} // namespace
} // namespace steward::config

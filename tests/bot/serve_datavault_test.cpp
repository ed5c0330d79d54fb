// `steward serve` and `/steward datavault`: a spec in a code block (escaped
// the way Slack escapes typed text) validated against the bundled project
// and generated into a ZIP in the thread; a spec with errors answered with
// their spec paths; a description drafted into a spec by the LLM, shown
// with a Generate button; git delivery as a branch and pull request for
// approvers only. Fake Slack, LLM and GitHub servers on 127.0.0.1, a real git
// repository.

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/fake_github.hpp"
#include "tests/support/fake_llm.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/git_repo.hpp"
#include "tests/support/http_call.hpp"
#include "tests/support/slack_payloads.hpp"
#include "tests/support/steward_daemon.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

std::string shown(const RecordedCall& call) {
  std::string text = call.args.value("text", "");
  if (call.args.contains("blocks")) {
    text += call.args["blocks"].dump();
  }
  return text;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// `text` as Slack sends typed text: `&`, `<` and `>` escaped.
std::string slack_escaped(const std::string& text) {
  std::string out;
  for (const char c : text) {
    out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : std::string(1, c);
  }
  return out;
}

const fs::path k_spec_file = fs::path(STEWARD_SOURCE_DIR) / "examples" / "datavault" / "shop.yaml";

class ServeDatavaultTest : public ::testing::Test {
protected:
  void start(const std::string& more_yaml = "", const std::string& project = "") {
    DaemonSettings settings;
    settings.project = project;
    settings.extra_yaml = "access:\n  approvers: [U0APPROVER]\n" + more_yaml;
    m_daemon = std::make_unique<StewardDaemon>(m_dir.path(), m_slack, settings);
    ASSERT_TRUE(m_daemon->start()) << m_daemon->output();
  }

  HttpReply command(const std::string& text, const std::string& user = "U111") {
    const std::string id = std::to_string(++m_requests);
    std::string form = slash_command(text, "trig." + id, m_slack.url("/response/" + id));
    const std::string from = "user_id=U111";
    if (const auto at = form.find(from); at != std::string::npos) {
      form.replace(at, from.size(), "user_id=" + user);
    }
    return http_call(m_daemon->port(),
                     slack_request(k_signing_secret, form, "application/x-www-form-urlencoded"));
  }

  HttpReply click(const std::string& user, const std::string& action, const std::string& ts) {
    nlohmann::json payload = block_actions(user, action, "draft", ts, "t." + std::to_string(++m_requests));
    return http_call(m_daemon->port(), slack_request(k_signing_secret, interaction_form(payload),
                                                     "application/x-www-form-urlencoded"));
  }

  /// Waits for a call of `method` whose content holds every one of `needles`.
  std::optional<RecordedCall> call_with(const std::string& method, const std::vector<std::string>& needles,
                                        std::chrono::milliseconds timeout = 20s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      for (const RecordedCall& call : m_slack.calls(method)) {
        const std::string text = shown(call) + call.body;
        bool all = true;
        for (const std::string& needle : needles) {
          all = all && text.find(needle) != std::string::npos;
        }
        if (all) {
          return call;
        }
      }
      std::this_thread::sleep_for(20ms);
    }
    return std::nullopt;
  }

  std::string spec_command() { return "datavault ```yaml\n" + slack_escaped(read(k_spec_file)) + "\n```"; }

  int m_requests = 0;
  TempDir m_dir;
  FakeSlack m_slack;
  std::unique_ptr<StewardDaemon> m_daemon;
};

TEST_F(ServeDatavaultTest, ASpecInACodeBlockBecomesModelsInAZipInTheThread) {
  ASSERT_TRUE(fs::exists(k_spec_file));
  start();
  ASSERT_EQ(command(spec_command()).status, 200);
  auto done =
      call_with("chat.postMessage", {"<@U111> asked to generate a Data Vault", "✅ Generated", "hubs"});
  ASSERT_TRUE(done) << m_daemon->output();
  auto zip = call_with("upload", {"models/datavault/raw_vault/hubs/h_customer.sql", "automate_dv.hub(",
                                  "models/datavault/staging/stg_customers.sql", "DATAVAULT_REPORT.md"});
  ASSERT_TRUE(zip) << m_daemon->output();
  EXPECT_TRUE(zip->body.starts_with("PK\x03\x04")) << "a ZIP archive";
  EXPECT_TRUE(call_with("files.getUploadURLExternal", {"datavault-customer-", ".zip"}));
  auto completed = call_with("files.completeUploadExternal", {"Data Vault models ("});
  ASSERT_TRUE(completed);
  const std::vector<StoredMessage> posted = m_slack.messages("C111");
  ASSERT_FALSE(posted.empty());
  EXPECT_EQ(completed->args.value("thread_ts", ""), posted.front().ts) << "in the thread of the answer";
  EXPECT_TRUE(call_with("chat.postMessage", {"files are in the ZIP below", "models/datavault/"}));
}

TEST_F(ServeDatavaultTest, ErrorsAreListedWithTheirSpecPathsAndNothingIsGenerated) {
  start();
  const std::string spec =
      "entity:\n  name: customer\nhub:\n  business_key: [customer_id]\n"
      "links:\n  - name: customer_ghost\n    related_hub: ghost\n    sources: [customers]\n"
      "source_mappings:\n  customers:\n    schema: shop\n    table: customers\n"
      "    key_field: id\n    record_source: \"!shop.customers\"\n    load_date: _loaded_at\n";
  ASSERT_EQ(command("datavault ```yaml\n" + spec + "```").status, 200);
  auto told = call_with("chat.postMessage", {"nothing was generated", "entities[0].links[0]", "ghost"});
  ASSERT_TRUE(told) << m_daemon->output();
  std::this_thread::sleep_for(300ms);
  EXPECT_TRUE(m_slack.calls("upload").empty());

  ASSERT_EQ(command("datavault validate ```yaml\n" + slack_escaped(read(k_spec_file)) + "```").status, 200);
  EXPECT_TRUE(
      call_with("chat.postMessage", {"asked to validate", "✅ The spec is valid against the loaded project"}))
      << m_daemon->output();

  ASSERT_EQ(command("datavault ```yaml\nentity: [unclosed\n```").status, 200);
  EXPECT_TRUE(call_with("chat.postMessage", {"The spec can't be read", "line"})) << m_daemon->output();

  ASSERT_EQ(command("datavault").status, 200);
  EXPECT_TRUE(call_with("chat.postEphemeral", {"/steward datavault draft"})) << "usage";
}

TEST_F(ServeDatavaultTest, TheLlmDraftsASpecThatIsGeneratedOnlyWhenSomeonePressesGenerate) {
  FakeLlm llm;
  const std::string spec = read(k_spec_file);
  llm.push({.text = "Here is the spec:\n```yaml\n" + spec + "```\n"});
  const auto key = m_dir.write("llm_key", "sk-test");
  start("llm:\n  provider: openai\n  base_url: " + llm.base_url() +
        "\n  model: test-model\n  api_key_file: " + key.string() + "\n");
  ASSERT_EQ(command("datavault draft customers, their orders and the products on them").status, 200);
  auto draft = call_with("chat.update", {"Here is a draft", "business_key", "steward.datavault_generate"});
  ASSERT_TRUE(draft) << m_daemon->output();
  EXPECT_TRUE(m_slack.calls("upload").empty()) << "nothing is generated before Generate";
  ASSERT_FALSE(llm.requests().empty());
  const std::string asked = llm.requests().back().body;
  EXPECT_NE(asked.find("customers, their orders and the products on them"), std::string::npos);
  EXPECT_NE(asked.find("source shop.customers"), std::string::npos) << "the project's sources are listed";

  const std::string ts = draft->args.value("ts", "");
  ASSERT_EQ(click("U222", "steward.datavault_generate", ts).status, 200);
  auto generated = call_with("chat.postMessage", {"<@U222> generated the drafted Data Vault", "✅ Generated"});
  ASSERT_TRUE(generated) << m_daemon->output();
  EXPECT_EQ(generated->args.value("thread_ts", ""), ts);
  EXPECT_TRUE(call_with("upload", {"automate_dv.hub("}));
}

TEST_F(ServeDatavaultTest, GitDeliveryIsABranchAndPullRequestForApproversOnly) {
  GitRepo repo;
  FakeGitHub github;
  fs::copy(fs::path(STEWARD_SOURCE_DIR) / "examples" / "shop", repo.root() / "shop",
           fs::copy_options::recursive);
  repo.write("shop/.gitignore", "target/\nlogs/\n");
  repo.commit_all("Add the shop project");
  const auto token = m_dir.write("github_token", github.options().token);
  start("datavault:\n  delivery: git\ngithub:\n  api_url: " + github.api_url() +
            "\n  repo: " + github.options().repo + "\n  token_file: " + token.string() +
            "\ngit:\n  repository: " + repo.root().string() +
            "\n  author: Steward Bot <steward@shop.example>\n",
        (repo.root() / "shop").string());

  ASSERT_EQ(command(spec_command(), "U111").status, 200);
  EXPECT_TRUE(call_with("chat.postMessage", {"Only approvers get a branch", "here is a ZIP"}))
      << m_daemon->output();
  EXPECT_TRUE(github.pulls().empty());

  ASSERT_EQ(command(spec_command(), "U0APPROVER").status, 200);
  auto committed = call_with("chat.postMessage", {"Committed on `steward/datavault-customer", "PR #1"});
  ASSERT_TRUE(committed) << m_daemon->output();
  ASSERT_EQ(github.pulls().size(), 1U);
  const std::string branch = github.pulls()[0].head;
  EXPECT_TRUE(branch.starts_with("steward/datavault-customer-")) << branch;
  const std::string hub = repo.show(branch, "shop/models/datavault/raw_vault/hubs/h_customer.sql");
  EXPECT_NE(hub.find("automate_dv.hub("), std::string::npos) << hub;
  EXPECT_NE(github.pulls()[0].body.find("## Report"), std::string::npos);
  EXPECT_EQ(repo.git({"status", "--porcelain"}), "") << "the working tree is untouched";
}

} // namespace
} // namespace steward::testing

// `steward serve` alerting on dbt runs, end to end: a failing run in the
// project's target/ is posted to the channel its model's meta names with the
// owner mentioned (email resolved through Slack); the same run delivered
// again (POST /hooks/dbt) posts nothing; the buttons check who presses them
// (Snooze: owners or approvers; Mute: admins); Investigate posts evidence in
// the thread; a later passing run marks the alert resolved; dbt Cloud
// webhooks are verified and their run fetched from the Admin API. Fake Slack
// and dbt Cloud on 127.0.0.1, the real example project (copied), real
// SQLite store.

#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/dbt/loader.hpp"
#include "tests/support/cli_run.hpp"
#include "tests/support/fake_dbt_cloud.hpp"
#include "tests/support/fake_github.hpp"
#include "tests/support/fake_llm.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/git_repo.hpp"
#include "tests/support/http_call.hpp"
#include "tests/support/postgres.hpp"
#include "tests/support/shop_warehouse.hpp"
#include "tests/support/slack_payloads.hpp"
#include "tests/support/steward_daemon.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr const char* k_hook_token = "hook-token-0123456789";
constexpr const char* k_cloud_secret = "cloud-webhook-secret";

std::string shown(const RecordedCall& call) {
  std::string text = call.args.value("text", "");
  if (call.args.contains("blocks")) {
    text += call.args["blocks"].dump();
  }
  return text;
}

/// One result of a run_results.json v6 document.
nlohmann::json result(const std::string& id, const std::string& status, int failures,
                      const std::string& message) {
  return {{"status", status},
          {"timing", nlohmann::json::array()},
          {"thread_id", "Thread-1"},
          {"execution_time", 0.05},
          {"adapter_response", nlohmann::json::object()},
          {"message", message},
          {"failures", failures},
          {"unique_id", id},
          {"compiled", true},
          {"compiled_code", "select 1"},
          {"relation_name", nullptr}};
}

std::string run_results(const std::string& invocation, const std::vector<nlohmann::json>& results) {
  return nlohmann::json{{"metadata",
                         {{"dbt_schema_version", "https://schemas.getdbt.com/dbt/run-results/v6.json"},
                          {"dbt_version", "1.8.7"},
                          {"generated_at", "2026-11-24T06:00:00.000000Z"},
                          {"invocation_id", invocation},
                          {"env", nlohmann::json::object()}}},
                        {"results", results},
                        {"elapsed_time", 1.5},
                        {"args", {{"which", "test"}}}}
      .dump();
}

class ServeAlertsTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_project = m_dir.path() / "shop";
    fs::copy(fs::path(STEWARD_SOURCE_DIR) / "examples" / "shop", m_project, fs::copy_options::recursive);
    route_orders_to_their_team();
    auto project = dbt::load_project(m_project);
    ASSERT_TRUE(project) << project.error().to_string();
    m_status_test = test_id(*project, "accepted_values_stg_shop__orders_status");
    m_email_test = test_id(*project, "not_null_stg_shop__customers_email");
    ASSERT_FALSE(m_status_test.empty());
    ASSERT_FALSE(m_email_test.empty());
    m_slack.add_user("U0OWNER01", "orders-team@shop.example");
  }

  /// The orders model's meta names its channel and owner, as Elementary reads them.
  void route_orders_to_their_team() {
    const fs::path yml = m_project / "models" / "staging" / "_stg_shop.yml";
    std::ifstream in(yml);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string anchor = "  - name: stg_shop__orders\n    description: Orders, one row per order.\n";
    const std::size_t at = text.find(anchor);
    ASSERT_NE(at, std::string::npos);
    text.insert(at + anchor.size(),
                "    meta:\n      owner: orders-team@shop.example\n      channel: C0ORDERS\n");
    std::ofstream(yml) << text;
  }

  static std::string test_id(const dbt::Project& project, std::string_view prefix) {
    for (const dbt::Node& node : project.nodes()) {
      if (node.type == dbt::ResourceType::test && node.name.starts_with(prefix)) {
        return std::string(node.unique_id);
      }
    }
    return "";
  }

  /// `more_alerts`: more `alerts:` keys, each line indented two spaces.
  void start(const std::string& more_yaml = "", const std::string& more_alerts = "") {
    const auto token = m_dir.write("hook_token", k_hook_token);
    const auto secret = m_dir.write("cloud_secret", k_cloud_secret);
    const auto cloud_token = m_dir.write("cloud_token", "dbtc_test_token");
    DaemonSettings settings;
    settings.project = m_project.string();
    settings.watch_interval = "200ms";
    settings.extra_yaml = "alerts:\n  default_channel: C0ALERTS\n  watch_interval: 100ms\n" + more_alerts +
                          "hooks:\n  token_file: " + token.string() +
                          "\ndbt_cloud:\n  webhook_secret_file: " + secret.string() +
                          "\n  api_token_file: " + cloud_token.string() +
                          "\n  api_base_url: " + m_cloud.base_url() +
                          "\naccess:\n  approvers: [U0APPROVER]\n  admins: [U0ADMIN01]\n" + more_yaml;
    m_daemon = std::make_unique<StewardDaemon>(m_dir.path(), m_slack, settings);
    ASSERT_TRUE(m_daemon->start()) << m_daemon->output();
  }

  void write_run(const std::string& text) {
    fs::create_directories(m_project / "target");
    std::ofstream(m_project / "target" / "run_results.json.tmp") << text;
    fs::rename(m_project / "target" / "run_results.json.tmp", m_project / "target" / "run_results.json");
  }

  HttpReply post_hook(const std::string& path, const std::string& body,
                      std::vector<std::pair<std::string, std::string>> headers) {
    HttpCall request;
    request.method = "POST";
    request.target = path;
    request.body = body;
    request.headers = std::move(headers);
    request.headers.emplace_back("Content-Type", "application/json");
    return http_call(m_daemon->port(), request);
  }

  HttpReply click(const std::string& user, const std::string& action, const std::string& value,
                  const std::string& ts, const std::string& channel) {
    nlohmann::json payload = block_actions(user, action, value, ts, "t." + std::to_string(++m_clicks));
    payload["channel"]["id"] = channel;
    payload["container"]["channel_id"] = channel;
    return http_call(m_daemon->port(), slack_request(k_signing_secret, interaction_form(payload),
                                                     "application/x-www-form-urlencoded"));
  }

  /// Waits for a call of `method` whose content holds every one of `needles`.
  std::optional<RecordedCall> call_with(const std::string& method, const std::vector<std::string>& needles,
                                        std::chrono::milliseconds timeout = 15s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      for (const RecordedCall& call : m_slack.calls(method)) {
        const std::string text = shown(call) + call.args.dump();
        if (std::all_of(needles.begin(), needles.end(),
                        [&](const std::string& n) { return text.find(n) != std::string::npos; })) {
          return call;
        }
      }
      std::this_thread::sleep_for(50ms);
    }
    return std::nullopt;
  }

  std::size_t posts_to(const std::string& channel) {
    std::size_t n = 0;
    for (const RecordedCall& call : m_slack.calls("chat.postMessage")) {
      n += call.args.value("channel", "") == channel && !call.args.contains("thread_ts") ? 1 : 0;
    }
    return n;
  }

  /// The alert's message ts: the first top-level post to `channel`.
  std::string alert_ts(const std::string& channel) {
    for (const StoredMessage& message : m_slack.messages(channel)) {
      if (message.thread_ts.empty()) {
        return message.ts;
      }
    }
    return "";
  }

  /// Everything posted in thread `ts`, for failure messages.
  std::string thread_text(const std::string& ts) {
    std::string out;
    for (const RecordedCall& call : m_slack.calls("chat.postMessage")) {
      if (call.args.value("thread_ts", "") == ts) {
        out += "\n---\n" + shown(call);
      }
    }
    return out;
  }

  /// The incident id the alert's buttons carry.
  static std::string incident_of(const RecordedCall& post) {
    for (const auto& block : post.args.value("blocks", nlohmann::json::array())) {
      for (const auto& element : block.value("elements", nlohmann::json::array())) {
        if (element.value("action_id", "") == "steward.snooze") {
          return element.value("value", "");
        }
      }
    }
    return "";
  }

  TempDir m_dir;
  fs::path m_project;
  std::string m_status_test;
  std::string m_email_test;
  FakeSlack m_slack;
  FakeDbtCloud m_cloud;
  std::unique_ptr<StewardDaemon> m_daemon;
  int m_clicks = 0;
};

TEST_F(ServeAlertsTest, AFailingRunIsPostedToTheModelsChannelWithItsOwnerAndNotTwice) {
  write_run(
      run_results("inv-1", {result(m_status_test, "fail", 2, "Got 2 results, configured to fail if != 0"),
                            result(m_email_test, "pass", 0, "")}));
  start();
  auto alert =
      call_with("chat.postMessage", {"C0ORDERS", "accepted_values", "<@U0OWNER01>", "steward.investigate"});
  ASSERT_TRUE(alert) << m_daemon->output();
  EXPECT_NE(shown(*alert).find("2 failing rows"), std::string::npos) << shown(*alert);
  EXPECT_NE(shown(*alert).find("stg_shop__orders"), std::string::npos);

  // The same run again through the hook: acknowledged as a duplicate, nothing posted.
  const std::string again = run_results("inv-1", {result(m_status_test, "fail", 2, "Got 2 results")});
  HttpReply reply =
      post_hook("/hooks/dbt", again, {{"Authorization", std::string("Bearer ") + k_hook_token}});
  EXPECT_EQ(reply.status, 202) << reply.body;
  EXPECT_EQ(nlohmann::json::parse(reply.body).value("duplicate", false), true) << reply.body;
  std::this_thread::sleep_for(1500ms); // the watcher ticks several times meanwhile
  EXPECT_EQ(posts_to("C0ORDERS"), 1U);
  EXPECT_EQ(posts_to("C0ALERTS"), 0U) << "the passing test raised nothing";
}

TEST_F(ServeAlertsTest, TheHookRefusesBadTokensAndBrokenArtifacts) {
  start();
  const std::string body = run_results("inv-9", {result(m_status_test, "fail", 1, "x")});
  EXPECT_EQ(post_hook("/hooks/dbt", body, {}).status, 401);
  EXPECT_EQ(post_hook("/hooks/dbt", body, {{"Authorization", "Bearer wrong-token-0123456789"}}).status, 401);
  EXPECT_EQ(post_hook("/hooks/dbt", body, {{"Authorization", std::string("Basic ") + k_hook_token}}).status,
            401);
  HttpReply broken =
      post_hook("/hooks/dbt", "{\"results\": [", {{"Authorization", std::string("Bearer ") + k_hook_token}});
  EXPECT_EQ(broken.status, 400) << broken.body;
  HttpReply no_id = post_hook(
      "/hooks/dbt",
      R"({"metadata":{"dbt_schema_version":"https://schemas.getdbt.com/dbt/run-results/v6.json"},"results":[]})",
      {{"Authorization", std::string("Bearer ") + k_hook_token}});
  EXPECT_EQ(no_id.status, 400) << no_id.body;
  EXPECT_NE(no_id.body.find("invocation_id"), std::string::npos) << no_id.body;
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(m_slack.calls("chat.postMessage").size(), 0U);
}

TEST_F(ServeAlertsTest, OnlyOwnersOrApproversSnoozeAndOnlyAdminsMute) {
  write_run(run_results("inv-1", {result(m_status_test, "fail", 2, "Got 2 results")}));
  start();
  auto alert = call_with("chat.postMessage", {"C0ORDERS", "steward.snooze"});
  ASSERT_TRUE(alert) << m_daemon->output();
  const std::string ts = alert_ts("C0ORDERS");
  const std::string incident = incident_of(*alert);
  ASSERT_FALSE(incident.empty()) << shown(*alert);

  ASSERT_EQ(click("U0STRANGER", "steward.snooze", incident, ts, "C0ORDERS").status, 200);
  EXPECT_TRUE(call_with("chat.postEphemeral", {"U0STRANGER", "only the owners of this asset or approvers"}));
  ASSERT_EQ(click("U0STRANGER", "steward.mute", incident, ts, "C0ORDERS").status, 200);
  EXPECT_TRUE(call_with("chat.postEphemeral", {"U0STRANGER", "only admins"}));
  EXPECT_FALSE(call_with("chat.update", {"Snoozed by"}, 500ms));

  ASSERT_EQ(click("U0OWNER01", "steward.snooze", incident, ts, "C0ORDERS").status, 200);
  auto snoozed = call_with("chat.update", {"Snoozed by <@U0OWNER01>"});
  ASSERT_TRUE(snoozed) << m_daemon->output();
  EXPECT_EQ(snoozed->args.value("ts", ""), ts);

  ASSERT_EQ(click("U0ADMIN01", "steward.mute", incident, ts, "C0ORDERS").status, 200);
  EXPECT_TRUE(call_with("chat.update", {"Muted by <@U0ADMIN01>"}));
}

TEST_F(ServeAlertsTest, AnOwnerGivenAsAUserGroupMeansItsMembers) {
  // The orders model is owned by a Slack user group rather than a person.
  const fs::path yml = m_project / "models" / "staging" / "_stg_shop.yml";
  std::ifstream in(yml);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  const std::string owner = "owner: orders-team@shop.example";
  const std::size_t at = text.find(owner);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, owner.size(), "owner: S0ORDERS01");
  std::ofstream(yml) << text;
  m_slack.add_user_group("S0ORDERS01", {"U0GROUPIE", "U0OTHER"});
  write_run(run_results("inv-1", {result(m_status_test, "fail", 2, "Got 2 results")}));
  start();
  auto alert = call_with("chat.postMessage", {"C0ORDERS", "<!subteam^S0ORDERS01>", "steward.snooze"});
  ASSERT_TRUE(alert) << m_daemon->output()
                     << (m_slack.calls("chat.postMessage").empty()
                             ? ""
                             : shown(m_slack.calls("chat.postMessage").front()));
  const std::string ts = alert_ts("C0ORDERS");
  const std::string incident = incident_of(*alert);

  ASSERT_EQ(click("U0STRANGER", "steward.snooze", incident, ts, "C0ORDERS").status, 200);
  EXPECT_TRUE(call_with("chat.postEphemeral", {"U0STRANGER", "only the owners of this asset or approvers"}));
  ASSERT_EQ(click("U0GROUPIE", "steward.snooze", incident, ts, "C0ORDERS").status, 200);
  auto snoozed = call_with("chat.update", {"Snoozed by <@U0GROUPIE>"});
  ASSERT_TRUE(snoozed) << m_daemon->output();
  EXPECT_EQ(snoozed->args.value("ts", ""), ts);
}

TEST_F(ServeAlertsTest, InvestigatePostsTheEvidenceInTheAlertsThread) {
  write_run(run_results("inv-1", {result(m_status_test, "fail", 2, "Got 2 results")}));
  start();
  auto alert = call_with("chat.postMessage", {"C0ORDERS", "steward.investigate"});
  ASSERT_TRUE(alert) << m_daemon->output();
  const std::string ts = alert_ts("C0ORDERS");
  ASSERT_EQ(click("U0STRANGER", "steward.investigate", incident_of(*alert), ts, "C0ORDERS").status, 200);
  auto progress = call_with("chat.postMessage", {"asked me to investigate", ts});
  ASSERT_TRUE(progress) << m_daemon->output();
  auto evidence = call_with("chat.update", {"Investigation", "Upstream", "stg_shop__orders"});
  ASSERT_TRUE(evidence) << m_daemon->output();
  EXPECT_NE(shown(*evidence).find("`shop.orders` (source)"), std::string::npos) << shown(*evidence);
  EXPECT_NE(shown(*evidence).find("source('shop', 'orders')"), std::string::npos) << "the model's SQL";
  EXPECT_NE(shown(*evidence).find("No git repository is configured"), std::string::npos);
}

TEST_F(ServeAlertsTest, ALaterPassingRunMarksTheAlertResolved) {
  write_run(run_results("inv-1", {result(m_status_test, "fail", 2, "Got 2 results")}));
  start();
  ASSERT_TRUE(call_with("chat.postMessage", {"C0ORDERS", "accepted_values"})) << m_daemon->output();
  const std::string ts = alert_ts("C0ORDERS");
  write_run(run_results("inv-2", {result(m_status_test, "pass", 0, "")}));
  auto resolved = call_with("chat.update", {"Resolved"});
  ASSERT_TRUE(resolved) << m_daemon->output();
  EXPECT_EQ(resolved->args.value("ts", ""), ts);
  EXPECT_EQ(shown(*resolved).find("steward.snooze"), std::string::npos) << "no buttons once resolved";
  EXPECT_EQ(posts_to("C0ORDERS"), 1U);
}

TEST_F(ServeAlertsTest, ABadNightIsOneMessagePerChannelWithAListAndIncidentsShowIt) {
  auto project = dbt::load_project(m_project);
  ASSERT_TRUE(project);
  const std::string unique_test = test_id(*project, "unique_stg_shop__customers_customer_id");
  const std::string not_null_test = test_id(*project, "not_null_stg_shop__customers_customer_id");
  ASSERT_FALSE(unique_test.empty());
  ASSERT_FALSE(not_null_test.empty());
  write_run(run_results("inv-bad", {result(m_email_test, "fail", 3, "Got 3 results"),
                                    result(unique_test, "fail", 2, "Got 2 results"),
                                    result(not_null_test, "fail", 1, "Got 1 result")}));
  start("", "  group_threshold: 2\n");
  auto grouped = call_with("chat.postMessage",
                           {"C0ALERTS", "3 dbt failures in one run (3 open)",
                            "not_null_stg_shop__customers_email", "unique_stg_shop__customers_customer_id"});
  ASSERT_TRUE(grouped) << m_daemon->output();
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(posts_to("C0ALERTS"), 1U) << "one message, not three";

  const CliOutcome listed = run_cli({"incidents", "list", "--config", m_daemon->config_file().string()});
  ASSERT_EQ(listed.code, 0) << listed.err;
  EXPECT_NE(listed.out.find("\"not_null\" test failed on stg_shop__customers.email"), std::string::npos)
      << listed.out;
  EXPECT_NE(listed.out.find("\"unique\" test failed on stg_shop__customers.customer_id"), std::string::npos)
      << listed.out;
  const CliOutcome json =
      run_cli({"incidents", "list", "--json", "--config", m_daemon->config_file().string()});
  ASSERT_EQ(json.code, 0) << json.err;
  const nlohmann::json incidents = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_TRUE(incidents.is_array()) << json.out;
  EXPECT_EQ(incidents.size(), 3U);
  const std::string id = std::to_string(incidents.at(0).value("id", 0));
  const CliOutcome one = run_cli({"incidents", "show", id, "--config", m_daemon->config_file().string()});
  ASSERT_EQ(one.code, 0) << one.err;
  EXPECT_NE(one.out.find("open"), std::string::npos) << one.out;
  EXPECT_EQ(run_cli({"incidents", "show", "999999", "--config", m_daemon->config_file().string()}).code, 1);
}

TEST_F(ServeAlertsTest, ResolvingFromTheCommandLineRedrawsTheAlert) {
  write_run(run_results("inv-1", {result(m_status_test, "fail", 2, "Got 2 results")}));
  start();
  auto alert = call_with("chat.postMessage", {"C0ORDERS", "accepted_values"});
  ASSERT_TRUE(alert) << m_daemon->output();
  const std::string ts = alert_ts("C0ORDERS");
  const std::string incident = incident_of(*alert);

  const CliOutcome resolved =
      run_cli({"incidents", "resolve", incident, "--config", m_daemon->config_file().string()});
  ASSERT_EQ(resolved.code, 0) << resolved.err;
  EXPECT_NE(resolved.out.find("the daemon marks its alert resolved in chat"), std::string::npos)
      << resolved.out;
  auto redrawn = call_with("chat.update", {"Resolved", "Resolved from the command line at"});
  ASSERT_TRUE(redrawn) << m_daemon->output();
  EXPECT_EQ(redrawn->args.value("ts", ""), ts);
  EXPECT_EQ(shown(*redrawn).find("steward.snooze"), std::string::npos) << "no buttons once resolved";

  const CliOutcome again =
      run_cli({"incidents", "resolve", incident, "--config", m_daemon->config_file().string()});
  EXPECT_EQ(again.code, 0);
  EXPECT_NE(again.out.find("resolved already"), std::string::npos);
}

TEST_F(ServeAlertsTest, ADbtCloudWebhookIsVerifiedAndItsRunFetched) {
  m_cloud.add_artifact("43", "777", "run_results.json",
                       run_results("cloud-inv-1", {result(m_email_test, "fail", 3, "Got 3 results")}));
  start();
  const std::string body =
      R"({"accountId":43,"webhookId":"wsu_1","eventId":"wev_1","timestamp":"2026-11-24T06:00:00Z","eventType":"job.run.errored",)"
      R"("webhookName":"steward","data":{"jobId":"12","jobName":"Nightly","runId":"777","runStatus":"Errored","runStatusCode":20}})";
  EXPECT_EQ(
      post_hook("/hooks/dbt-cloud", body, {{"Authorization", dbt_cloud_signature("wrong", body)}}).status,
      401);
  EXPECT_EQ(post_hook("/hooks/dbt-cloud", body, {}).status, 401);
  std::string tampered = body;
  tampered.replace(tampered.find("777"), 3, "778");
  EXPECT_EQ(
      post_hook("/hooks/dbt-cloud", tampered, {{"Authorization", dbt_cloud_signature(k_cloud_secret, body)}})
          .status,
      401);
  HttpReply ok =
      post_hook("/hooks/dbt-cloud", body, {{"Authorization", dbt_cloud_signature(k_cloud_secret, body)}});
  EXPECT_EQ(ok.status, 202) << ok.body;
  auto alert = call_with("chat.postMessage", {"C0ALERTS", "not_null", "3 failing rows"});
  ASSERT_TRUE(alert) << m_daemon->output();
  const std::vector<std::string> requests = m_cloud.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0], "/api/v2/accounts/43/runs/777/artifacts/run_results.json");
}

/// Fixes: the project lives in a real git repository (in a subfolder, as in
/// a monorepo) with a bare `origin`, GitHub is a fake, and the warehouse is
/// the real PostgreSQL with the example's data (the failing rows the fixer
/// reads come from it).
class ServeFixTest : public ServeAlertsTest {
protected:
  void SetUp() override {
    m_server = pg_server();
    STEWARD_REQUIRE_PG(m_server);
    ServeAlertsTest::SetUp();
    fs::copy(m_project, m_repo.root() / "shop", fs::copy_options::recursive);
    m_project = m_repo.root() / "shop";
    m_repo.write("shop/.gitignore", "target/\nlogs/\n");
    m_repo.commit_all("Add the shop project");
  }

  void start_with_fixes(const std::string& more_yaml = "") {
    const auto password = m_dir.write("warehouse_password", m_server->password);
    const auto github_token = m_dir.write("github_token", m_github.options().token);
    start("warehouse:\n  url: " + shop_warehouse(*m_server) + "\n  password_file: " + password.string() +
          "\ngithub:\n  api_url: " + m_github.api_url() + "\n  repo: " + m_github.options().repo +
          "\n  token_file: " + github_token.string() + "\ngit:\n  repository: " + m_repo.root().string() +
          "\n  author: Steward Bot <steward@shop.example>\n" + more_yaml);
  }

  /// The value of the Apply button of a posted option.
  static std::string apply_value_of(const RecordedCall& option) {
    for (const auto& block : option.args["blocks"]) {
      if (block.value("type", "") == "actions") {
        return block["elements"][0].value("value", "");
      }
    }
    return {};
  }

  std::optional<PgServer> m_server;
  GitRepo m_repo;
  FakeGitHub m_github;
};

TEST_F(ServeFixTest, ProposeShowsDiffsAndDryRunsAndOnlyAnApproverAppliesOnce) {
  // The test's query returns the unexpected value, as dbt's accepted_values query would.
  nlohmann::json failing = result(m_status_test, "fail", 1, "Got 1 result, configured to fail if != 0");
  failing["compiled_code"] = "select 'on_hold' as value_field, 2 as n_records";
  write_run(run_results("inv-1", {failing}));
  start_with_fixes();
  auto alert = call_with("chat.postMessage", {"C0ORDERS", "steward.propose", "on_hold"});
  ASSERT_TRUE(alert) << m_daemon->output();
  const std::string ts = alert_ts("C0ORDERS");
  const std::string incident = incident_of(*alert);

  ASSERT_EQ(click("U0STRANGER", "steward.propose", incident, ts, "C0ORDERS").status, 200);
  auto option = call_with("chat.postMessage",
                          {"Option 1: Add", "on_hold", "+", "the edited YAML parses", "steward.apply", ts});
  ASSERT_TRUE(option) << m_daemon->output() << thread_text(ts);
  EXPECT_NE(shown(*option).find("the patched project loads with no broken refs"), std::string::npos)
      << shown(*option);
  const std::string apply_value = apply_value_of(*option);
  ASSERT_FALSE(apply_value.empty());

  ASSERT_EQ(click("U0STRANGER", "steward.apply", apply_value, ts, "C0ORDERS").status, 200);
  EXPECT_TRUE(call_with("chat.postEphemeral", {"U0STRANGER", "only approvers can apply"}));
  EXPECT_EQ(m_github.pulls().size(), 0U);

  ASSERT_EQ(click("U0APPROVER", "steward.apply", apply_value, ts, "C0ORDERS").status, 200);
  auto approved = call_with("chat.update", {"Approved by <@U0APPROVER>", "PR #1"}, 30s);
  ASSERT_TRUE(approved) << m_daemon->output();
  EXPECT_EQ(approved->args.value("ts", ""), ts);

  const std::string branch = "steward/fix-" + incident + "-add_value";
  const std::string yml = m_repo.show(branch, "shop/models/staging/_stg_shop.yml");
  EXPECT_NE(yml.find("\"on_hold\""), std::string::npos) << yml;
  EXPECT_NE(yml.find("    meta:\n      owner: orders-team@shop.example"), std::string::npos)
      << "the rest is kept";
  EXPECT_EQ(m_repo.git({"log", "-1", "--format=%an <%ae>", branch}), "Steward Bot <steward@shop.example>");
  EXPECT_EQ(m_repo.git_in(m_repo.bare(), {"rev-parse", branch}), m_repo.git({"rev-parse", branch}))
      << "pushed";
  EXPECT_EQ(m_repo.git({"status", "--porcelain"}), "") << "the working tree is untouched";
  ASSERT_EQ(m_github.pulls().size(), 1U);
  EXPECT_EQ(m_github.pulls()[0].head, branch);
  EXPECT_EQ(m_github.pulls()[0].base, "main");
  EXPECT_NE(m_github.pulls()[0].body.find("on_hold"), std::string::npos);

  // A second click applies nothing twice.
  ASSERT_EQ(click("U0APPROVER", "steward.apply", apply_value, ts, "C0ORDERS").status, 200);
  EXPECT_TRUE(call_with("chat.postEphemeral", {"U0APPROVER", "already"}));
  EXPECT_EQ(m_github.pulls().size(), 1U);
}

TEST_F(ServeFixTest, TheModelsOptionIsDiffedByStewardDryRunAndAppliedAsReviewed) {
  FakeLlm llm;
  llm.set_responder([](const FakeLlm::Request& request) -> std::optional<FakeLlm::Reply> {
    if (request.body.find("You propose fixes") == std::string::npos) {
      return FakeLlm::Reply{"Cause: data"};
    }
    // One usable option and one whose edit matches nothing.
    nlohmann::json options = {
        {"options",
         {{{"title", "Map on_hold to placed in staging"},
           {"what", "Treats the new on_hold status as placed until the business defines it."},
           {"pros", {"The test passes without widening it"}},
           {"cons", {"Hides a real status"}},
           {"risk", "medium"},
           {"edits",
            {{{"path", "models/staging/stg_shop__orders.sql"},
              {"find", "        status,\n"},
              {"replace",
               "        case when status = 'on_hold' then 'placed' else status end as status,\n"}}}}},
          {{"title", "Something vague"},
           {"edits",
            {{{"path", "models/staging/stg_shop__orders.sql"},
              {"find", "no such line"},
              {"replace", "x"}}}}}}}};
    return FakeLlm::Reply{"Here you go:\n" + options.dump(2)};
  });
  const auto key = m_dir.write("llm_key", "sk-test");
  nlohmann::json failing = result(m_status_test, "fail", 1, "Got 1 result, configured to fail if != 0");
  failing["compiled_code"] = "select 'on_hold' as value_field, 2 as n_records";
  write_run(run_results("inv-1", {failing}));
  start_with_fixes("llm:\n  provider: openai\n  base_url: " + llm.base_url() +
                   "\n  model: test-model\n  api_key_file: " + key.string() + "\n");
  auto alert = call_with("chat.postMessage", {"C0ORDERS", "steward.propose", "on_hold"});
  ASSERT_TRUE(alert) << m_daemon->output();
  const std::string ts = alert_ts("C0ORDERS");
  const std::string incident = incident_of(*alert);

  ASSERT_EQ(click("U0STRANGER", "steward.propose", incident, ts, "C0ORDERS").status, 200);
  auto option = call_with("chat.postMessage",
                          {"Map on_hold to placed", "Written by test-model",
                           "+        case when status = 'on_hold'", "steward.apply", ts},
                          30s);
  ASSERT_TRUE(option) << m_daemon->output() << thread_text(ts);
  auto done = call_with("chat.update", {"ways to fix this", "the model's last",
                                        "option 2: edit 1: 'find' text occurs 0 times"});
  EXPECT_TRUE(done) << thread_text(ts);
  // The model saw the staging SQL and the deterministic options.
  bool asked = false;
  for (const auto& request : llm.requests()) {
    if (request.body.find("You propose fixes") != std::string::npos) {
      asked = true;
      EXPECT_NE(request.body.find("### models/staging/stg_shop__orders.sql"), std::string::npos);
      EXPECT_NE(request.body.find("- Add 'on_hold' to the accepted values"), std::string::npos)
          << request.body;
    }
  }
  EXPECT_TRUE(asked);

  ASSERT_EQ(click("U0APPROVER", "steward.apply", apply_value_of(*option), ts, "C0ORDERS").status, 200);
  auto approved = call_with("chat.update", {"Approved by <@U0APPROVER>", "PR #1"}, 30s);
  ASSERT_TRUE(approved) << m_daemon->output();
  const std::string sql =
      m_repo.show("steward/fix-" + incident + "-llm_1", "shop/models/staging/stg_shop__orders.sql");
  EXPECT_NE(sql.find("        case when status = 'on_hold' then 'placed' else status end as status,\n"),
            std::string::npos)
      << sql;
  ASSERT_EQ(m_github.pulls().size(), 1U);
  EXPECT_NE(m_github.pulls()[0].title.find("Map on_hold to placed in staging"), std::string::npos);
}

TEST(DbtCloudSignatureTest, MatchesAnIndependentlyComputedHmac) {
  // printf '%s' '{"eventType":"job.run.started"}' | openssl dgst -sha256 -hmac 'secret'
  EXPECT_EQ(dbt_cloud_signature("secret", R"({"eventType":"job.run.started"})"),
            "5057fa0315d7317436fed23ed6c90a18cdc4932e941d5db6c5f57c68fc45d926");
}

} // namespace
} // namespace steward::testing

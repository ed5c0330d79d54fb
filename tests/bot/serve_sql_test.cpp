// `steward serve` with a warehouse: `/steward sql` (table in the channel,
// rejections privately, a CSV upload for many rows, Run/Cancel approval
// that only the asker and approvers may press) and the agent's run_sql tool
// (the table shown under the model's text, PII masked before the model sees
// rows). Real PostgreSQL with the example project's data; fake Slack and
// LLM servers on 127.0.0.1.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/fake_llm.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/http_call.hpp"
#include "tests/support/shop_warehouse.hpp"
#include "tests/support/slack_payloads.hpp"
#include "tests/support/steward_daemon.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::testing {
namespace {

using namespace std::chrono_literals;

std::string shown(const RecordedCall& call) {
  std::string text = call.args.value("text", "");
  if (call.args.contains("blocks")) {
    text += call.args["blocks"].dump();
  }
  if (call.args.contains("blocks") == false && call.method == "response_url") {
    text += call.body;
  }
  return text;
}

class ServeSqlTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_server = pg_server();
    STEWARD_REQUIRE_PG(m_server);
  }

  void start(const std::string& sql_yaml = "", bool with_llm = false) {
    const auto password = m_dir.write("warehouse_password", m_server->password);
    DaemonSettings settings;
    settings.extra_yaml = "warehouse:\n  url: " + shop_warehouse(*m_server) +
                          "\n  password_file: " + password.string() + "\n" + sql_yaml;
    if (with_llm) {
      const auto key = m_dir.write("llm_key", "sk-test");
      settings.extra_yaml += "llm:\n  provider: openai\n  base_url: " + m_llm.base_url() +
                             "\n  model: test-model\n  api_key_file: " + key.string() + "\n  timeout: 10s\n";
    }
    m_daemon = std::make_unique<StewardDaemon>(m_dir.path(), m_slack, settings);
    ASSERT_TRUE(m_daemon->start()) << m_daemon->output();
  }

  HttpReply command(const std::string& text, const std::string& id) {
    return http_call(m_daemon->port(),
                     slack_request(k_signing_secret,
                                   slash_command(text, "trig." + id, m_slack.url("/response/" + id)),
                                   "application/x-www-form-urlencoded"));
  }

  /// A click on message `ts`; `thread_ts` is the thread it is in, when it is a reply (Slack sends it).
  HttpReply click(const std::string& user, const std::string& action, const std::string& ts,
                  const std::string& thread_ts = "") {
    nlohmann::json payload = block_actions(user, action, "", ts, "t." + std::to_string(++m_clicks));
    if (!thread_ts.empty()) {
      payload["message"]["thread_ts"] = thread_ts;
    }
    return http_call(m_daemon->port(), slack_request(k_signing_secret, interaction_form(payload),
                                                     "application/x-www-form-urlencoded"));
  }

  /// Waits for a call of `method` whose content holds `needle`.
  std::optional<RecordedCall> call_with(const std::string& method, const std::string& needle,
                                        std::chrono::milliseconds timeout = 15s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      for (const RecordedCall& call : m_slack.calls(method)) {
        if (shown(call).find(needle) != std::string::npos || call.body.find(needle) != std::string::npos) {
          return call;
        }
      }
      std::this_thread::sleep_for(20ms);
    }
    return std::nullopt;
  }

  /// Every recorded call, for failure messages.
  std::string dump_calls() {
    std::string out;
    for (const RecordedCall& call : m_slack.calls()) {
      out += call.method + " " + call.body.substr(0, 400) + "\n";
    }
    return out;
  }

  int m_clicks = 0; ///< each click has its own trigger_id, as in Slack
  TempDir m_dir;
  FakeSlack m_slack;
  FakeLlm m_llm;
  std::optional<PgServer> m_server;
  std::unique_ptr<StewardDaemon> m_daemon;
};

TEST_F(ServeSqlTest, SlashSqlPostsTheResultTableInTheChannel) {
  start();
  ASSERT_EQ(
      command("sql ```sql\nselect payment_method, display_name from payment_methods order by 1\n```", "1")
          .status,
      200);
  auto result = call_with("chat.update", "5 rows in");
  ASSERT_TRUE(result) << m_daemon->output();
  const std::string text = shown(*result);
  EXPECT_NE(text.find("bank_transfer  | Bank transfer"), std::string::npos) << text;
  EXPECT_NE(text.find("select payment_method, display_name from payment_methods order by 1"),
            std::string::npos);
  EXPECT_NE(text.find("<@U111> ran `/steward sql`"), std::string::npos) << text;
  EXPECT_TRUE(m_slack.calls("upload").empty()) << "5 rows fit in the message";
}

TEST_F(ServeSqlTest, ARejectedStatementIsToldOnlyToTheAsker) {
  start();
  ASSERT_EQ(command("sql delete from fct_orders", "2").status, 200);
  auto told = call_with("response_url", "not_a_read");
  ASSERT_TRUE(told) << m_daemon->output();
  EXPECT_EQ(told->args.value("response_type", ""), "ephemeral");
  std::this_thread::sleep_for(300ms);
  EXPECT_TRUE(m_slack.calls("chat.postMessage").empty()) << "nothing was posted in the channel";
}

TEST_F(ServeSqlTest, MoreRowsThanFitInAMessageComeAsACsvFileInTheThread) {
  start();
  ASSERT_EQ(command("sql select date_day from metricflow_time_spine order by 1", "3").status, 200);
  auto result = call_with("chat.update", "every row is in the attached CSV");
  ASSERT_TRUE(result) << m_daemon->output();
  EXPECT_NE(shown(*result).find("100 rows in"), std::string::npos) << "sql.max_rows caps it";
  auto uploaded = call_with("upload", "date_day");
  ASSERT_TRUE(uploaded) << m_daemon->output();
  EXPECT_TRUE(uploaded->body.starts_with("date_day\r\n2023-01-01\r\n")) << uploaded->body.substr(0, 80);
  EXPECT_EQ(std::count(uploaded->body.begin(), uploaded->body.end(), '\n'), 101);
  auto completed = call_with("files.completeUploadExternal", "Query result (100 rows)");
  ASSERT_TRUE(completed);
  EXPECT_EQ(completed->args.value("thread_ts", ""), result->args.value("ts", "")) << completed->body;
}

TEST_F(ServeSqlTest, AHeldQueryRunsOnlyForTheAskerOrAnApproverAndOnlyOnce) {
  start("sql:\n  require_approval: true\naccess:\n  approvers: [U777]\n");
  // Slack escapes typed `>` as `&gt;`: the query runs only if it is decoded.
  ASSERT_EQ(command("sql select count(*) as orders from fct_orders where order_id &gt; 0", "4").status, 200);
  auto held = call_with("chat.postMessage", "steward.sql_run");
  ASSERT_TRUE(held) << m_daemon->output();
  const std::string ts = m_slack.messages("C111").at(0).ts;
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(call_with("chat.update", "orders", 100ms)) << "nothing runs before someone presses Run";

  ASSERT_EQ(click("U999", "steward.sql_run", ts).status, 200);
  auto refused = call_with("chat.postEphemeral", "only the person who asked or an approver");
  ASSERT_TRUE(refused) << m_daemon->output();
  EXPECT_EQ(refused->args.value("user", ""), "U999");

  ASSERT_EQ(click("U777", "steward.sql_run", ts).status, 200);
  auto ran = call_with("chat.update", "1 row in");
  ASSERT_TRUE(ran) << m_daemon->output() << dump_calls();
  EXPECT_NE(shown(*ran).find("<@U111> asked; <@U777> ran it"), std::string::npos) << shown(*ran);

  ASSERT_EQ(click("U111", "steward.sql_run", ts).status, 200);
  auto again = call_with("chat.postEphemeral", "isn't waiting any more");
  ASSERT_TRUE(again) << "a second click runs nothing";

  ASSERT_EQ(command("sql select 1 as one", "5").status, 200);
  ASSERT_TRUE(call_with("chat.postMessage", "select 1 as one"));
  const std::string second = m_slack.messages("C111").back().ts;
  ASSERT_EQ(click("U111", "steward.sql_cancel", second).status, 200);
  auto cancelled = call_with("chat.update", "Cancelled by <@U111>");
  ASSERT_TRUE(cancelled) << m_daemon->output();
}

TEST_F(ServeSqlTest, TheAgentsQueryIsShownUnderItsAnswerAndPiiNeverReachesTheModel) {
  m_llm.push({.tool_calls = {
                  {"call_1", "run_sql",
                   R"({"sql":"select customer_id, email, country_code from dim_customers order by 1"})"}}});
  m_llm.push({.text = "Here are the customers with their countries."});
  start("", true);
  ASSERT_EQ(http_call(m_daemon->port(),
                      slack_request(k_signing_secret, event_callback("EvSql1", mention("list customers with "
                                                                                       "their countries",
                                                                                       "1700000900.000100"))
                                                          .dump()))
                .status,
            200);
  auto final = call_with("chat.update", "How I got this");
  ASSERT_TRUE(final) << m_daemon->output();
  const std::string text = shown(*final);
  EXPECT_NE(text.find("Here are the customers with their countries."), std::string::npos);
  EXPECT_NE(text.find("customer_id | email | country_code"), std::string::npos) << text;
  EXPECT_NE(text.find("PII masked: `email`"), std::string::npos) << text;

  const std::vector<FakeLlm::Request> sent = m_llm.requests("/v1/chat/completions");
  ASSERT_EQ(sent.size(), 2U);
  bool offered = false;
  for (const nlohmann::json& tool : sent[0].json["tools"]) {
    offered = offered || tool["function"]["name"] == "run_sql";
  }
  EXPECT_TRUE(offered);
  const nlohmann::json& result = sent[1].json["messages"].back();
  EXPECT_EQ(result["role"], "tool");
  const std::string content = result["content"].get<std::string>();
  EXPECT_NE(content.find("\"***\""), std::string::npos) << content;
  EXPECT_EQ(content.find('@'), std::string::npos) << "no email reached the model: " << content;
  EXPECT_EQ(sent[1].body.find("@shop"), std::string::npos);
}

TEST_F(ServeSqlTest, WithApprovalTheAgentsQueryWaitsForTheAskerToRunItInTheThread) {
  m_llm.push(
      {.tool_calls = {{"call_1", "run_sql", R"({"sql":"select count(*) as orders from fct_orders"})"}}});
  m_llm.push({.text = "This query counts the orders; press Run to see the number."});
  start("sql:\n  require_approval: true\n", true);
  ASSERT_EQ(
      http_call(
          m_daemon->port(),
          slack_request(
              k_signing_secret,
              event_callback("EvSql2", mention("how many orders are there?", "1700000950.000100")).dump()))
          .status,
      200);
  auto final = call_with("chat.update", "How I got this");
  ASSERT_TRUE(final) << m_daemon->output();
  EXPECT_NE(shown(*final).find("steward.sql_run"), std::string::npos) << shown(*final);
  EXPECT_EQ(shown(*final).find("1 row in"), std::string::npos) << "nothing ran yet";
  const std::vector<FakeLlm::Request> sent = m_llm.requests("/v1/chat/completions");
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_NE(sent[1].json["messages"].back()["content"].get<std::string>().find("awaiting_approval"),
            std::string::npos);

  const std::string answer_ts = final->args.value("ts", "");
  const std::string thread = "1700000950.000100";
  ASSERT_EQ(click("U999", "steward.sql_run", answer_ts, thread).status, 200);
  ASSERT_TRUE(call_with("chat.postEphemeral", "only the person who asked or an approver")) << dump_calls();
  ASSERT_EQ(click("U111", "steward.sql_run", answer_ts, thread).status, 200);
  auto result = call_with("chat.update", "1 row in");
  ASSERT_TRUE(result) << m_daemon->output() << dump_calls();
  EXPECT_NE(shown(*result).find("<@U111> ran this query"), std::string::npos) << shown(*result);
  EXPECT_NE(result->args.value("ts", ""), answer_ts)
      << "the agent's answer stays; the result is a new message";
  bool in_thread = false;
  for (const StoredMessage& message : m_slack.messages("C111")) {
    in_thread = in_thread || (message.ts == result->args.value("ts", "") && message.thread_ts == thread);
  }
  EXPECT_TRUE(in_thread) << "the result is posted in the question's thread";
}

TEST_F(ServeSqlTest, ARunningQueryStopsOnTheServerWhenItsOwnerPressesStop) {
  start();
  ASSERT_EQ(command("sql select count(*) from generate_series(1, 2000000000) as n", "6").status, 200);
  auto running = call_with("chat.postMessage", "steward.sql_stop");
  ASSERT_TRUE(running) << m_daemon->output();
  const std::string ts = m_slack.messages("C111").at(0).ts;
  std::this_thread::sleep_for(300ms);
  ASSERT_EQ(click("U999", "steward.sql_stop", ts).status, 200);
  ASSERT_TRUE(call_with("chat.postEphemeral", "only the person who asked or an approver")) << dump_calls();
  const auto pressed = std::chrono::steady_clock::now();
  ASSERT_EQ(click("U111", "steward.sql_stop", ts).status, 200);
  auto stopped = call_with("chat.update", "warehouse.cancelled");
  ASSERT_TRUE(stopped) << m_daemon->output() << dump_calls();
  EXPECT_LT(std::chrono::steady_clock::now() - pressed, 5s);
  EXPECT_NE(shown(*stopped).find("The query did not finish"), std::string::npos) << shown(*stopped);
  ASSERT_EQ(click("U111", "steward.sql_stop", ts).status, 200);
  EXPECT_TRUE(call_with("chat.postEphemeral", "isn't running any more"));
}

TEST_F(ServeSqlTest, AQueryPastSqlTimeoutIsCancelledAndSaysSo) {
  start("sql:\n  timeout: 1s\n");
  ASSERT_EQ(command("sql select count(*) from generate_series(1, 2000000000) as n", "7").status, 200);
  auto timed_out = call_with("chat.update", "warehouse.timeout");
  ASSERT_TRUE(timed_out) << m_daemon->output() << dump_calls();
  EXPECT_NE(shown(*timed_out).find("the query ran longer than 1 s and was cancelled"), std::string::npos);
}

} // namespace
} // namespace steward::testing

// End-to-end: `steward serve` with an LLM configured, between a signed Slack
// delivery, a fake Slack and a fake OpenAI-compatible provider. The fake
// provider scripts tool calls; the tests assert what Steward sent it and what
// the user saw in Slack, and that feedback changes what the model is given.

#include <sstream>

#include <gtest/gtest.h>

#include "adapters/sqlite/sqlite_store.hpp"
#include "bot/cli/cli.hpp"
#include "tests/support/fake_llm.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/http_call.hpp"
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
  return text;
}

nlohmann::json reaction(const std::string& name, const std::string& user, const std::string& ts,
                        bool added = true) {
  return {{"type", added ? "reaction_added" : "reaction_removed"},
          {"user", user},
          {"reaction", name},
          {"item", {{"type", "message"}, {"channel", "C111"}, {"ts", ts}}},
          {"item_user", "U0BOT"},
          {"event_ts", "1700009999.000100"}};
}

/// A reply in a channel thread that does not mention Steward.
nlohmann::json thread_reply(const std::string& text, const std::string& ts, const std::string& thread_ts,
                            const std::string& user = "U111") {
  return {{"type", "message"},      {"channel", "C111"}, {"channel_type", "channel"},
          {"user", user},           {"text", text},      {"ts", ts},
          {"thread_ts", thread_ts}, {"event_ts", ts},    {"team", "T0TEAM"}};
}

/// The chat request's system prompt and every message text, joined.
std::string everything_sent(const FakeLlm::Request& request) {
  std::string text = request.body;
  return text;
}

class ServeAgentTest : public ::testing::Test {
protected:
  void start(const std::string& more_llm_yaml = "", const std::string& provider = "openai") {
    const std::filesystem::path key = m_dir.write("llm_key", "sk-test");
    DaemonSettings settings;
    settings.extra_yaml = "llm:\n  provider: " + provider + "\n  base_url: " + m_llm.base_url() +
                          "\n  model: test-model\n  api_key_file: " + key.string() +
                          "\n  max_attempts: 2\n  timeout: 5s\n" + more_llm_yaml +
                          "knowledge_base:\n  path: " + (source_dir() / "examples" / "shop" / "kb").string() +
                          "\n";
    m_daemon = std::make_unique<StewardDaemon>(m_dir.path(), m_slack, settings);
    ASSERT_TRUE(m_daemon->start()) << m_daemon->output();
  }

  HttpReply deliver(const std::string& id, const nlohmann::json& event) {
    return http_call(m_daemon->port(), slack_request(k_signing_secret, event_callback(id, event).dump()));
  }

  /// Waits for a chat.update whose content holds `needle`.
  std::optional<RecordedCall> update_with(const std::string& needle,
                                          std::chrono::milliseconds timeout = 15s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      for (const RecordedCall& call : m_slack.calls("chat.update")) {
        if (shown(call).find(needle) != std::string::npos) {
          return call;
        }
      }
      std::this_thread::sleep_for(20ms);
    }
    return std::nullopt;
  }

  /// Waits until `count` final answers (with the "how I got this" footer) were shown.
  bool wait_for_answers(std::size_t count, std::chrono::milliseconds timeout = 15s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      std::size_t answers = 0;
      for (const RecordedCall& call : m_slack.calls("chat.update")) {
        answers += shown(call).find("How I got this") != std::string::npos ? 1 : 0;
      }
      if (answers >= count) {
        return true;
      }
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

  /// The ts of Steward's reply in thread `thread_ts`.
  std::string answer_ts(const std::string& thread_ts) {
    for (const StoredMessage& message : m_slack.messages("C111")) {
      if (message.bot_id == "B0BOT" && message.thread_ts == thread_ts) {
        return message.ts;
      }
    }
    return {};
  }

  std::vector<FakeLlm::Request> chats() const { return m_llm.requests("/v1/chat/completions"); }

  TempDir m_dir;
  FakeSlack m_slack;
  FakeLlm m_llm;
  std::unique_ptr<StewardDaemon> m_daemon;
};

TEST_F(ServeAgentTest, TheAgentAnswersFromToolsInTheThread) {
  m_llm.push({.tool_calls = {{"call_1", "get_lineage", R"({"name":"fct_orders","direction":"upstream"})"}}});
  m_llm.push({.text = "`fct_orders` is built from `int_orders__enriched`."});
  start();
  ASSERT_EQ(deliver("EvA1", mention("what feeds fct_orders?", "1700000100.000100")).status, 200);
  auto final = update_with("How I got this");
  ASSERT_TRUE(final) << m_daemon->output();
  EXPECT_NE(shown(*final).find("int_orders__enriched"), std::string::npos);
  EXPECT_NE(shown(*final).find("get_lineage"), std::string::npos);
  EXPECT_NE(shown(*final).find("steward.feedback"), std::string::npos);

  const std::vector<FakeLlm::Request> sent = chats();
  ASSERT_EQ(sent.size(), 2U);
  const nlohmann::json& first = sent[0].json;
  EXPECT_EQ(first["model"], "test-model");
  EXPECT_EQ(first["messages"][0]["role"], "system");
  bool offers_lineage = false;
  for (const nlohmann::json& tool : first["tools"]) {
    offers_lineage = offers_lineage || tool["function"]["name"] == "get_lineage";
    EXPECT_TRUE(tool["function"]["parameters"].is_object());
  }
  EXPECT_TRUE(offers_lineage);
  // The tool result went back under the call's id and holds the real lineage.
  const nlohmann::json& messages = sent[1].json["messages"];
  const nlohmann::json& result = messages.back();
  EXPECT_EQ(result["role"], "tool");
  EXPECT_EQ(result["tool_call_id"], "call_1");
  EXPECT_NE(result["content"].get<std::string>().find("model.shop.int_orders__enriched"), std::string::npos);

  // The progress note was shown while the tool ran.
  bool progress = false;
  for (const RecordedCall& call : m_slack.calls("chat.update")) {
    progress = progress || shown(call).find("Looking up: get_lineage") != std::string::npos;
  }
  EXPECT_TRUE(progress);
  const HttpReply metrics = http_call(m_daemon->port(), {"GET", "/metrics", {}, ""});
  EXPECT_NE(metrics.body.find("steward_llm_tokens_total{direction=\"input\"} 100"), std::string::npos)
      << metrics.body.substr(0, 2000);

  // The audit trail: both model calls and the tool call, with their tokens,
  // stored against the answer's message. The worker records it just after
  // it updates the message, so wait for it.
  auto store = sqlite::open_sqlite_store({.path = m_dir.path() / "state" / "steward.db"});
  ASSERT_TRUE(store) << store.error().to_string();
  const store::MessageRef answer{"slack", "T0TEAM", final->args["channel"].get<std::string>(),
                                 final->args["ts"].get<std::string>()};
  std::vector<store::ToolStep> steps;
  for (auto deadline = std::chrono::steady_clock::now() + 15s;
       steps.empty() && std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(20ms)) {
    auto turn = (*store)->turn_by_message(answer);
    ASSERT_TRUE(turn) << turn.error().to_string();
    if (*turn) {
      auto recorded = (*store)->tool_steps((*turn)->id);
      ASSERT_TRUE(recorded) << recorded.error().to_string();
      steps = std::move(*recorded);
    }
  }
  ASSERT_EQ(steps.size(), 3U) << "the answer's turn is found by its message, with its steps";
  EXPECT_EQ(steps[0].tool, "llm:test-model");
  EXPECT_EQ(steps[0].tokens, 70) << "the fake's 50 input + 20 output tokens";
  EXPECT_EQ(steps[1].tool, "get_lineage");
  EXPECT_NE(steps[1].input.find("fct_orders"), std::string::npos);
  EXPECT_GT(steps[1].output_bytes, 0);
  EXPECT_EQ(steps[2].tool, "llm:test-model");
}

TEST_F(ServeAgentTest, AnthropicToolUseWorksTheSameWay) {
  m_llm.push({.tool_calls = {{"toolu_1", "get_node", R"({"name":"dim_customers"})"}}});
  m_llm.push({.text = "`dim_customers` has one row per customer."});
  start("", "anthropic");
  ASSERT_EQ(deliver("EvAn1", mention("what is dim_customers?", "1700000150.000100")).status, 200);
  auto final = update_with("How I got this");
  ASSERT_TRUE(final) << m_daemon->output();
  EXPECT_NE(shown(*final).find("one row per customer"), std::string::npos);
  EXPECT_NE(shown(*final).find("get_node"), std::string::npos);

  EXPECT_TRUE(chats().empty()) << "nothing went to the OpenAI path";
  const std::vector<FakeLlm::Request> sent = m_llm.requests("/v1/messages");
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_EQ(sent[0].header("x-api-key"), "sk-test");
  EXPECT_FALSE(sent[0].header("anthropic-version").empty());
  EXPECT_TRUE(sent[0].json["system"].is_string() || sent[0].json["system"].is_array())
      << "the system prompt is top-level in the Messages API";
  bool offers_get_node = false;
  for (const nlohmann::json& tool : sent[0].json["tools"]) {
    offers_get_node = offers_get_node || tool["name"] == "get_node";
    EXPECT_EQ(tool["input_schema"]["type"], "object");
  }
  EXPECT_TRUE(offers_get_node);
  // The tool_result block answers the tool_use id and holds the real node.
  const nlohmann::json& last = sent[1].json["messages"].back();
  EXPECT_EQ(last["role"], "user");
  bool answered = false;
  for (const nlohmann::json& block : last["content"]) {
    if (block["type"] == "tool_result" && block["tool_use_id"] == "toolu_1") {
      answered = block.dump().find("model.shop.dim_customers") != std::string::npos;
    }
  }
  EXPECT_TRUE(answered) << last.dump();
}

TEST_F(ServeAgentTest, AFollowUpInTheThreadCarriesTheEarlierTurns) {
  m_llm.push({.text = "`fct_orders` has one row per order."});
  m_llm.push({.text = "It is fed by `int_orders__enriched`."});
  start();
  ASSERT_EQ(deliver("EvF1", mention("what is fct_orders?", "1700000200.000100")).status, 200);
  ASSERT_TRUE(update_with("one row per order")) << m_daemon->output();
  ASSERT_EQ(deliver("EvF2", thread_reply("what feeds it?", "1700000201.000100", "1700000200.000100")).status,
            200);
  ASSERT_TRUE(update_with("It is fed by")) << m_daemon->output();
  const std::vector<FakeLlm::Request> sent = chats();
  ASSERT_EQ(sent.size(), 2U);
  const nlohmann::json& messages = sent[1].json["messages"];
  // system, the first question, the first answer, the follow-up.
  ASSERT_GE(messages.size(), 4U);
  EXPECT_EQ(messages[1]["content"], "what is fct_orders?");
  EXPECT_EQ(messages[2]["role"], "assistant");
  EXPECT_NE(messages[2]["content"].get<std::string>().find("one row per order"), std::string::npos);
  EXPECT_EQ(messages[3]["content"].get<std::string>().rfind("what feeds it?", 0), 0U);
}

TEST_F(ServeAgentTest, SomeoneElsesThreadReplyIsLeftAlone) {
  m_llm.push({.text = "`fct_orders` has one row per order."});
  start();
  ASSERT_EQ(deliver("EvO1", mention("what is fct_orders?", "1700000250.000100")).status, 200);
  ASSERT_TRUE(update_with("one row per order")) << m_daemon->output();
  ASSERT_EQ(deliver("EvO2", thread_reply("thanks!", "1700000251.000100", "1700000250.000100", "U999")).status,
            200);
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(chats().size(), 1U);
  EXPECT_EQ(m_slack.calls("chat.postMessage").size(), 1U);
}

TEST_F(ServeAgentTest, AFailingModelGivesTheOfflineAnswerAndTheReason) {
  m_llm.push({.status = 500, .error_message = "the fake is down"});
  m_llm.push({.status = 500, .error_message = "the fake is down"});
  start();
  ASSERT_EQ(deliver("EvE1", mention("describe fct_orders", "1700000300.000100")).status, 200);
  auto final = update_with("language model is unavailable");
  ASSERT_TRUE(final) << m_daemon->output();
  EXPECT_NE(shown(*final).find("HTTP 500"), std::string::npos) << shown(*final);
  EXPECT_NE(shown(*final).find("fct_orders"), std::string::npos); // the router's answer
  EXPECT_EQ(m_daemon->output().find("sk-test"), std::string::npos);
}

TEST_F(ServeAgentTest, AThumbsUpMakesTheAnswerAnExampleForASimilarQuestion) {
  m_llm.set_responder([](const FakeLlm::Request&) {
    return std::optional<FakeLlm::Reply>(
        FakeLlm::Reply{.text = "`fct_orders` reads `int_orders__enriched`."});
  });
  start();
  ASSERT_EQ(deliver("EvP1", mention("what feeds fct_orders?", "1700000400.000100")).status, 200);
  ASSERT_TRUE(update_with("reads")) << m_daemon->output();
  // Before any feedback, a similar question gets no examples.
  ASSERT_EQ(deliver("EvP2", mention("which models feed fct_orders", "1700000401.000100")).status, 200);
  ASSERT_EQ(m_slack.wait_for_calls("chat.update", 2).size(), 2U);
  std::this_thread::sleep_for(200ms);
  const std::vector<FakeLlm::Request> before = chats();
  ASSERT_EQ(before.size(), 2U);
  EXPECT_EQ(everything_sent(before[1]).find("marked helpful"), std::string::npos);

  const std::string ts = answer_ts("1700000400.000100");
  ASSERT_FALSE(ts.empty());
  ASSERT_EQ(deliver("EvP3", reaction("+1", "U222", ts)).status, 200);
  std::this_thread::sleep_for(500ms); // the reaction's job records the lesson
  ASSERT_EQ(deliver("EvP4", mention("which models feed fct_orders?", "1700000402.000100")).status, 200);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (chats().size() < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  const std::vector<FakeLlm::Request> sent = chats();
  ASSERT_EQ(sent.size(), 3U) << m_daemon->output();
  const std::string prompt = sent[2].json["messages"][0]["content"].get<std::string>();
  EXPECT_NE(prompt.find("marked helpful"), std::string::npos) << prompt;
  EXPECT_NE(prompt.find("what feeds fct_orders?"), std::string::npos);
  EXPECT_NE(prompt.find("model.shop.fct_orders"), std::string::npos);
}

TEST_F(ServeAgentTest, ACorrectionAfterAThumbsDownReachesRelatedQuestionsAndTheStats) {
  m_llm.set_responder([](const FakeLlm::Request&) {
    return std::optional<FakeLlm::Reply>(FakeLlm::Reply{.text = "Revenue is `amount_paid` in `fct_orders`."});
  });
  start();
  ASSERT_EQ(deliver("EvC1", mention("how is revenue computed?", "1700000500.000100")).status, 200);
  ASSERT_TRUE(update_with("Revenue is")) << m_daemon->output();
  const std::string ts = answer_ts("1700000500.000100");
  ASSERT_EQ(deliver("EvC2", reaction("-1", "U111", ts)).status, 200);
  std::this_thread::sleep_for(500ms);
  ASSERT_EQ(deliver("EvC3", thread_reply("actually revenue excludes refunds", "1700000501.000100",
                                         "1700000500.000100"))
                .status,
            200);
  auto posted = m_slack.wait_for_calls("chat.postMessage", 2);
  ASSERT_EQ(posted.size(), 2U) << m_daemon->output();
  EXPECT_NE(shown(posted[1]).find("noted that correction"), std::string::npos);
  EXPECT_EQ(chats().size(), 1U); // the correction was not answered as a question

  ASSERT_EQ(deliver("EvC4", mention("daily revenue by country", "1700000502.000100")).status, 200);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (chats().size() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  const std::vector<FakeLlm::Request> sent = chats();
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_NE(
      sent[1].json["messages"][0]["content"].get<std::string>().find("actually revenue excludes refunds"),
      std::string::npos);
  ASSERT_TRUE(wait_for_answers(2)) << m_daemon->output();
  std::this_thread::sleep_for(300ms); // the answer's turn is recorded right after its update

  std::ostringstream out;
  std::ostringstream err;
  const int code =
      cli::run({"feedback", "stats", "--json", "--config", m_daemon->config_file().string()}, out, err);
  ASSERT_EQ(code, 0) << err.str();
  const nlohmann::json stats = nlohmann::json::parse(out.str());
  EXPECT_EQ(stats["not_helpful"], 1);
  EXPECT_EQ(stats["answers"], 2);
  ASSERT_EQ(stats["corrections"].size(), 1U);
  EXPECT_EQ(stats["corrections"][0]["text"], "actually revenue excludes refunds");
  EXPECT_EQ(stats["corrections"][0]["question"], "how is revenue computed?");
  ASSERT_EQ(stats["failing"].size(), 1U);
  EXPECT_EQ(stats["failing"][0]["question"], "how is revenue computed?");
}

} // namespace
} // namespace steward::testing

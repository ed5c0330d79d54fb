// The Anthropic Messages provider against the fake LLM over loopback HTTP:
// `system` at the top level, tools with `input_schema` objects, assistant
// `tool_use` blocks with `input` objects, runs of tool results merged into
// one user message with `tool_use_id` and `is_error`, Anthropic's headers;
// answers read into text, tool calls, stop reasons and usage; and the
// failure paths, each with a clear error.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/llm/llm.hpp"
#include "tests/support/fake_llm.hpp"
#include "tests/support/llm_harness.hpp"
#include "tests/support/net_harness.hpp"

namespace steward::llm {
namespace {

using namespace std::chrono_literals;
using steward::testing::assistant_message;
using steward::testing::FakeLlm;
using steward::testing::IoThread;
using steward::testing::question;
using steward::testing::tool_result;
using steward::testing::user_message;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr const char* k_path = "/v1/messages";
constexpr const char* k_node_schema =
    R"({"type":"object","properties":{"name":{"type":"string"}},"required":["name"]})";

class AnthropicTest : public steward::testing::LanguageModelTest {
protected:
  AnthropicTest() : LanguageModelTest("anthropic", "claude-test") {}
};

TEST_F(AnthropicTest, SendsSystemAtTopLevelToolsWithInputSchemaAndItsHeaders) {
  Request request = question("describe fct_orders");
  request.tools = {ToolSpec{"get_node", "One node of the dbt project.", k_node_schema}};
  request.max_tokens = 900;
  auto response = model().complete(request);
  ASSERT_TRUE(response) << response.error().to_string();
  EXPECT_EQ(model().provider(), "anthropic");

  const auto sent = m_fake.requests(k_path);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].header("x-api-key"), "sk-test");
  EXPECT_EQ(sent[0].header("anthropic-version"), "2023-06-01");
  EXPECT_EQ(sent[0].header("authorization"), "");
  const json& body = sent[0].json;
  EXPECT_EQ(body["model"], "claude-test");
  EXPECT_EQ(body["max_tokens"], 900);
  EXPECT_EQ(body["system"], request.system);
  ASSERT_EQ(body["messages"].size(), 1U);
  EXPECT_EQ(body["messages"][0]["role"], "user");
  EXPECT_EQ(body["messages"][0]["content"], json::parse(R"([{"type":"text","text":"describe fct_orders"}])"));
  ASSERT_EQ(body["tools"].size(), 1U);
  EXPECT_EQ(body["tools"][0], json({{"name", "get_node"},
                                    {"description", "One node of the dbt project."},
                                    {"input_schema", json::parse(k_node_schema)}}));
}

TEST_F(AnthropicTest, ToolUseInputIsAnObjectAndToolResultsShareOneUserMessage) {
  Request request = question("what feeds fct_orders and is it broken?");
  request.messages.push_back(
      assistant_message("Let me look.", {{"toolu_1", "get_node", R"({"name":"fct_orders"})"},
                                         {"toolu_2", "list_failures", "not json"}}));
  request.messages.push_back(tool_result("toolu_1", "get_node", R"({"name":"fct_orders","upstream":[]})"));
  request.messages.push_back(tool_result("toolu_2", "list_failures", R"({"error":"no run results"})", true));
  request.messages.push_back(user_message("also: who owns it?"));
  ASSERT_TRUE(model().complete(request));

  const json messages = m_fake.requests(k_path).at(0).json["messages"];
  ASSERT_EQ(messages.size(), 3U); // user, assistant, user: turns alternate
  EXPECT_EQ(messages[1]["role"], "assistant");
  EXPECT_EQ(messages[1]["content"], json::parse(R"([
      {"type":"text","text":"Let me look."},
      {"type":"tool_use","id":"toolu_1","name":"get_node","input":{"name":"fct_orders"}},
      {"type":"tool_use","id":"toolu_2","name":"list_failures","input":{}}])"));
  EXPECT_EQ(messages[2]["role"], "user");
  const json& results = messages[2]["content"];
  ASSERT_EQ(results.size(), 3U);
  EXPECT_EQ(results[0], json({{"type", "tool_result"},
                              {"tool_use_id", "toolu_1"},
                              {"content", request.messages[2].text},
                              {"is_error", false}}));
  EXPECT_EQ(results[1]["tool_use_id"], "toolu_2");
  EXPECT_EQ(results[1]["is_error"], true);
  EXPECT_EQ(results[2], json({{"type", "text"}, {"text", "also: who owns it?"}}));
}

TEST_F(AnthropicTest, ReadsTextToolUseStopReasonAndUsage) {
  FakeLlm::Reply reply;
  reply.text = "Checking the lineage.";
  reply.tool_calls = {{"", "get_lineage", R"({"node": "fct_orders", "depth": 2})"}};
  reply.input_tokens = 321;
  reply.output_tokens = 12;
  m_fake.push(reply);

  auto response = model().complete(question("what feeds fct_orders?"));
  ASSERT_TRUE(response) << response.error().to_string();
  EXPECT_EQ(response->text, "Checking the lineage.");
  EXPECT_EQ(response->stop, StopReason::tool_calls);
  ASSERT_EQ(response->tool_calls.size(), 1U);
  EXPECT_FALSE(response->tool_calls[0].id.empty());
  EXPECT_EQ(response->tool_calls[0].name, "get_lineage");
  EXPECT_EQ(json::parse(response->tool_calls[0].arguments), json({{"node", "fct_orders"}, {"depth", 2}}));
  EXPECT_EQ(response->usage.input_tokens, 321);
  EXPECT_EQ(response->usage.output_tokens, 12);
  EXPECT_EQ(response->model, "claude-test");
  EXPECT_EQ(counted("ok"), 1);
  EXPECT_EQ(m_metrics.value("steward_llm_tokens_total", {{"direction", "input"}}), 321);
}

TEST_F(AnthropicTest, ReturnsToolResultsWithTheIdsTheModelGave) {
  FakeLlm::Reply call;
  call.tool_calls = {{"", "get_node", R"({"name":"a"})"}, {"", "get_node", R"({"name":"b"})"}};
  m_fake.push(call);
  LanguageModel& llm = model();
  Request request = question("compare a and b");
  auto first = llm.complete(request);
  ASSERT_TRUE(first) << first.error().to_string();
  ASSERT_EQ(first->tool_calls.size(), 2U);
  request.messages.push_back(assistant_message(first->text, first->tool_calls));
  for (const ToolCall& made : first->tool_calls) {
    request.messages.push_back(tool_result(made.id, made.name, "{}"));
  }
  ASSERT_TRUE(llm.complete(request));

  const json messages = m_fake.requests(k_path).at(1).json["messages"];
  ASSERT_EQ(messages.size(), 3U);
  EXPECT_EQ(messages[1]["content"][0]["id"], first->tool_calls[0].id);
  EXPECT_EQ(messages[1]["content"][0]["input"], json({{"name", "a"}}));
  EXPECT_EQ(messages[2]["content"][0]["tool_use_id"], first->tool_calls[0].id);
  EXPECT_EQ(messages[2]["content"][1]["tool_use_id"], first->tool_calls[1].id);
}

TEST_F(AnthropicTest, MapsMaxTokensAndRefusalStops) {
  FakeLlm::Reply cut;
  cut.text = "partial";
  cut.stop = StopReason::max_tokens;
  FakeLlm::Reply refused;
  refused.stop = StopReason::other;
  m_fake.push(cut);
  m_fake.push(refused);
  LanguageModel& llm = model();
  auto first = llm.complete(question("a"));
  auto second = llm.complete(question("b"));
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->stop, StopReason::max_tokens);
  EXPECT_EQ(second->stop, StopReason::other);
}

TEST_F(AnthropicTest, LeavesSystemAndToolsOutWhenEmpty) {
  Request request = question("hi");
  request.system.clear();
  ASSERT_TRUE(model().complete(request));
  const json body = m_fake.requests(k_path).at(0).json;
  EXPECT_FALSE(body.contains("system"));
  EXPECT_FALSE(body.contains("tools"));
}

// --- Failure paths

TEST_F(AnthropicTest, TimeoutIsAnErrorNamingTheLimit) {
  FakeLlm::Reply slow;
  slow.delay = 1500ms;
  m_fake.push(slow);
  Request request = question("hi");
  request.timeout = 400ms;
  const auto start = Clock::now();
  auto response = model().complete(request);
  ASSERT_FALSE(response);
  EXPECT_LT(Clock::now() - start, 1200ms);
  EXPECT_EQ(response.error().to_string(), "llm: anthropic timed out after 400 ms");
  EXPECT_EQ(counted("timeout"), 1);
}

TEST_F(AnthropicTest, OverloadedIsRetriedThenSucceeds) {
  FakeLlm::Reply overloaded;
  overloaded.status = 529;
  overloaded.error_message = "Overloaded";
  FakeLlm::Reply answer;
  answer.text = "done";
  m_fake.push(overloaded);
  m_fake.push(answer);
  auto response = model().complete(question("hi"));
  ASSERT_TRUE(response) << response.error().to_string();
  EXPECT_EQ(response->text, "done");
  EXPECT_EQ(counted("http_529"), 1);
  EXPECT_EQ(m_fake.requests(k_path).size(), 2U);
}

TEST_F(AnthropicTest, ServerErrorsUntilAttemptsRunOut) {
  FakeLlm::Reply failure;
  failure.status = 500;
  failure.error_message = "Internal server error";
  for (int i = 0; i < 3; ++i) {
    m_fake.push(failure);
  }
  auto response = model().complete(question("hi"));
  ASSERT_FALSE(response);
  EXPECT_THAT(response.error().reason, StartsWith("anthropic returned HTTP 500: Internal server error"));
  EXPECT_THAT(response.error().reason, HasSubstr("3 attempts"));
  EXPECT_EQ(counted("http_500"), 3);
}

TEST_F(AnthropicTest, RateLimitWaitsForRetryAfter) {
  FakeLlm::Reply limited;
  limited.status = 429;
  limited.error_message = "Number of request tokens has exceeded your per-minute rate limit";
  limited.retry_after = "1";
  m_fake.push(limited);
  const auto start = Clock::now();
  auto response = model().complete(question("hi"));
  ASSERT_TRUE(response) << response.error().to_string();
  EXPECT_GE(Clock::now() - start, 950ms);
  EXPECT_EQ(m_fake.requests(k_path).size(), 2U);
}

TEST_F(AnthropicTest, UnauthorizedIsNotRetriedAndNeverShowsTheKey) {
  ProviderOptions settings = options();
  settings.api_key = "sk-ant-wrong-0123456789";
  auto response = model(settings).complete(question("hi"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().to_string(), "llm: anthropic returned HTTP 401: invalid x-api-key");
  EXPECT_THAT(response.error().to_string(), Not(HasSubstr(settings.api_key)));
  EXPECT_EQ(m_fake.requests(k_path).size(), 1U);
  EXPECT_EQ(counted("http_401"), 1);
}

TEST_F(AnthropicTest, MalformedJsonIsAnError) {
  FakeLlm::Reply broken;
  broken.raw_body = "<html>502 Bad Gateway</html>";
  m_fake.push(broken);
  auto response = model().complete(question("hi"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().reason, "anthropic sent a malformed response: the body is not JSON");
  EXPECT_EQ(counted("malformed"), 1);
}

TEST_F(AnthropicTest, AnswerWithoutContentIsMalformed) {
  FakeLlm::Reply empty;
  empty.raw_body = R"({"type":"message","role":"assistant","stop_reason":"end_turn"})";
  m_fake.push(empty);
  auto response = model().complete(question("hi"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().reason, "anthropic sent a malformed response: $.content missing");
}

TEST_F(AnthropicTest, ToolUseWithoutANameIsMalformedNotPartial) {
  FakeLlm::Reply nameless;
  nameless.text = "calling";
  nameless.tool_calls = {{"toolu_1", "", "{}"}};
  m_fake.push(nameless);
  auto response = model().complete(question("hi"));
  ASSERT_FALSE(response);
  // content[0] is the text block, content[1] the nameless tool_use.
  EXPECT_EQ(response.error().reason, "anthropic sent a malformed response: $.content[1].name missing");
  EXPECT_EQ(counted("ok"), 0);
}

TEST_F(AnthropicTest, ErrorInsideA200AnswerIsReported) {
  FakeLlm::Reply error;
  error.raw_body = R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})";
  m_fake.push(error);
  auto response = model().complete(question("hi"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().reason, "anthropic returned an error: Overloaded");
}

TEST_F(AnthropicTest, UnreachablePortFailsAfterTheAttempts) {
  ProviderOptions settings = options();
  const unsigned short port = steward::testing::unused_port();
  settings.base_url = "http://127.0.0.1:" + std::to_string(port) + "/v1";
  auto response = model(settings).complete(question("hi"));
  ASSERT_FALSE(response);
  EXPECT_THAT(response.error().reason,
              StartsWith("anthropic is unreachable at 127.0.0.1:" + std::to_string(port)));
  EXPECT_EQ(counted("unreachable"), 3);
}

TEST(AnthropicOptionsTest, RefusesANonHttpBaseUrl) {
  IoThread io;
  ProviderOptions options;
  options.provider = "anthropic";
  options.model = "claude-test";
  options.base_url = "api.anthropic.com/v1";
  auto made = make_language_model(io.executor(), options);
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().key, "llm.base_url");
  options.base_url.clear(); // the default, https://api.anthropic.com/v1
  EXPECT_TRUE(make_language_model(io.executor(), options));
}

} // namespace
} // namespace steward::llm

// The OpenAI-compatible Chat Completions provider against the fake LLM over
// loopback HTTP: what it sends (model, system prompt, history in order, tools
// with their JSON Schemas as objects, tool results with the ids the model
// gave, auth headers, Azure OpenAI URLs), how it reads answers (text, tool
// calls, stop reasons, usage) and every failure path with a clear error.

#include <atomic>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/llm/llm.hpp"
#include "tests/support/fake_llm.hpp"
#include "tests/support/llm_harness.hpp"
#include "tests/support/net_harness.hpp"

namespace steward::llm {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using steward::testing::assistant_message;
using steward::testing::fake_options;
using steward::testing::FakeLlm;
using steward::testing::IoThread;
using steward::testing::question;
using steward::testing::tool_result;
using steward::testing::user_message;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* k_path = "/v1/chat/completions";
constexpr const char* k_lineage_schema =
    R"({"type":"object","properties":{"node":{"type":"string"},"depth":{"type":"integer"}},"required":["node"]})";

ToolSpec lineage_tool() {
  return ToolSpec{"get_lineage", "Upstream and downstream nodes of a dbt node.", k_lineage_schema};
}

class OpenAiTest : public steward::testing::LanguageModelTest {
protected:
  OpenAiTest() : LanguageModelTest("openai", "gpt-test") {}
};

TEST_F(OpenAiTest, SendsModelSystemPromptHistoryAndToolsInOrder) {
  Request request = question("what feeds fct_orders?");
  request.messages.push_back(assistant_message("", {{"call_1", "get_lineage", R"({"node":"fct_orders"})"},
                                                    {"call_2", "get_lineage", R"({"node":"x"})"}}));
  request.messages.push_back(tool_result("call_1", "get_lineage", R"({"upstream":["stg_orders"]})"));
  request.messages.push_back(tool_result("call_2", "get_lineage", R"({"error":"unknown node x"})", true));
  request.messages.push_back(assistant_message("fct_orders is built from stg_orders."));
  request.messages.push_back(user_message("and what feeds stg_orders?"));
  request.tools = {lineage_tool(), ToolSpec{"list_failures", "Failed nodes of the last run.", ""}};
  request.max_tokens = 700;
  request.temperature = 0.25;

  auto response = model().complete(request);
  ASSERT_TRUE(response) << response.error().to_string();

  const auto sent = m_fake.requests(k_path);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].header("authorization"), "Bearer sk-test");
  EXPECT_THAT(sent[0].header("content-type"), StartsWith("application/json"));
  const json& body = sent[0].json;
  EXPECT_EQ(body["model"], "gpt-test");
  EXPECT_EQ(body["max_tokens"], 700);
  EXPECT_DOUBLE_EQ(body["temperature"].get<double>(), 0.25);

  const json& messages = body["messages"];
  ASSERT_EQ(messages.size(), 7U);
  EXPECT_EQ(messages[0], json({{"role", "system"}, {"content", request.system}}));
  EXPECT_EQ(messages[1], json({{"role", "user"}, {"content", "what feeds fct_orders?"}}));
  EXPECT_EQ(messages[2]["role"], "assistant");
  EXPECT_TRUE(messages[2]["content"].is_null());
  ASSERT_EQ(messages[2]["tool_calls"].size(), 2U);
  EXPECT_EQ(messages[2]["tool_calls"][0], json::parse(R"({"id":"call_1","type":"function",
      "function":{"name":"get_lineage","arguments":"{\"node\":\"fct_orders\"}"}})"));
  EXPECT_EQ(messages[3],
            json({{"role", "tool"}, {"tool_call_id", "call_1"}, {"content", request.messages[2].text}}));
  EXPECT_EQ(messages[4]["tool_call_id"], "call_2");
  EXPECT_EQ(messages[4]["content"], request.messages[3].text);
  EXPECT_EQ(messages[5], json({{"role", "assistant"}, {"content", "fct_orders is built from stg_orders."}}));
  EXPECT_EQ(messages[6], json({{"role", "user"}, {"content", "and what feeds stg_orders?"}}));

  const json& tools = body["tools"];
  ASSERT_EQ(tools.size(), 2U);
  EXPECT_EQ(tools[0]["type"], "function");
  EXPECT_EQ(tools[0]["function"]["name"], "get_lineage");
  EXPECT_EQ(tools[0]["function"]["description"], "Upstream and downstream nodes of a dbt node.");
  EXPECT_EQ(tools[0]["function"]["parameters"], json::parse(k_lineage_schema)); // an object, not text
  EXPECT_EQ(tools[1]["function"]["parameters"]["type"], "object");
}

TEST_F(OpenAiTest, LeavesToolsOutWhenThereAreNone) {
  ASSERT_TRUE(model().complete(question("hello")));
  const auto sent = m_fake.requests(k_path);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_FALSE(sent[0].json.contains("tools"));
}

TEST_F(OpenAiTest, ReadsTextStopReasonUsageAndModel) {
  FakeLlm::Reply reply;
  reply.text = "fct_orders reads stg_orders and stg_payments.";
  reply.input_tokens = 123;
  reply.output_tokens = 45;
  m_fake.push(reply);

  auto response = model().complete(question("what feeds fct_orders?"));
  ASSERT_TRUE(response) << response.error().to_string();
  EXPECT_EQ(response->text, reply.text);
  EXPECT_TRUE(response->tool_calls.empty());
  EXPECT_EQ(response->stop, StopReason::end);
  EXPECT_EQ(response->usage.input_tokens, 123);
  EXPECT_EQ(response->usage.output_tokens, 45);
  EXPECT_EQ(response->model, "gpt-test");
  EXPECT_EQ(counted("ok"), 1);
  EXPECT_EQ(m_metrics.value("steward_llm_tokens_total", {{"direction", "input"}}), 123);
  EXPECT_EQ(m_metrics.value("steward_llm_tokens_total", {{"direction", "output"}}), 45);
}

TEST_F(OpenAiTest, PassesToolCallArgumentsThroughAsText) {
  FakeLlm::Reply reply;
  reply.tool_calls = {{"", "get_node", R"({"name": "fct_orders"})"},
                      {"call_b", "search_project", "not json {"}};
  m_fake.push(reply);

  auto response = model().complete(question("describe fct_orders"));
  ASSERT_TRUE(response) << response.error().to_string();
  EXPECT_EQ(response->stop, StopReason::tool_calls);
  ASSERT_EQ(response->tool_calls.size(), 2U);
  EXPECT_FALSE(response->tool_calls[0].id.empty());
  EXPECT_EQ(response->tool_calls[0].name, "get_node");
  EXPECT_EQ(response->tool_calls[0].arguments, R"({"name": "fct_orders"})");
  EXPECT_EQ(response->tool_calls[1].id, "call_b");
  EXPECT_EQ(response->tool_calls[1].arguments, "not json {");
}

TEST_F(OpenAiTest, ReturnsToolResultsWithTheIdsTheModelGave) {
  FakeLlm::Reply call;
  call.tool_calls = {{"", "get_lineage", R"({"node":"fct_orders"})"}, {"", "list_failures", "{}"}};
  m_fake.push(call);
  LanguageModel& llm = model();
  Request request = question("what feeds fct_orders?");
  request.tools = {lineage_tool()};
  auto first = llm.complete(request);
  ASSERT_TRUE(first) << first.error().to_string();
  ASSERT_EQ(first->tool_calls.size(), 2U);
  EXPECT_NE(first->tool_calls[0].id, first->tool_calls[1].id);

  request.messages.push_back(assistant_message(first->text, first->tool_calls));
  for (const ToolCall& made : first->tool_calls) {
    request.messages.push_back(tool_result(made.id, made.name, R"({"ok":true})"));
  }
  ASSERT_TRUE(llm.complete(request));

  const auto sent = m_fake.requests(k_path);
  ASSERT_EQ(sent.size(), 2U);
  const json& messages = sent[1].json["messages"];
  ASSERT_EQ(messages.size(), 5U);
  EXPECT_EQ(messages[2]["tool_calls"][0]["id"], first->tool_calls[0].id);
  EXPECT_EQ(messages[2]["tool_calls"][1]["id"], first->tool_calls[1].id);
  EXPECT_EQ(messages[3]["tool_call_id"], first->tool_calls[0].id);
  EXPECT_EQ(messages[4]["tool_call_id"], first->tool_calls[1].id);
}

TEST_F(OpenAiTest, MapsLengthAndContentFilterStops) {
  FakeLlm::Reply cut;
  cut.text = "partial";
  cut.stop = StopReason::max_tokens;
  FakeLlm::Reply filtered;
  filtered.stop = StopReason::other;
  m_fake.push(cut);
  m_fake.push(filtered);
  LanguageModel& llm = model();
  auto first = llm.complete(question("a"));
  auto second = llm.complete(question("b"));
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->stop, StopReason::max_tokens);
  EXPECT_EQ(second->stop, StopReason::other);
}

TEST_F(OpenAiTest, ReasoningModelsGetMaxCompletionTokensAndNoTemperature) {
  ASSERT_TRUE(model(fake_options(m_fake, "openai", "o3-mini")).complete(question("hi")));
  const json body = m_fake.requests(k_path).at(0).json;
  EXPECT_EQ(body["max_completion_tokens"], 1500);
  EXPECT_FALSE(body.contains("max_tokens"));
  EXPECT_FALSE(body.contains("temperature"));
}

TEST_F(OpenAiTest, AzureDeploymentUrlSendsApiKeyHeaderAndApiVersion) {
  ProviderOptions options = fake_options(m_fake, "openai", "gpt-4o");
  options.base_url = "http://127.0.0.1:" + std::to_string(m_fake.port()) + "/openai/deployments/gpt4o-prod/";
  options.api_version = "2024-10-21";
  auto response = model(options).complete(question("hi"));
  ASSERT_TRUE(response) << response.error().to_string();
  const auto sent = m_fake.requests();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].target, "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
  EXPECT_EQ(sent[0].header("api-key"), "sk-test");
  EXPECT_EQ(sent[0].header("authorization"), "");
}

TEST(OpenAiNoKeyTest, LocalServersWithoutAKeyGetNoAuthorizationHeader) {
  FakeLlm fake("");
  IoThread io;
  ProviderOptions options = fake_options(fake, "openai", "llama3.1");
  options.api_key.clear();
  auto made = make_language_model(io.executor(), options);
  ASSERT_TRUE(made) << made.error().to_string();
  auto response = (*made)->complete(question("hi"));
  ASSERT_TRUE(response) << response.error().to_string();
  EXPECT_EQ(response->text, "fake answer");
  EXPECT_EQ(fake.requests().at(0).header("authorization"), "");
}

TEST_F(OpenAiTest, InvalidToolSchemaFailsBeforeAnythingIsSent) {
  Request request = question("hi");
  request.tools = {ToolSpec{"broken_tool", "x", "{not a schema"}};
  auto response = model().complete(request);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().key, "llm");
  EXPECT_THAT(response.error().reason, HasSubstr("broken_tool"));
  EXPECT_TRUE(m_fake.requests().empty());
}

TEST_F(OpenAiTest, ServesConcurrentCallers) {
  LanguageModel& llm = model();
  std::vector<std::thread> callers;
  std::atomic<int> succeeded{0};
  for (int i = 0; i < 4; ++i) {
    callers.emplace_back([&] {
      if (llm.complete(question("hi"))) {
        ++succeeded;
      }
    });
  }
  for (auto& caller : callers) {
    caller.join();
  }
  EXPECT_EQ(succeeded.load(), 4);
  EXPECT_EQ(m_fake.requests(k_path).size(), 4U);
}

} // namespace
} // namespace steward::llm

// The agent loop as a state machine: scripted model responses go in, commands
// come out. Names and ids come from examples/shop's files (fct_orders in
// models/marts/finance, the project named `shop` in dbt_project.yml).

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/agent/loop.hpp"
#include "core/agent/project_tools.hpp"
#include "core/answer/text.hpp"
#include "tests/support/fixtures.hpp"

namespace steward::agent {
namespace {

using std::chrono::milliseconds;

std::shared_ptr<const knowledge::Snapshot> shop() {
  static const std::shared_ptr<const knowledge::Snapshot> snapshot = [] {
    auto built = knowledge::build_snapshot(steward::testing::source_dir() / "examples" / "shop", {});
    EXPECT_TRUE(built.has_value()) << built.error().to_string();
    return *built;
  }();
  return snapshot;
}

/// A tool that returns its `reply` argument verbatim, citing `cite`.
Tool echo_tool() {
  Tool tool;
  tool.name = "echo";
  tool.description = "Returns the text it is given.";
  tool.parameters = {{"type", "object"},
                     {"properties", {{"reply", {{"type", "string"}}}, {"cite", {{"type", "string"}}}}},
                     {"required", {"reply"}}};
  tool.run = [](const nlohmann::json& args, const ToolEnv&) {
    ToolResult result{args.at("reply").get<std::string>(), false, {}};
    if (args.contains("cite")) {
      result.cited.push_back(args.at("cite").get<std::string>());
    }
    return result;
  };
  return tool;
}

ToolRegistry registry() {
  ToolRegistry tools = project_tools();
  tools.add(echo_tool());
  return tools;
}

llm::Response text_reply(std::string text, std::int64_t in = 100, std::int64_t out = 20) {
  llm::Response response;
  response.text = std::move(text);
  response.usage = {in, out};
  return response;
}

llm::Response tool_reply(std::vector<llm::ToolCall> calls, std::int64_t in = 100, std::int64_t out = 20) {
  llm::Response response;
  response.tool_calls = std::move(calls);
  response.stop = llm::StopReason::tool_calls;
  response.usage = {in, out};
  return response;
}

llm::ToolCall echo(std::string id, const std::string& reply, const std::string& cite = "") {
  nlohmann::json args = {{"reply", reply}};
  if (!cite.empty()) {
    args["cite"] = cite;
  }
  return {std::move(id), "echo", args.dump()};
}

/// Runs every call of `tools` the way the executor does, without threads.
std::vector<ToolOutcome> run_all(const ToolRegistry& registry, const RunTools& tools, const ToolEnv& env) {
  std::vector<ToolOutcome> outcomes;
  for (const llm::ToolCall& call : tools.calls) {
    outcomes.push_back({run_tool(registry, call, env), milliseconds(3), false});
  }
  return outcomes;
}

/// After a tool-call response: the progress note, then the RunTools.
RunTools expect_tools(Agent& agent, const Command& command) {
  EXPECT_TRUE(std::holds_alternative<Progress>(command));
  const Command next = agent.resume();
  EXPECT_TRUE(std::holds_alternative<RunTools>(next));
  return std::get<RunTools>(next);
}

const std::string k_fct_orders = "model.shop.fct_orders";

class AgentLoop : public ::testing::Test {
protected:
  ToolRegistry m_tools = registry();
  ToolEnv m_env{shop(), nullptr, {}};
};

TEST_F(AgentLoop, FirstRequestCarriesRulesContextAndEveryTool) {
  Agent agent(m_tools, m_env,
              Inputs{"what feeds fct_orders?", {}, "Revenue is always net of refunds.", {}, {}}, Limits{},
              "test-model");
  const Command first = agent.start();
  ASSERT_TRUE(std::holds_alternative<CallModel>(first));
  const llm::Request& request = std::get<CallModel>(first).request;
  EXPECT_NE(request.system.find("only from the results of your tools"), std::string::npos);
  EXPECT_NE(request.system.find("Revenue is always net of refunds."), std::string::npos);
  ASSERT_EQ(request.messages.size(), 1U);
  EXPECT_EQ(request.messages[0].role, llm::Role::user);
  EXPECT_EQ(request.messages[0].text.rfind("what feeds fct_orders?", 0), 0U);
  // Retrieved context: compact summaries naming the node, not the whole project.
  EXPECT_NE(request.messages[0].text.find(k_fct_orders), std::string::npos);
  EXPECT_LT(request.messages[0].text.size(), 8000U);
  ASSERT_EQ(request.tools.size(), m_tools.tools().size());
  for (const llm::ToolSpec& spec : request.tools) {
    const nlohmann::json schema = nlohmann::json::parse(spec.parameters, nullptr, false);
    ASSERT_TRUE(schema.is_object()) << spec.name;
    EXPECT_EQ(schema.value("type", ""), "object") << spec.name;
  }
  EXPECT_EQ(request.max_tokens, Limits{}.reply_tokens);
}

TEST_F(AgentLoop, ToolResultsGoBackWithTheCallIdsInOrder) {
  Agent agent(m_tools, m_env, Inputs{"what feeds fct_orders?", {}, {}, {}, {}}, Limits{}, "test-model");
  (void)agent.start();
  const Command asked =
      agent.on_model(tool_reply({echo("call_a", R"({"a":1})"), echo("call_b", R"({"b":2})", k_fct_orders)}),
                     milliseconds(40));
  ASSERT_TRUE(std::holds_alternative<Progress>(asked));
  EXPECT_NE(std::get<Progress>(asked).text.find("echo"), std::string::npos);
  const RunTools tools = expect_tools(agent, asked);
  ASSERT_EQ(tools.calls.size(), 2U);
  const Command next = agent.on_tools(run_all(m_tools, tools, m_env));
  ASSERT_TRUE(std::holds_alternative<CallModel>(next));
  const std::vector<llm::Message>& messages = std::get<CallModel>(next).request.messages;
  ASSERT_EQ(messages.size(), 4U);
  EXPECT_EQ(messages[1].role, llm::Role::assistant);
  ASSERT_EQ(messages[1].tool_calls.size(), 2U);
  EXPECT_EQ(messages[2].role, llm::Role::tool);
  EXPECT_EQ(messages[2].tool_call_id, "call_a");
  EXPECT_EQ(messages[2].text, R"({"a":1})");
  EXPECT_EQ(messages[3].tool_call_id, "call_b");
  EXPECT_EQ(messages[3].tool_name, "echo");

  const Command done =
      agent.on_model(text_reply("`fct_orders` is built from the orders staging model."), milliseconds(50));
  ASSERT_TRUE(std::holds_alternative<Reply>(done));
  const Report& report = std::get<Reply>(done).report;
  EXPECT_EQ(report.stop, "answered");
  ASSERT_EQ(report.steps.size(), 4U); // model, tool, tool, model
  EXPECT_EQ(report.steps[0].kind, "model");
  EXPECT_EQ(report.steps[1].name, "echo");
  EXPECT_EQ(report.steps[3].input_tokens, 100);
  EXPECT_EQ(report.tokens, 240);
  EXPECT_EQ(report.latency, milliseconds(90));
  ASSERT_FALSE(report.cited.empty());
  EXPECT_EQ(report.cited.front(), k_fct_orders);
}

TEST_F(AgentLoop, LongToolOutputIsCutWithAMarker) {
  Limits limits;
  limits.tool_output_tokens = 100;
  Agent agent(m_tools, m_env, Inputs{"q", {}, {}, {}, {}}, limits, "m");
  (void)agent.start();
  const std::string big(20000, 'x');
  const RunTools tools = expect_tools(agent, agent.on_model(tool_reply({echo("c1", big)}), milliseconds(1)));
  const Command next = agent.on_tools(run_all(m_tools, tools, m_env));
  ASSERT_TRUE(std::holds_alternative<CallModel>(next));
  const llm::Message& result = std::get<CallModel>(next).request.messages.back();
  EXPECT_LT(result.text.size(), 700U);
  EXPECT_NE(result.text.find("[truncated:"), std::string::npos);
  EXPECT_NE(result.text.find("of 5000 tokens"), std::string::npos);
}

TEST_F(AgentLoop, TheLastStepIsOfferedNoToolsAndAStubbornModelStops) {
  Limits limits;
  limits.max_steps = 3;
  Agent agent(m_tools, m_env, Inputs{"q", {}, {}, {}, {}}, limits, "m");
  Command command = agent.start();
  for (int step = 1; step <= 2; ++step) {
    ASSERT_TRUE(std::holds_alternative<CallModel>(command)) << step;
    EXPECT_FALSE(std::get<CallModel>(command).request.tools.empty()) << step;
    const RunTools tools =
        expect_tools(agent, agent.on_model(tool_reply({echo("c", "{}")}), milliseconds(1)));
    command = agent.on_tools(run_all(m_tools, tools, m_env));
  }
  ASSERT_TRUE(std::holds_alternative<CallModel>(command));
  const llm::Request& last = std::get<CallModel>(command).request;
  EXPECT_TRUE(last.tools.empty());
  EXPECT_NE(last.messages.back().text.find("Answer now"), std::string::npos);
  const Command end = agent.on_model(tool_reply({echo("c", "{}")}), milliseconds(1));
  ASSERT_TRUE(std::holds_alternative<Reply>(end));
  EXPECT_EQ(std::get<Reply>(end).report.stop, "max_steps");
}

TEST_F(AgentLoop, TheTokenBudgetForcesAnAnswer) {
  Limits limits;
  limits.total_tokens = 9000;
  Agent agent(m_tools, m_env, Inputs{"q", {}, {}, {}, {}}, limits, "m");
  (void)agent.start();
  // The first call used most of the budget: the next one gets no tools.
  const RunTools tools =
      expect_tools(agent, agent.on_model(tool_reply({echo("c", "{}")}, 6500, 100), milliseconds(1)));
  const Command next = agent.on_tools(run_all(m_tools, tools, m_env));
  ASSERT_TRUE(std::holds_alternative<CallModel>(next));
  EXPECT_TRUE(std::get<CallModel>(next).request.tools.empty());
  const Command done = agent.on_model(text_reply("I could not finish."), milliseconds(1));
  ASSERT_TRUE(std::holds_alternative<Reply>(done));
  EXPECT_EQ(std::get<Reply>(done).report.stop, "answered");
}

TEST_F(AgentLoop, ABudgetTooSmallForAnotherCallStops) {
  Limits limits;
  limits.total_tokens = 6000; // the first call fits with every tool
  Agent agent(m_tools, m_env, Inputs{"q", {}, {}, {}, {}}, limits, "m");
  ASSERT_FALSE(std::get<CallModel>(agent.start()).request.tools.empty());
  const RunTools tools =
      expect_tools(agent, agent.on_model(tool_reply({echo("c", "{}")}, 5900, 50), milliseconds(1)));
  const Command done = agent.on_tools(run_all(m_tools, tools, m_env));
  ASSERT_TRUE(std::holds_alternative<Reply>(done));
  EXPECT_EQ(std::get<Reply>(done).report.stop, "token_budget");
}

TEST_F(AgentLoop, UnknownNamesGetOneCorrectionRoundThenAFlag) {
  Agent agent(m_tools, m_env, Inputs{"what is fct_orders?", {}, {}, {}, {}}, Limits{}, "m");
  (void)agent.start();
  const Command corrected =
      agent.on_model(text_reply("It comes from `fct_orderz` and `stg_shop__orders`."), milliseconds(1));
  ASSERT_TRUE(std::holds_alternative<CallModel>(corrected));
  const std::string& note = std::get<CallModel>(corrected).request.messages.back().text;
  EXPECT_NE(note.find("`fct_orderz`"), std::string::npos);
  EXPECT_NE(note.find("did you mean `"), std::string::npos);
  EXPECT_NE(note.find("fct_orders"), std::string::npos);
  EXPECT_EQ(note.find("stg_shop__orders"), std::string::npos); // it exists

  const Command done = agent.on_model(text_reply("Still `fct_orderz`."), milliseconds(1));
  ASSERT_TRUE(std::holds_alternative<Reply>(done));
  const Reply& reply = std::get<Reply>(done);
  EXPECT_EQ(reply.report.flagged, std::vector<std::string>{"fct_orderz"});
  EXPECT_NE(reply.report.text.find("`fct_orderz` ⚠️"), std::string::npos);
  std::vector<answer::Choice> choices;
  EXPECT_NE(answer::render_text(reply.answer, choices).find("Not found in the project"), std::string::npos);
}

TEST_F(AgentLoop, ACorrectedAnswerIsNotFlagged) {
  Agent agent(m_tools, m_env, Inputs{"what is fct_orders?", {}, {}, {}, {}}, Limits{}, "m");
  (void)agent.start();
  (void)agent.on_model(text_reply("See `fct_orderz`."), milliseconds(1));
  const Command done = agent.on_model(text_reply("See `fct_orders`."), milliseconds(1));
  ASSERT_TRUE(std::holds_alternative<Reply>(done));
  EXPECT_TRUE(std::get<Reply>(done).report.flagged.empty());
  EXPECT_EQ(std::get<Reply>(done).report.cited.front(), k_fct_orders);
}

TEST_F(AgentLoop, AModelFailureFallsBackToTheRouterWithTheReason) {
  Agent agent(m_tools, m_env, Inputs{"describe fct_orders", {}, {}, {}, {}}, Limits{}, "m");
  (void)agent.start();
  const Command done = agent.on_model(fail("llm", "openai returned HTTP 500: overloaded"), milliseconds(5));
  ASSERT_TRUE(std::holds_alternative<Reply>(done));
  const Reply& reply = std::get<Reply>(done);
  EXPECT_TRUE(reply.report.fell_back);
  EXPECT_EQ(reply.report.stop, "model_error");
  std::vector<answer::Choice> choices;
  const std::string text = answer::render_text(reply.answer, choices);
  EXPECT_NE(text.find("language model is unavailable: openai returned HTTP 500: overloaded"),
            std::string::npos);
  EXPECT_NE(text.find("fct_orders"), std::string::npos); // the router's describe answer follows
  ASSERT_EQ(reply.report.steps.size(), 1U);
  EXPECT_TRUE(reply.report.steps[0].error);
}

TEST_F(AgentLoop, ATimedOutToolIsReportedToTheModel) {
  Agent agent(m_tools, m_env, Inputs{"q", {}, {}, {}, {}}, Limits{}, "m");
  (void)agent.start();
  const RunTools tools =
      expect_tools(agent, agent.on_model(tool_reply({echo("slow", "{}")}), milliseconds(1)));
  ToolOutcome outcome;
  outcome.timed_out = true;
  const Command next = agent.on_tools({outcome});
  ASSERT_TRUE(std::holds_alternative<CallModel>(next));
  const llm::Message& result = std::get<CallModel>(next).request.messages.back();
  EXPECT_TRUE(result.is_error);
  EXPECT_NE(result.text.find("timed out"), std::string::npos);
  EXPECT_EQ(result.tool_call_id, "slow");
}

TEST_F(AgentLoop, ThreadHistoryPrecedesTheQuestion) {
  std::vector<HistoryTurn> history{{true, "what is fct_orders?"},
                                   {false, "`fct_orders` has one row per order."}};
  Agent agent(m_tools, m_env, Inputs{"what feeds it?", history, {}, {}, k_fct_orders}, Limits{}, "m");
  const Command first = agent.start();
  const std::vector<llm::Message>& messages = std::get<CallModel>(first).request.messages;
  ASSERT_EQ(messages.size(), 3U);
  EXPECT_EQ(messages[0].text, "what is fct_orders?");
  EXPECT_EQ(messages[1].role, llm::Role::assistant);
  EXPECT_EQ(messages[2].text.rfind("what feeds it?", 0), 0U);
}

TEST_F(AgentLoop, LessonsReachTheSystemPrompt) {
  std::vector<Lesson> lessons{
      {Lesson::Kind::example, "what feeds fct_orders?", "Use get_lineage.", {k_fct_orders}},
      {Lesson::Kind::correction, "revenue?", "Revenue excludes refunds.", {}}};
  Agent agent(m_tools, m_env, Inputs{"q", {}, {}, lessons, {}}, Limits{}, "m");
  const std::string system = std::get<CallModel>(agent.start()).request.system;
  EXPECT_NE(system.find("Use get_lineage."), std::string::npos);
  EXPECT_NE(system.find("Revenue excludes refunds."), std::string::npos);
  EXPECT_NE(system.find(k_fct_orders), std::string::npos);
}

TEST_F(AgentLoop, TheAnswerCitesModelsAndSaysHowItGotThere) {
  Agent agent(m_tools, m_env, Inputs{"q", {}, {}, {}, {}}, Limits{}, "m");
  (void)agent.start();
  const RunTools tools =
      expect_tools(agent, agent.on_model(tool_reply({echo("a", "{}"), echo("b", "{}")}), milliseconds(1)));
  (void)agent.on_tools(run_all(m_tools, tools, m_env));
  const Command done =
      agent.on_model(text_reply("`fct_orders` reads:\n\n- `int_orders__enriched`\n\n```sql\nselect 1\n```"),
                     milliseconds(1));
  const Reply& reply = std::get<Reply>(done);
  std::vector<answer::Choice> choices;
  const std::string text = answer::render_text(reply.answer, choices);
  EXPECT_NE(text.find("Cited: "), std::string::npos);
  EXPECT_NE(text.find("How I got this: echo ×2"), std::string::npos);
  EXPECT_NE(text.find("2 model steps"), std::string::npos);
  bool has_list = false;
  bool has_code = false;
  for (const answer::Block& block : reply.answer.blocks) {
    has_list = has_list || std::holds_alternative<answer::ListBlock>(block);
    has_code = has_code || std::holds_alternative<answer::Code>(block);
  }
  EXPECT_TRUE(has_list);
  EXPECT_TRUE(has_code);
}

} // namespace
} // namespace steward::agent

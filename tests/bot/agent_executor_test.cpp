// The agent executor (bot/agent/executor): the real OpenAI-compatible adapter
// against the fake provider over loopback HTTP, the real blocking pool and a
// strand. Several tool calls of one step run at the same time; a tool past
// the tool timeout is reported to the model as timed out (its late result is
// dropped) while the others' results go back with their ids; every step is
// recorded with its latency.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "adapters/llm/llm.hpp"
#include "adapters/runtime/blocking_pool.hpp"
#include "bot/agent/executor.hpp"
#include "core/knowledge/snapshot.hpp"
#include "tests/support/fake_llm.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/llm_harness.hpp"
#include "tests/support/net_harness.hpp"

namespace steward::bot {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using steward::testing::FakeLlm;
using steward::testing::IoThread;

/// Lets a test hold tools until it says go (so a "slow" tool never outlives
/// the test by more than it must).
class Gate {
public:
  void wait_for(std::chrono::milliseconds limit) {
    std::unique_lock lock(m_mutex);
    m_changed.wait_for(lock, limit, [this] { return m_open; });
  }
  void open() {
    {
      std::lock_guard lock(m_mutex);
      m_open = true;
    }
    m_changed.notify_all();
  }

private:
  std::mutex m_mutex;
  std::condition_variable m_changed;
  bool m_open = false;
};

const json k_no_arguments =
    json::parse(R"({"type": "object", "properties": {}, "additionalProperties": false})");

class AgentExecutorTest : public ::testing::Test {
protected:
  void SetUp() override {
    auto snapshot = knowledge::build_snapshot(steward::testing::source_dir() / "examples" / "shop", {});
    ASSERT_TRUE(snapshot) << snapshot.error().to_string();
    m_env.snapshot = *snapshot;
    llm::ProviderOptions options = steward::testing::fake_options(m_llm, "openai");
    auto model = llm::make_language_model(m_io.executor(), options);
    ASSERT_TRUE(model) << model.error().to_string();
    m_model = std::move(*model);

    // Each "nap" tool sleeps 400 ms and counts how many run at once.
    m_tools.add({"nap", "sleeps 400 ms", k_no_arguments, [this](const json&, const agent::ToolEnv&) {
                   int now = ++m_running;
                   int seen = m_most_at_once.load();
                   while (now > seen && !m_most_at_once.compare_exchange_weak(seen, now)) {
                   }
                   std::this_thread::sleep_for(400ms);
                   --m_running;
                   return agent::ToolResult{R"({"slept_ms": 400})", false, {}};
                 }});
    // "stuck" waits for the gate (up to 10 s): past any tool timeout here.
    m_tools.add(
        {"stuck", "never answers in time", k_no_arguments, [this](const json&, const agent::ToolEnv&) {
           m_gate.wait_for(10s);
           return agent::ToolResult{R"({"late": true})", false, {}};
         }});
  }

  void TearDown() override { m_gate.open(); }

  /// Runs one answer: the model asks for `calls` in one step, then answers.
  agent::Reply answer(const std::vector<llm::ToolCall>& calls, std::chrono::milliseconds tool_timeout) {
    m_llm.push(FakeLlm::Reply{.tool_calls = calls});
    m_llm.push(FakeLlm::Reply{.text = "Done."});
    agent::Limits limits;
    limits.tool_timeout = tool_timeout;
    agent::Inputs inputs;
    inputs.question = "take a nap";
    agent::Agent agent(m_tools, m_env, inputs, limits, "test-model");
    AgentRun run{*m_model, m_tools, m_env, m_pool, [this](const std::string& note) {
                   std::lock_guard lock(m_notes_mutex);
                   m_notes.push_back(note);
                 }};
    return drive_blocking(m_io.executor(), agent, run);
  }

  /// The tool messages of the model's second request, in order.
  std::vector<json> tool_messages() const {
    std::vector<FakeLlm::Request> sent = m_llm.requests("/v1/chat/completions");
    std::vector<json> out;
    if (sent.size() < 2) {
      return out;
    }
    for (const json& message : sent[1].json["messages"]) {
      if (message["role"] == "tool") {
        out.push_back(message);
      }
    }
    return out;
  }

  // What the tools touch comes first, so it outlives the pool's threads.
  Gate m_gate;
  std::atomic<int> m_running{0};
  std::atomic<int> m_most_at_once{0};
  std::mutex m_notes_mutex;
  std::vector<std::string> m_notes;
  agent::ToolRegistry m_tools;
  agent::ToolEnv m_env;
  FakeLlm m_llm;
  IoThread m_io{2};
  runtime::BlockingPool m_pool{4};
  std::unique_ptr<llm::LanguageModel> m_model; ///< after m_io: destroyed before its io_context
};

TEST_F(AgentExecutorTest, ToolCallsOfOneStepRunInParallel) {
  auto started = std::chrono::steady_clock::now();
  agent::Reply reply = answer({{"a", "nap", "{}"}, {"b", "nap", "{}"}, {"c", "nap", "{}"}}, 5s);
  auto elapsed = std::chrono::steady_clock::now() - started;

  EXPECT_EQ(reply.report.stop, "answered");
  EXPECT_EQ(m_most_at_once.load(), 3) << "three naps at once on a pool of four";
  EXPECT_LT(elapsed, 1100ms) << "three 400 ms naps in sequence would take 1.2 s";
  std::vector<json> tools = tool_messages();
  ASSERT_EQ(tools.size(), 3U);
  EXPECT_EQ(tools[0]["tool_call_id"], "a");
  EXPECT_EQ(tools[1]["tool_call_id"], "b");
  EXPECT_EQ(tools[2]["tool_call_id"], "c");
  int tool_steps = 0;
  for (const agent::StepRecord& step : reply.report.steps) {
    if (step.kind == "tool") {
      ++tool_steps;
      EXPECT_GE(step.latency, 350ms) << "each nap's own latency is recorded";
    }
  }
  EXPECT_EQ(tool_steps, 3);
  std::lock_guard lock(m_notes_mutex);
  EXPECT_FALSE(m_notes.empty()) << "progress notes reach the chat";
}

TEST_F(AgentExecutorTest, AToolPastTheTimeoutIsReportedAndTheOthersStillAnswer) {
  auto started = std::chrono::steady_clock::now();
  agent::Reply reply = answer({{"slow", "stuck", "{}"}, {"fast", "nap", "{}"}}, 1s);
  auto elapsed = std::chrono::steady_clock::now() - started;

  EXPECT_EQ(reply.report.stop, "answered") << "the model still answers";
  EXPECT_LT(elapsed, 4s) << "the answer does not wait for the stuck tool";
  EXPECT_GE(elapsed, 900ms) << "it waits up to the timeout";
  std::vector<json> tools = tool_messages();
  ASSERT_EQ(tools.size(), 2U);
  EXPECT_EQ(tools[0]["tool_call_id"], "slow");
  EXPECT_NE(tools[0]["content"].get<std::string>().find("timed out after 1 s"), std::string::npos)
      << tools[0].dump();
  EXPECT_EQ(tools[1]["tool_call_id"], "fast");
  EXPECT_NE(tools[1]["content"].get<std::string>().find("slept_ms"), std::string::npos) << tools[1].dump();
  bool stuck_marked = false;
  for (const agent::StepRecord& step : reply.report.steps) {
    stuck_marked |= step.kind == "tool" && step.name == "stuck" && step.error;
  }
  EXPECT_TRUE(stuck_marked) << "the audit trail marks the timed-out call as an error";
}

} // namespace
} // namespace steward::bot

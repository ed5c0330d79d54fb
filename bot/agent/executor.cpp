#include "bot/agent/executor.hpp"

#include <chrono>
#include <memory>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

namespace steward::bot {

namespace net = boost::asio;
using std::chrono::milliseconds;

namespace {

milliseconds since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start);
}

/// One step's tool calls. Lives as long as the last pool task holding it, so
/// a tool finishing after the deadline writes into a batch nobody reads.
struct ToolBatch {
  ToolBatch(const net::any_io_executor& executor, std::size_t count, agent::ToolEnv tool_env)
      : done(executor), outcomes(count), finished(count, false), left(count), env(std::move(tool_env)) {}
  net::steady_timer done;
  std::vector<agent::ToolOutcome> outcomes;
  std::vector<bool> finished;
  std::size_t left;
  agent::ToolEnv env;
};

agent::ToolResult run_guarded(const agent::ToolRegistry& tools, const llm::ToolCall& call,
                              const agent::ToolEnv& env) {
  try {
    return agent::run_tool(tools, call, env);
  } catch (const std::exception& error) {
    return {R"({"error":"the tool failed: )" + std::string(error.what()) + R"("})", true, {}};
  }
}

/// Starts every call on the pool; each completion is posted back to
/// `executor` (the coroutine's strand), so the batch is only touched there.
net::awaitable<std::vector<agent::ToolOutcome>> run_tools(const std::vector<llm::ToolCall>& calls,
                                                          AgentRun& run, milliseconds timeout) {
  const net::any_io_executor executor = co_await net::this_coro::executor;
  auto batch = std::make_shared<ToolBatch>(executor, calls.size(), run.env);
  batch->done.expires_after(timeout);
  const agent::ToolRegistry* tools = &run.tools;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    net::post(run.pool.executor(), [batch, tools, call = calls[i], i, executor]() {
      const auto start = std::chrono::steady_clock::now();
      agent::ToolResult result = run_guarded(*tools, call, batch->env);
      const milliseconds latency = since(start);
      net::post(executor, [batch, i, latency, result = std::move(result)]() mutable {
        batch->outcomes[i].result = std::move(result);
        batch->outcomes[i].latency = latency;
        batch->finished[i] = true;
        if (--batch->left == 0) {
          batch->done.cancel();
        }
      });
    });
  }
  if (batch->left > 0) {
    co_await batch->done.async_wait(net::as_tuple(net::use_awaitable));
  }
  std::vector<agent::ToolOutcome> outcomes = batch->outcomes;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (!batch->finished[i]) {
      outcomes[i].timed_out = true;
      outcomes[i].latency = timeout;
    }
  }
  co_return outcomes;
}

Result<llm::Response> complete_guarded(llm::LanguageModel& model, const llm::Request& request) {
  try {
    return model.complete(request);
  } catch (const std::exception& error) {
    return fail("llm", error.what());
  }
}

} // namespace

net::awaitable<agent::Reply> drive(agent::Agent& agent, AgentRun& run) {
  agent::Command command = agent.start();
  for (;;) {
    if (auto* reply = std::get_if<agent::Reply>(&command)) {
      co_return std::move(*reply);
    }
    if (auto* call = std::get_if<agent::CallModel>(&command)) {
      const llm::Request& request = call->request;
      const auto start = std::chrono::steady_clock::now();
      Result<llm::Response> response =
          co_await run.pool.run([&run, &request] { return complete_guarded(run.model, request); });
      command = agent.on_model(response, since(start));
    } else if (auto* tools = std::get_if<agent::RunTools>(&command)) {
      std::vector<agent::ToolOutcome> outcomes =
          co_await run_tools(tools->calls, run, agent.limits().tool_timeout);
      command = agent.on_tools(outcomes);
    } else if (auto* progress = std::get_if<agent::Progress>(&command)) {
      if (run.progress) {
        const std::string& text = progress->text;
        co_await run.pool.run([&run, &text] {
          try {
            run.progress(text);
          } catch (const std::exception&) { // a progress note is a courtesy; the answer still comes
          }
        });
      }
      command = agent.resume();
    }
  }
}

agent::Reply drive_blocking(const net::any_io_executor& io, agent::Agent& agent, AgentRun& run) {
  return net::co_spawn(net::make_strand(io), drive(agent, run), net::use_future).get();
}

} // namespace steward::bot

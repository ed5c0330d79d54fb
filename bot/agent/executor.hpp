#pragma once

// Executes the agent loop's commands (core/agent/loop.hpp) with coroutines:
// model calls and progress notes run on a blocking pool (the LLM and chat
// ports are blocking), tool calls of one step run in parallel on the pool,
// each under the loop's tool timeout (a tool still running at the deadline
// is reported as timed out and its late result dropped).

#include <functional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "adapters/runtime/blocking_pool.hpp"
#include "core/agent/loop.hpp"
#include "core/ports/llm.hpp"

namespace steward::bot {

/// What the executor needs. References must outlive the run.
struct AgentRun {
  llm::LanguageModel& model;
  const agent::ToolRegistry& tools;
  agent::ToolEnv env;
  runtime::BlockingPool& pool;
  /// Shows a progress note (blocking; runs on the pool). Empty: notes are dropped.
  std::function<void(const std::string& text)> progress;
};

/// Drives `agent` from `start()` to its `Reply`. Must run on a strand (or a
/// single-threaded executor): tool completions are posted back to it.
boost::asio::awaitable<agent::Reply> drive(agent::Agent& agent, AgentRun& run);

/// Runs `drive` on a strand of `io` and blocks the calling thread until the
/// reply. Call it from a worker thread, never from an I/O thread.
agent::Reply drive_blocking(const boost::asio::any_io_executor& io, agent::Agent& agent, AgentRun& run);

} // namespace steward::bot

#pragma once

// The agent outside the daemon: for `steward chat`, `steward ask` and
// `steward eval`, an I/O thread of its own (the LLM adapters' HTTP client
// runs on it), the knowledge base and the agent service from the
// configuration. No store: embeddings are not cached between runs.

#include <memory>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "bot/agent/kb_search.hpp"
#include "bot/agent/service.hpp"
#include "bot/config/config.hpp"
#include "core/router/router.hpp"

namespace steward::bot {

class AgentRuntime {
public:
  /// Starts the I/O thread, loads `knowledge_base.path` (when set) and, with
  /// `with_agent`, creates the agent (null `agent()` when `llm.provider` is
  /// none). Errors name the config key at fault.
  static Result<std::unique_ptr<AgentRuntime>> start(const config::Config& config, bool with_agent = true);

  /// The router's context with the knowledge base (when one is loaded).
  [[nodiscard]] router::Context router_context(std::string focus = {}) const;

  AgentRuntime();
  ~AgentRuntime();
  AgentRuntime(const AgentRuntime&) = delete;
  AgentRuntime& operator=(const AgentRuntime&) = delete;
  AgentRuntime(AgentRuntime&&) = delete;
  AgentRuntime& operator=(AgentRuntime&&) = delete;

  /// Null when no LLM is configured.
  [[nodiscard]] AgentService* agent() const { return m_agent.get(); }
  /// Null when no knowledge base is configured.
  [[nodiscard]] KbSearch* kb() const { return m_kb.get(); }

private:
  boost::asio::io_context m_io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> m_work;
  std::thread m_thread;
  std::shared_ptr<KbSearch> m_kb;
  std::unique_ptr<AgentService> m_agent;
};

} // namespace steward::bot

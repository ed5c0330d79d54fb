#include "bot/agent/runtime.hpp"

namespace steward::bot {

AgentRuntime::AgentRuntime() : m_work(m_io.get_executor()), m_thread([this] { m_io.run(); }) {}

AgentRuntime::~AgentRuntime() {
  m_agent.reset(); // its pool finishes before the I/O thread goes
  m_kb.reset();
  m_work.reset();
  m_io.stop();
  m_thread.join();
}

Result<std::unique_ptr<AgentRuntime>> AgentRuntime::start(const config::Config& config) {
  auto runtime = std::make_unique<AgentRuntime>();
  auto kb = open_knowledge_base(config, runtime->m_io.get_executor(), nullptr, nullptr);
  if (!kb) {
    return tl::unexpected(kb.error());
  }
  runtime->m_kb = std::move(*kb);
  auto agent = make_agent_service(config, runtime->m_io.get_executor(), runtime->m_kb, nullptr);
  if (!agent) {
    return tl::unexpected(agent.error());
  }
  runtime->m_agent = std::move(*agent);
  return runtime;
}

} // namespace steward::bot

#include "bot/agent/runtime.hpp"

#include "bot/sql/sql_setup.hpp"
#include "core/agent/sql_tool.hpp"

namespace steward::bot {

AgentRuntime::AgentRuntime() : m_work(m_io.get_executor()), m_thread([this] { m_io.run(); }) {
}

AgentRuntime::~AgentRuntime() {
  m_agent.reset(); // its pool finishes before the I/O thread goes
  m_kb.reset();
  m_work.reset();
  m_io.stop();
  m_thread.join();
}

router::Context AgentRuntime::router_context(std::string focus) const {
  router::Context context;
  context.focus = std::move(focus);
  if (m_kb) {
    context.kb = m_kb->current();
    const KbSearch* kb = m_kb.get();
    context.kb_search = [kb](std::string_view query, std::size_t limit) { return kb->search(query, limit); };
  }
  return context;
}

Result<std::unique_ptr<AgentRuntime>> AgentRuntime::start(const config::Config& config, bool with_agent) {
  auto runtime = std::make_unique<AgentRuntime>();
  auto kb = open_knowledge_base(config, runtime->m_io.get_executor(), nullptr, nullptr);
  if (!kb) {
    return tl::unexpected(kb.error());
  }
  runtime->m_kb = std::move(*kb);
  if (!with_agent) {
    return runtime;
  }
  auto agent = make_agent_service(config, runtime->m_io.get_executor(), runtime->m_kb, nullptr);
  if (!agent) {
    return tl::unexpected(agent.error());
  }
  runtime->m_agent = std::move(*agent);
  if (runtime->m_agent) {
    // The CLI keeps no store, so `sql.pii_action: hash` masks here.
    auto sql = open_sql(config, nullptr);
    if (!sql) {
      return tl::unexpected(sql.error());
    }
    if (*sql) {
      agent::add_sql_tool(runtime->m_agent->tools(), (*sql)->warehouse, (*sql)->settings);
    }
  }
  return runtime;
}

} // namespace steward::bot

#include "bot/agent/service.hpp"

#include <algorithm>
#include <fstream>

#include "adapters/llm/llm.hpp"
#include "bot/agent/executor.hpp"
#include "bot/agent/kb_search.hpp"
#include "core/agent/project_tools.hpp"

namespace steward::bot {

namespace {

constexpr std::size_t k_max_instructions = 64UL * 1024;

std::string read_small_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return {};
  }
  std::string text(k_max_instructions, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

agent::Limits limits_of(const config::Config& config) {
  agent::Limits limits;
  limits.max_steps = static_cast<int>(config.agent.max_steps);
  limits.tool_timeout = config.agent.tool_timeout;
  limits.tool_output_tokens = config.agent.tool_output_tokens;
  limits.total_tokens = config.agent.total_tokens;
  limits.history_tokens = config.agent.history_tokens;
  limits.model_timeout = config.llm.timeout;
  if (!config.warehouse.url.empty()) {
    // run_sql waits for the warehouse, which has its own statement timeout.
    limits.tool_timeout = std::max(limits.tool_timeout, config.sql.timeout + std::chrono::seconds(5));
  }
  return limits;
}

} // namespace

AgentService::AgentService(Parts parts)
    : m_parts(std::move(parts)), m_tools(agent::project_tools()), m_pool(m_parts.threads, m_parts.nice) {
}

AgentService::~AgentService() {
  m_pool.stop();
}

std::string AgentService::instructions() const {
  if (!m_parts.instructions.empty() || m_parts.instructions_file.empty()) {
    return m_parts.instructions;
  }
  return read_small_file(m_parts.instructions_file);
}

agent::Reply AgentService::answer(std::shared_ptr<const knowledge::Snapshot> snapshot,
                                  const AgentQuestion& question,
                                  const std::function<void(const std::string&)>& progress) {
  agent::ToolEnv env;
  env.snapshot = std::move(snapshot);
  if (m_parts.kb) {
    env.kb = m_parts.kb->current();
    const KbSearch* kb = m_parts.kb.get();
    env.kb_search = [kb](std::string_view query, std::size_t limit) { return kb->search(query, limit); };
  }
  agent::Inputs inputs{question.question, question.history, instructions(), question.lessons, question.focus};
  agent::Agent loop(m_tools, env, std::move(inputs), m_parts.limits, std::string(m_parts.model->model()));
  AgentRun run{*m_parts.model, m_tools, env, m_pool, progress};
  return drive_blocking(m_parts.io, loop, run);
}

llm::ProviderOptions provider_options(const config::Config& config) {
  llm::ProviderOptions options;
  options.provider = config.llm.provider;
  options.base_url = config.llm.base_url;
  options.model = config.llm.model;
  options.api_key = config.llm.api_key.reveal();
  options.embeddings_model = config.llm.embeddings_model;
  options.embeddings_base_url = config.llm.embeddings_base_url;
  options.max_attempts = static_cast<int>(config.llm.max_attempts);
  return options;
}

Result<std::shared_ptr<KbSearch>> open_knowledge_base(const config::Config& config,
                                                      const boost::asio::any_io_executor& io,
                                                      store::EmbeddingCache* cache,
                                                      metrics::Registry* metrics) {
  if (config.knowledge_base.path.empty()) {
    return std::shared_ptr<KbSearch>();
  }
  std::unique_ptr<llm::Embedder> embedder;
  if (!config.llm.embeddings_model.empty()) {
    llm::ProviderOptions options = provider_options(config);
    if (options.provider == "none") {
      options.provider = "openai"; // embeddings alone, for the offline router's knowledge-base search
    }
    auto made = llm::make_embedder(io, options, metrics);
    if (!made) {
      return tl::unexpected(made.error());
    }
    embedder = std::move(*made);
  }
  auto kb = std::make_shared<KbSearch>(config.knowledge_base.path, std::move(embedder), cache);
  if (auto loaded = kb->reload_if_changed(); !loaded) {
    return tl::unexpected(loaded.error());
  }
  return kb;
}

std::filesystem::path default_instructions_file(const config::Config& config) {
  if (!config.agent.instructions_file.empty()) {
    return config.agent.instructions_file;
  }
  const std::filesystem::path project = config.project.path;
  if (project.empty()) {
    return {};
  }
  std::error_code error;
  const std::filesystem::path folder =
      std::filesystem::is_directory(project, error) ? project : project.parent_path();
  return folder / ".steward" / "instructions.md"; // read at each answer: it may appear later
}

Result<std::unique_ptr<AgentService>> make_agent_service(const config::Config& config,
                                                         const boost::asio::any_io_executor& io,
                                                         std::shared_ptr<KbSearch> kb,
                                                         metrics::Registry* metrics) {
  if (!config.llm.enabled()) {
    return std::unique_ptr<AgentService>();
  }
  if (config.llm.model.empty()) {
    return fail("llm.model", "required when llm.provider is " + config.llm.provider);
  }
  auto model = llm::make_language_model(io, provider_options(config), metrics);
  if (!model) {
    return tl::unexpected(model.error());
  }
  AgentService::Parts parts;
  parts.io = io;
  parts.model = std::move(*model);
  parts.kb = std::move(kb);
  parts.limits = limits_of(config);
  parts.instructions = config.agent.instructions;
  parts.instructions_file = default_instructions_file(config);
  parts.nice = static_cast<int>(config.jobs.nice);
  return std::make_unique<AgentService>(std::move(parts));
}

} // namespace steward::bot

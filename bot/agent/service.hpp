#pragma once

// The agent as the daemon and the CLI use it: the configured language model,
// the project tools, the knowledge base (hybrid-ranked when an embedder is
// configured), the project's instructions and the lessons from feedback,
// driven by bot/agent/executor.hpp. One instance per process.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "adapters/llm/llm.hpp"
#include "adapters/runtime/blocking_pool.hpp"
#include "bot/config/config.hpp"
#include "core/agent/loop.hpp"
#include "core/metrics/registry.hpp"
#include "core/ports/llm.hpp"
#include "core/ports/store.hpp"

namespace steward::bot {

struct AgentQuestion {
  std::string question;
  std::vector<agent::HistoryTurn> history; ///< earlier turns, oldest first
  std::string focus;                       ///< unique_id of the thread's subject, for the offline fallback
  std::vector<agent::Lesson> lessons;      ///< from feedback (bot/agent/lessons.hpp)
};

class KbSearch; // bot/agent/kb_search.hpp

/// @par Thread safety
/// `answer` may be called from several worker threads at once.
class AgentService {
public:
  struct Parts {
    boost::asio::any_io_executor io;
    std::unique_ptr<llm::LanguageModel> model;
    std::shared_ptr<KbSearch> kb; ///< may be null (no knowledge base)
    agent::Limits limits;
    std::string instructions;                ///< fixed instructions (agent.instructions); may be empty
    std::filesystem::path instructions_file; ///< read at each answer when `instructions` is empty
    std::size_t threads = 4;                 ///< pool for model calls and tools
    int nice = 0;                            ///< CPU niceness of the pool (jobs.nice)
  };

  explicit AgentService(Parts parts);
  ~AgentService();
  AgentService(const AgentService&) = delete;
  AgentService& operator=(const AgentService&) = delete;
  AgentService(AgentService&&) = delete;
  AgentService& operator=(AgentService&&) = delete;

  /// Answers `question` from `snapshot`. Blocking: call it from a worker
  /// thread. `progress` (may be empty) receives progress notes. Never fails:
  /// a failing model gives the offline answer with the reason (see
  /// core/agent/loop.hpp).
  agent::Reply answer(std::shared_ptr<const knowledge::Snapshot> snapshot, const AgentQuestion& question,
                      const std::function<void(const std::string&)>& progress);

  [[nodiscard]] const llm::LanguageModel& model() const { return *m_parts.model; }
  /// The model itself, for single calls outside the agent loop (an
  /// incident's diagnosis). Thread-safe as the providers are.
  [[nodiscard]] llm::LanguageModel& language_model() const { return *m_parts.model; }
  [[nodiscard]] const agent::ToolRegistry& tools() const { return m_tools; }
  /// The tool registry, to add tools (the SQL tool) before serving.
  agent::ToolRegistry& tools() { return m_tools; }

private:
  [[nodiscard]] std::string instructions() const;

  Parts m_parts;
  agent::ToolRegistry m_tools;
  runtime::BlockingPool m_pool;
};

/// The agent for `config`, or null when `llm.provider` is none. Errors name
/// the config key (`llm.model: required when llm.provider is openai`).
/// `store` (may be null) caches embeddings; `metrics` (may be null) counts
/// tokens and calls.
Result<std::unique_ptr<AgentService>> make_agent_service(const config::Config& config,
                                                         const boost::asio::any_io_executor& io,
                                                         std::shared_ptr<KbSearch> kb,
                                                         metrics::Registry* metrics);

/// The provider settings of `config` (`llm.*`).
llm::ProviderOptions provider_options(const config::Config& config);

/// The knowledge base of `knowledge_base.path` (null when unset), with an
/// embedder when `llm.embeddings_model` is set, loaded once. Blocking; the
/// I/O threads of `io` must be running (embedding calls go through them).
Result<std::shared_ptr<KbSearch>> open_knowledge_base(const config::Config& config,
                                                      const boost::asio::any_io_executor& io,
                                                      store::EmbeddingCache* cache,
                                                      metrics::Registry* metrics);

/// The project instructions file used when `agent.instructions_file` is
/// empty: `.steward/instructions.md` in the project directory (the parent of
/// `project.path` when that is a file), whether or not it exists yet: it is
/// read at each answer, so creating or editing it needs no restart. Empty
/// when no project path is configured.
std::filesystem::path default_instructions_file(const config::Config& config);

} // namespace steward::bot

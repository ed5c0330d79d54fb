#pragma once

// The agent loop, sans-I/O: a state machine that answers one question with a
// language model and the tool registry. It never calls the model, runs a
// tool or posts anything itself; each step returns a `Command` that the
// caller (bot/agent/) executes, then feeds the outcome back:
//
//   Agent agent(...);
//   for (Command c = agent.start(); !std::holds_alternative<Reply>(c);) {
//     CallModel  -> c = agent.on_model(model.complete(request), latency)
//     RunTools   -> c = agent.on_tools(outcomes of run_tool on each call, in parallel)
//     Progress   -> post it; c = agent.resume()
//   }
//
// What the loop guarantees:
// - The first request carries compact summaries of the top search hits for
//   the question (never whole nodes or manifests), the thread's earlier turns
//   within `history_tokens` (see core/agent/memory.hpp), the project's
//   instructions and lessons from feedback.
// - At most `max_steps` model calls; the last one is offered no tools and
//   told to answer from what it has. The total tokens the provider reports
//   stay within `total_tokens`: when the next call would not fit, the loop
//   asks for the final answer without tools, or stops.
// - Tool outputs longer than `tool_output_tokens` are cut with an explicit
//   `[truncated: ...]` marker telling the model how to ask for less.
// - Grounding: a final answer that names models, sources or columns the
//   project does not have is sent back once with the correction; names still
//   unknown after that are flagged in the answer (core/agent/grounding.hpp).
// - A failing model (error result) ends the loop with "the language model is
//   unavailable: <reason>" followed by the offline router's answer.
// - Every model call and tool call is recorded as a `StepRecord`.

#include <chrono>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/agent/memory.hpp"
#include "core/agent/tool.hpp"
#include "core/answer/answer.hpp"
#include "core/ports/llm.hpp"

namespace steward::agent {

struct Limits {
  int max_steps = 8;                       ///< model calls per answer
  std::int64_t tool_output_tokens = 2'000; ///< per tool result
  std::int64_t total_tokens = 60'000;      ///< input + output over all calls
  std::int64_t history_tokens = 3'000;     ///< earlier turns of the thread
  std::int64_t context_tokens = 1'200;     ///< search summaries before the first call
  int reply_tokens = 1'500;                ///< `max_tokens` of each call
  std::chrono::milliseconds model_timeout{60'000};
  std::chrono::milliseconds tool_timeout{10'000};
};

/// Something people taught Steward through feedback (core/agent/lessons.hpp
/// picks the ones relevant to a question).
struct Lesson {
  enum class Kind { example, correction };
  Kind kind = Kind::example;
  std::string question;            ///< the question it was about
  std::string text;                ///< the helpful answer, or the correction
  std::vector<std::string> models; ///< unique_ids the answer used
};

struct Inputs {
  std::string question;
  std::vector<HistoryTurn> history; ///< earlier turns, oldest first (not the question)
  std::string instructions;         ///< project-specific instructions; may be empty
  std::vector<Lesson> lessons;
  std::string focus; ///< unique_id an earlier turn was about (offline fallback follow-ups)
};

/// Call the model with `request`.
struct CallModel {
  llm::Request request;
};

/// Run these calls (in parallel when there are several), each under
/// `Limits::tool_timeout`, and pass their outcomes back in the same order.
struct RunTools {
  std::vector<llm::ToolCall> calls;
};

/// Show `text` in the thread while work goes on (e.g. edit the placeholder).
struct Progress {
  std::string text;
};

/// One model call or tool call, for the audit trail.
struct StepRecord {
  std::string kind;               ///< "model" or "tool"
  std::string name;               ///< the model name, or the tool name
  std::string input;              ///< tool arguments; for a model call, "step N"
  std::int64_t input_tokens = 0;  ///< model: reported; tool: 0
  std::int64_t output_tokens = 0; ///< model: reported; tool: estimated tokens of its result
  std::int64_t output_bytes = 0;
  std::chrono::milliseconds latency{0};
  bool error = false;
  bool truncated = false; ///< tool output was cut
};

/// How the answer came about.
struct Report {
  std::string text;                 ///< the model's final text (or the fallback's summary)
  std::vector<std::string> cited;   ///< unique_ids the answer is about, mentioned ones first
  std::vector<std::string> flagged; ///< names still unknown after the correction round
  std::vector<StepRecord> steps;
  std::int64_t tokens = 0; ///< input + output over all model calls
  std::chrono::milliseconds latency{0};
  bool fell_back = false; ///< the model failed; the offline router answered
  std::string fallback_reason;
  std::string stop;                     ///< "answered", "max_steps", "token_budget", "model_error"
  std::vector<answer::Block> display{}; ///< the last tool call's `display` (a query result)
  std::vector<answer::File> files{};    ///< and its files
};

struct Reply {
  answer::Answer answer;
  Report report;
};

using Command = std::variant<CallModel, RunTools, Progress, Reply>;

/// A tool call's outcome as the executor saw it.
struct ToolOutcome {
  ToolResult result;
  std::chrono::milliseconds latency{0};
  bool timed_out = false; ///< `result` is ignored then
};

class Agent {
public:
  /// `tools` and `env` must outlive the agent. `model_name` is recorded in steps.
  Agent(const ToolRegistry& tools, ToolEnv env, Inputs inputs, Limits limits, std::string model_name);

  /// The first command: a progress note, then the first model call.
  Command start();
  /// Continues after a `Progress`.
  Command resume();
  Command on_model(const Result<llm::Response>& response, std::chrono::milliseconds latency);
  Command on_tools(const std::vector<ToolOutcome>& outcomes);

  [[nodiscard]] const Limits& limits() const { return m_limits; }

private:
  Command call_model();
  Command finish(std::string text, std::string stop);
  Command fall_back(const Error& error);
  Command check_grounding(const llm::Response& response);

  const ToolRegistry& m_tools;
  ToolEnv m_env;
  Inputs m_inputs;
  Limits m_limits;
  std::string m_model;
  std::string m_system;
  std::vector<llm::Message> m_messages;
  std::vector<llm::ToolCall> m_pending; ///< calls handed out by the last RunTools
  std::vector<std::string> m_cited;     ///< from tool results, in order, unique
  std::string m_tool_text;              ///< all tool results so far (grounding accepts names found here)
  Report m_report;
  int m_model_calls = 0;
  bool m_corrected = false;   ///< the grounding correction round was used
  bool m_final_round = false; ///< the next call is offered no tools
  Command m_after_progress;
};

} // namespace steward::agent

#include "core/agent/loop.hpp"

#include <algorithm>

#include "core/agent/grounding.hpp"
#include "core/agent/prompt.hpp"
#include "core/agent/render.hpp"
#include "core/router/router.hpp"

namespace steward::agent {

namespace {

constexpr std::size_t k_progress_argument = 40;

void append_user(std::vector<llm::Message>& messages, const std::string& text) {
  if (!messages.empty() && messages.back().role == llm::Role::user && messages.back().tool_call_id.empty()) {
    messages.back().text += "\n\n" + text;
    return;
  }
  messages.push_back(llm::Message{llm::Role::user, text, {}, {}, {}, false});
}

/// "get_lineage (fct_orders), search_project (refunds)" for a progress note.
std::string describe_calls(const std::vector<llm::ToolCall>& calls) {
  std::string text;
  for (const llm::ToolCall& call : calls) {
    text += (text.empty() ? "" : ", ") + call.name;
    const nlohmann::json args = nlohmann::json::parse(call.arguments, nullptr, false);
    if (!args.is_object()) {
      continue;
    }
    for (const auto& [key, value] : args.items()) {
      if (value.is_string()) {
        std::string shown = value.get<std::string>();
        if (shown.size() > k_progress_argument) {
          shown = shown.substr(0, k_progress_argument) + "…";
        }
        text += " (" + shown + ")";
        break;
      }
    }
  }
  return "Looking up: " + text + "…";
}

std::int64_t request_tokens(const llm::Request& request) {
  std::int64_t tokens = estimate_tokens(request.system);
  for (const llm::Message& message : request.messages) {
    tokens += estimate_tokens(message.text) + 4;
    for (const llm::ToolCall& call : message.tool_calls) {
      tokens += estimate_tokens(call.arguments) + estimate_tokens(call.name);
    }
  }
  for (const llm::ToolSpec& tool : request.tools) {
    tokens +=
        estimate_tokens(tool.description) + estimate_tokens(tool.parameters) + estimate_tokens(tool.name);
  }
  return tokens;
}

void add_unique(std::vector<std::string>& list, const std::string& id) {
  if (!id.empty() && std::find(list.begin(), list.end(), id) == list.end()) {
    list.push_back(id);
  }
}

} // namespace

Agent::Agent(const ToolRegistry& tools, ToolEnv env, Inputs inputs, Limits limits, std::string model_name)
    : m_tools(tools), m_env(std::move(env)), m_inputs(std::move(inputs)), m_limits(limits),
      m_model(std::move(model_name)), m_after_progress(Progress{}) {
}

Command Agent::start() {
  m_system = system_prompt(*m_env.snapshot, m_inputs.instructions, m_inputs.lessons);
  m_messages = history_messages(m_inputs.history, m_limits.history_tokens);
  const std::string context = retrieved_context(m_env, m_inputs.question, m_limits.context_tokens);
  m_tool_text = context;
  append_user(m_messages, first_message(m_inputs.question, context));
  return call_model();
}

Command Agent::resume() {
  return std::exchange(m_after_progress, Progress{});
}

Command Agent::call_model() {
  llm::Request request;
  request.system = m_system;
  request.max_tokens = m_limits.reply_tokens;
  request.timeout = m_limits.model_timeout;
  if (m_model_calls + 1 >= m_limits.max_steps) {
    m_final_round = true;
  }
  if (!m_final_round) {
    request.tools = m_tools.specs();
    request.messages = m_messages;
    const std::int64_t need = request_tokens(request) + m_limits.reply_tokens;
    if (m_report.tokens + need > m_limits.total_tokens) {
      m_final_round = true; // no room for more tool rounds: answer now
      request.tools.clear();
    }
  }
  if (m_final_round) {
    append_user(m_messages, "Answer now from the tool results you already have; no more tools are available. "
                            "Say what you could not find.");
    request.messages = m_messages;
    if (m_report.tokens + request_tokens(request) + m_limits.reply_tokens > m_limits.total_tokens) {
      return finish("I stopped before answering: this question needed more than the token budget of " +
                        std::to_string(m_limits.total_tokens) + " tokens. Try a narrower question.",
                    "token_budget");
    }
  }
  ++m_model_calls;
  return CallModel{std::move(request)};
}

Command Agent::on_model(const Result<llm::Response>& response, std::chrono::milliseconds latency) {
  StepRecord step{"model",   m_model, "step " + std::to_string(m_model_calls), 0, 0, 0, latency,
                  !response, false};
  m_report.latency += latency;
  if (!response) {
    m_report.steps.push_back(step);
    return fall_back(response.error());
  }
  step.input_tokens = response->usage.input_tokens;
  step.output_tokens = response->usage.output_tokens;
  step.output_bytes = static_cast<std::int64_t>(response->text.size());
  m_report.steps.push_back(step);
  m_report.tokens += response->usage.input_tokens + response->usage.output_tokens;
  if (!response->tool_calls.empty()) {
    if (m_final_round) {
      const std::string text = response->text.empty()
                                   ? "I ran out of steps before I could answer. Try a narrower question."
                                   : response->text;
      return finish(text, m_model_calls >= m_limits.max_steps ? "max_steps" : "token_budget");
    }
    m_messages.push_back(
        llm::Message{llm::Role::assistant, response->text, response->tool_calls, {}, {}, false});
    m_pending = response->tool_calls;
    m_after_progress = RunTools{response->tool_calls};
    return Progress{describe_calls(response->tool_calls)};
  }
  return check_grounding(*response);
}

Command Agent::on_tools(const std::vector<ToolOutcome>& outcomes) {
  const auto timeout_s = std::chrono::duration_cast<std::chrono::seconds>(m_limits.tool_timeout).count();
  for (std::size_t i = 0; i < m_pending.size(); ++i) {
    const llm::ToolCall& call = m_pending[i];
    ToolOutcome outcome;
    if (i < outcomes.size()) {
      outcome = outcomes[i];
    } else {
      outcome.result = {R"({"error":"the tool did not run"})", true, {}};
    }
    if (outcome.timed_out) {
      outcome.result = {
          R"({"error":"the tool timed out after )" + std::to_string(timeout_s) + R"( s"})", true, {}};
    }
    bool truncated = false;
    std::string content = truncate_output(outcome.result.json, m_limits.tool_output_tokens, truncated);
    m_report.steps.push_back(StepRecord{"tool", call.name, call.arguments, 0, estimate_tokens(content),
                                        static_cast<std::int64_t>(outcome.result.json.size()),
                                        outcome.latency, outcome.result.is_error, truncated});
    for (const std::string& id : outcome.result.cited) {
      add_unique(m_cited, id);
    }
    if (!outcome.result.display.empty() || !outcome.result.files.empty()) {
      m_report.display = outcome.result.display;
      m_report.files = outcome.result.files;
    }
    m_tool_text += "\n" + content;
    m_messages.push_back(
        llm::Message{llm::Role::tool, std::move(content), {}, call.id, call.name, outcome.result.is_error});
  }
  m_pending.clear();
  return call_model();
}

Command Agent::check_grounding(const llm::Response& response) {
  std::string text = response.text;
  if (text.empty()) {
    text = "I don't know: the language model gave no answer.";
  }
  const Grounding grounding = agent::check_grounding(m_env.snapshot->project, text, m_tool_text);
  if (!grounding.unknown.empty() && !m_corrected && m_model_calls < m_limits.max_steps) {
    m_corrected = true;
    m_messages.push_back(llm::Message{llm::Role::assistant, text, {}, {}, {}, false});
    append_user(m_messages, correction_note(grounding));
    return call_model();
  }
  if (!grounding.unknown.empty()) {
    text = flag_unknown(text, grounding);
    m_report.flagged = grounding.unknown;
  }
  std::vector<std::string> cited;
  for (const Mention& mention : grounding.known) {
    add_unique(cited, mention.unique_id);
  }
  for (const std::string& id : m_cited) {
    add_unique(cited, id);
  }
  m_report.cited = std::move(cited);
  if (response.stop == llm::StopReason::max_tokens) {
    text += "\n\n_(cut short: the answer reached the reply length limit)_";
  }
  return finish(std::move(text), "answered");
}

Command Agent::finish(std::string text, std::string stop) {
  m_report.text = std::move(text);
  m_report.stop = std::move(stop);
  if (m_report.cited.empty()) {
    m_report.cited = m_cited;
  }
  answer::Answer rendered = render_answer(m_env.snapshot->project, m_report);
  return Reply{std::move(rendered), m_report};
}

Command Agent::fall_back(const Error& error) {
  router::Routed routed =
      router::route(*m_env.snapshot, m_inputs.question, {m_inputs.focus, m_env.kb, m_env.kb_search});
  m_report.fell_back = true;
  m_report.fallback_reason = error.reason;
  m_report.stop = "model_error";
  m_report.text = routed.answer.summary;
  m_report.cited = routed.cited;
  answer::Answer out;
  out.summary = routed.answer.summary;
  out.blocks.emplace_back(answer::Context{"⚠️ The language model is unavailable: " + error.reason +
                                          ". Here is what I can answer without it."});
  for (answer::Block& block : routed.answer.blocks) {
    out.blocks.push_back(std::move(block));
  }
  return Reply{std::move(out), m_report};
}

} // namespace steward::agent

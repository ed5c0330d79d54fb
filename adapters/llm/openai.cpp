// OpenAI-compatible Chat Completions: `messages` with a leading `system`
// message, tools as `{"type":"function","function":{...}}`, assistant
// `tool_calls` whose `arguments` are JSON text, one `tool` message per result.

#include <utility>

#include "adapters/llm/endpoint.hpp"
#include "adapters/llm/provider_error.hpp"
#include "adapters/llm/providers.hpp"

namespace steward::llm {

namespace {

using nlohmann::json;

/// Models that take `max_completion_tokens` and no `temperature` (OpenAI's
/// reasoning models: o1, o3, o4-mini, gpt-5, ...).
bool reasoning_model(std::string_view model) {
  if (model.size() >= 2 && model[0] == 'o' && model[1] >= '1' && model[1] <= '9') {
    return true;
  }
  return model.starts_with("gpt-5");
}

json message_json(const Message& message) {
  switch (message.role) {
  case Role::user: return {{"role", "user"}, {"content", message.text}};
  case Role::tool:
    return {{"role", "tool"}, {"tool_call_id", message.tool_call_id}, {"content", message.text}};
  case Role::assistant: break;
  }
  json out = {{"role", "assistant"}, {"content", message.text}};
  if (!message.tool_calls.empty()) {
    json calls = json::array();
    for (const ToolCall& call : message.tool_calls) {
      calls.push_back(
          {{"id", call.id},
           {"type", "function"},
           {"function",
            {{"name", call.name}, {"arguments", call.arguments.empty() ? "{}" : call.arguments}}}});
    }
    out["tool_calls"] = std::move(calls);
    if (message.text.empty()) {
      out["content"] = nullptr;
    }
  }
  return out;
}

Result<json> request_json(const Request& request, const std::string& model) {
  json body = {{"model", model}, {"messages", json::array()}};
  json& messages = body["messages"];
  if (!request.system.empty()) {
    messages.push_back({{"role", "system"}, {"content", request.system}});
  }
  for (const Message& message : request.messages) {
    messages.push_back(message_json(message));
  }
  if (reasoning_model(model)) {
    body["max_completion_tokens"] = request.max_tokens;
  } else {
    body["max_tokens"] = request.max_tokens;
    body["temperature"] = request.temperature;
  }
  if (!request.tools.empty()) {
    json tools = json::array();
    for (const ToolSpec& tool : request.tools) {
      auto schema = tool_schema(tool);
      if (!schema) {
        return tl::unexpected(schema.error());
      }
      tools.push_back(
          {{"type", "function"},
           {"function", {{"name", tool.name}, {"description", tool.description}, {"parameters", *schema}}}});
    }
    body["tools"] = std::move(tools);
  }
  return body;
}

/// The reply text: a string, null, or an array of `{"type":"text","text":...}` parts.
tl::expected<std::string, std::string> content_text(const json& message) {
  const auto content = message.find("content");
  if (content == message.end() || content->is_null()) {
    return std::string();
  }
  if (content->is_string()) {
    return content->get<std::string>();
  }
  if (!content->is_array()) {
    return tl::unexpected(std::string("$.choices[0].message.content is not text"));
  }
  std::string text;
  for (const json& part : *content) {
    text += string_field(part, "text");
  }
  return text;
}

tl::expected<ToolCall, std::string> tool_call(const json& call, std::size_t index) {
  const std::string where = "$.choices[0].message.tool_calls[" + std::to_string(index) + "]";
  if (!call.is_object() || !call.contains("function") || !call["function"].is_object()) {
    return tl::unexpected(where + ".function missing");
  }
  const json& function = call["function"];
  ToolCall out{string_field(call, "id"), string_field(function, "name"), "{}"};
  if (out.name.empty()) {
    return tl::unexpected(where + ".function.name missing");
  }
  if (out.id.empty()) {
    out.id = "call_" + std::to_string(index); // some local servers send none
  }
  if (const auto arguments = function.find("arguments"); arguments != function.end()) {
    if (arguments->is_string()) {
      out.arguments = arguments->get<std::string>();
    } else if (arguments->is_object()) {
      out.arguments = to_text(*arguments); // Ollama may send an object
    } else if (!arguments->is_null()) {
      return tl::unexpected(where + ".function.arguments is not text");
    }
  }
  return out;
}

StopReason stop_reason(const json& choice, bool has_calls) {
  const std::string reason = string_field(choice, "finish_reason");
  if (has_calls || reason == "tool_calls" || reason == "function_call") {
    return StopReason::tool_calls; // some servers say "stop" with tool calls
  }
  if (reason == "stop" || reason.empty()) {
    return StopReason::end; // some servers send no finish_reason
  }
  return reason == "length" ? StopReason::max_tokens : StopReason::other;
}

tl::expected<Response, std::string> parse_response(const json& body, const std::string& model) {
  const auto choices = body.find("choices");
  if (choices == body.end() || !choices->is_array() || choices->empty()) {
    return tl::unexpected(std::string("$.choices missing"));
  }
  const json& choice = choices->front();
  if (!choice.is_object() || !choice.contains("message") || !choice["message"].is_object()) {
    return tl::unexpected(std::string("$.choices[0].message missing"));
  }
  const json& message = choice["message"];
  Response response;
  auto text = content_text(message);
  if (!text) {
    return tl::unexpected(text.error());
  }
  response.text = std::move(*text);
  if (const auto calls = message.find("tool_calls"); calls != message.end() && !calls->is_null()) {
    if (!calls->is_array()) {
      return tl::unexpected(std::string("$.choices[0].message.tool_calls is not an array"));
    }
    for (std::size_t i = 0; i < calls->size(); ++i) {
      auto call = tool_call((*calls)[i], i);
      if (!call) {
        return tl::unexpected(call.error());
      }
      response.tool_calls.push_back(std::move(*call));
    }
  }
  response.stop = stop_reason(choice, !response.tool_calls.empty());
  const json usage = body.value("usage", json::object());
  response.usage = {integer_field(usage, "prompt_tokens"), integer_field(usage, "completion_tokens")};
  response.model = string_field(body, "model");
  if (response.model.empty()) {
    response.model = model;
  }
  return response;
}

class OpenAiModel final : public LanguageModel {
public:
  OpenAiModel(boost::asio::any_io_executor executor, const ProviderOptions& options,
              metrics::Registry* metrics)
      : m_model(options.model), m_endpoint(openai_endpoint(options.base_url, "chat/completions",
                                                           options.api_key, options.api_version)),
        m_transport(std::move(executor), transport_options("openai", options, options.api_key), metrics) {}

  [[nodiscard]] std::string_view provider() const override { return "openai"; }
  [[nodiscard]] std::string_view model() const override { return m_model; }

  Result<Response> complete(const Request& request) override {
    const Budget budget = Budget::of(request.timeout);
    auto body = request_json(request, m_model);
    if (!body) {
      return tl::unexpected(body.error());
    }
    auto answer = m_transport.post(m_endpoint.url, m_endpoint.headers, to_text(*body), budget);
    if (!answer) {
      return tl::unexpected(answer.error());
    }
    if (!answer->contains("choices") && answer->contains("error")) {
      return tl::unexpected(m_transport.rejected(provider_message(to_text(*answer))));
    }
    auto response = parse_response(*answer, m_model);
    if (!response) {
      return tl::unexpected(m_transport.malformed(response.error()));
    }
    m_transport.succeeded(response->usage);
    return std::move(*response);
  }

private:
  std::string m_model;
  Endpoint m_endpoint;
  Transport m_transport;
};

} // namespace

std::unique_ptr<LanguageModel> make_openai_model(boost::asio::any_io_executor executor,
                                                 const ProviderOptions& options, metrics::Registry* metrics) {
  return std::make_unique<OpenAiModel>(std::move(executor), options, metrics);
}

} // namespace steward::llm

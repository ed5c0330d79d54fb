// Anthropic Messages: `system` at the top level, tools with `input_schema`,
// assistant `tool_use` blocks whose `input` is an object, and tool results as
// `tool_result` blocks of one user message per run of results.

#include <utility>

#include "adapters/llm/endpoint.hpp"
#include "adapters/llm/provider_error.hpp"
#include "adapters/llm/providers.hpp"

namespace steward::llm {

namespace {

using nlohmann::json;

/// Appends `block` to the last message when it has `role`; otherwise starts a
/// new message (Anthropic wants user and assistant turns to alternate).
void append(json& messages, const std::string& role, json block) {
  if (messages.empty() || messages.back()["role"].get<std::string>() != role) {
    messages.push_back({{"role", role}, {"content", json::array()}});
  }
  messages.back()["content"].push_back(std::move(block));
}

/// The object a tool call's `arguments` text holds; `{}` when it holds none
/// (Anthropic accepts only objects as `input`).
json tool_input(const std::string& arguments) {
  json input = json::parse(arguments, nullptr, /*allow_exceptions=*/false);
  return input.is_object() ? input : json::object();
}

json messages_json(const std::vector<Message>& messages) {
  json out = json::array();
  for (const Message& message : messages) {
    switch (message.role) {
    case Role::user:
      if (!message.text.empty()) {
        append(out, "user", {{"type", "text"}, {"text", message.text}});
      }
      break;
    case Role::tool:
      append(out, "user",
             {{"type", "tool_result"},
              {"tool_use_id", message.tool_call_id},
              {"content", message.text},
              {"is_error", message.is_error}});
      break;
    case Role::assistant:
      if (!message.text.empty()) {
        append(out, "assistant", {{"type", "text"}, {"text", message.text}});
      }
      for (const ToolCall& call : message.tool_calls) {
        append(out, "assistant",
               {{"type", "tool_use"},
                {"id", call.id},
                {"name", call.name},
                {"input", tool_input(call.arguments)}});
      }
      break;
    }
  }
  return out;
}

Result<json> request_json(const Request& request, const std::string& model) {
  json body = {{"model", model},
               {"max_tokens", request.max_tokens},
               {"temperature", request.temperature},
               {"messages", messages_json(request.messages)}};
  if (!request.system.empty()) {
    body["system"] = request.system;
  }
  if (!request.tools.empty()) {
    json tools = json::array();
    for (const ToolSpec& tool : request.tools) {
      auto schema = tool_schema(tool);
      if (!schema) {
        return tl::unexpected(schema.error());
      }
      tools.push_back({{"name", tool.name}, {"description", tool.description}, {"input_schema", *schema}});
    }
    body["tools"] = std::move(tools);
  }
  return body;
}

tl::expected<ToolCall, std::string> tool_call(const json& block, std::size_t index) {
  ToolCall call{string_field(block, "id"), string_field(block, "name"), "{}"};
  if (call.name.empty()) {
    return tl::unexpected("$.content[" + std::to_string(index) + "].name missing");
  }
  if (call.id.empty()) {
    call.id = "toolu_" + std::to_string(index);
  }
  if (const auto input = block.find("input"); input != block.end() && !input->is_null()) {
    call.arguments = to_text(*input);
  }
  return call;
}

StopReason stop_reason(const json& body, bool has_calls) {
  const std::string reason = string_field(body, "stop_reason");
  if (has_calls || reason == "tool_use") {
    return StopReason::tool_calls;
  }
  if (reason == "end_turn" || reason == "stop_sequence" || reason.empty()) {
    return StopReason::end;
  }
  return reason == "max_tokens" ? StopReason::max_tokens : StopReason::other;
}

tl::expected<Response, std::string> parse_response(const json& body, const std::string& model) {
  const auto content = body.find("content");
  if (content == body.end() || !content->is_array()) {
    return tl::unexpected(std::string("$.content missing"));
  }
  Response response;
  for (std::size_t i = 0; i < content->size(); ++i) {
    const json& block = (*content)[i];
    const std::string type = string_field(block, "type");
    if (type == "text") {
      response.text += string_field(block, "text");
    } else if (type == "tool_use") {
      auto call = tool_call(block, i);
      if (!call) {
        return tl::unexpected(call.error());
      }
      response.tool_calls.push_back(std::move(*call));
    } else if (type.empty()) {
      return tl::unexpected("$.content[" + std::to_string(i) + "].type missing");
    } // thinking and other blocks are not part of the answer
  }
  response.stop = stop_reason(body, !response.tool_calls.empty());
  const json usage = body.value("usage", json::object());
  response.usage = {integer_field(usage, "input_tokens") + integer_field(usage, "cache_read_input_tokens") +
                        integer_field(usage, "cache_creation_input_tokens"),
                    integer_field(usage, "output_tokens")};
  response.model = string_field(body, "model");
  if (response.model.empty()) {
    response.model = model;
  }
  return response;
}

class AnthropicModel final : public LanguageModel {
public:
  AnthropicModel(boost::asio::any_io_executor executor, const ProviderOptions& options,
                 metrics::Registry* metrics)
      : m_model(options.model), m_endpoint(anthropic_endpoint(options.base_url, options.api_key)),
        m_transport(std::move(executor), transport_options("anthropic", options, options.api_key), metrics) {}

  [[nodiscard]] std::string_view provider() const override { return "anthropic"; }
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
    if (string_field(*answer, "type") == "error") {
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

std::unique_ptr<LanguageModel> make_anthropic_model(boost::asio::any_io_executor executor,
                                                    const ProviderOptions& options,
                                                    metrics::Registry* metrics) {
  return std::make_unique<AnthropicModel>(std::move(executor), options, metrics);
}

} // namespace steward::llm

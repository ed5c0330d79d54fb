// The fake LLM's answers in the real wire formats: OpenAI Chat Completions,
// Anthropic Messages, OpenAI-compatible embeddings, and each provider's
// error JSON.

#include "tests/support/fake_llm_render.hpp"

#include <cctype>
#include <cmath>
#include <cstdint>

namespace steward::test::fake_llm {

namespace {

using nlohmann::json;

std::string to_text(const json& body) {
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

const char* openai_finish(llm::StopReason stop) {
  switch (stop) {
  case llm::StopReason::end: return "stop";
  case llm::StopReason::tool_calls: return "tool_calls";
  case llm::StopReason::max_tokens: return "length";
  case llm::StopReason::other: break;
  }
  return "content_filter";
}

const char* anthropic_stop(llm::StopReason stop) {
  switch (stop) {
  case llm::StopReason::end: return "end_turn";
  case llm::StopReason::tool_calls: return "tool_use";
  case llm::StopReason::max_tokens: return "max_tokens";
  case llm::StopReason::other: break;
  }
  return "refusal";
}

json render_openai(const FakeLlm::Reply& reply, const std::string& model, int serial) {
  json message = {{"role", "assistant"}, {"content", reply.text}};
  if (!reply.tool_calls.empty()) {
    json calls = json::array();
    for (std::size_t i = 0; i < reply.tool_calls.size(); ++i) {
      const llm::ToolCall& call = reply.tool_calls[i];
      const std::string id =
          call.id.empty() ? "call_fake_" + std::to_string(serial) + "_" + std::to_string(i) : call.id;
      calls.push_back({{"id", id},
                       {"type", "function"},
                       {"function", {{"name", call.name}, {"arguments", call.arguments}}}});
    }
    message["tool_calls"] = std::move(calls);
    if (reply.text.empty()) {
      message["content"] = nullptr;
    }
  }
  const llm::StopReason stop = reply.tool_calls.empty() ? reply.stop : llm::StopReason::tool_calls;
  return {{"id", "chatcmpl-fake-" + std::to_string(serial)},
          {"object", "chat.completion"},
          {"created", 1700000000},
          {"model", model},
          {"choices",
           json::array({{{"index", 0}, {"message", message}, {"finish_reason", openai_finish(stop)}}})},
          {"usage",
           {{"prompt_tokens", reply.input_tokens},
            {"completion_tokens", reply.output_tokens},
            {"total_tokens", reply.input_tokens + reply.output_tokens}}}};
}

json render_anthropic(const FakeLlm::Reply& reply, const std::string& model, int serial) {
  json content = json::array();
  if (!reply.text.empty()) {
    content.push_back({{"type", "text"}, {"text", reply.text}});
  }
  for (std::size_t i = 0; i < reply.tool_calls.size(); ++i) {
    const llm::ToolCall& call = reply.tool_calls[i];
    json input = json::parse(call.arguments, nullptr, /*allow_exceptions=*/false);
    if (!input.is_object()) {
      input = json::object(); // Anthropic's `input` is always an object
    }
    const std::string id =
        call.id.empty() ? "toolu_fake_" + std::to_string(serial) + "_" + std::to_string(i) : call.id;
    content.push_back({{"type", "tool_use"}, {"id", id}, {"name", call.name}, {"input", input}});
  }
  const llm::StopReason stop = reply.tool_calls.empty() ? reply.stop : llm::StopReason::tool_calls;
  return {{"id", "msg_fake_" + std::to_string(serial)},
          {"type", "message"},
          {"role", "assistant"},
          {"model", model},
          {"content", content},
          {"stop_reason", anthropic_stop(stop)},
          {"stop_sequence", nullptr},
          {"usage", {{"input_tokens", reply.input_tokens}, {"output_tokens", reply.output_tokens}}}};
}

/// OpenAI's error `type` for `status`.
const char* openai_error_type(int status) {
  if (status == 401) {
    return "invalid_request_error";
  }
  if (status == 429) {
    return "rate_limit_exceeded";
  }
  return status >= 500 ? "server_error" : "invalid_request_error";
}

/// Anthropic's error `type` for `status`.
const char* anthropic_error_type(int status) {
  switch (status) {
  case 401: return "authentication_error";
  case 429: return "rate_limit_error";
  case 529: return "overloaded_error";
  default: return status >= 500 ? "api_error" : "invalid_request_error";
  }
}

} // namespace

json render_reply(Protocol protocol, const FakeLlm::Reply& reply, const std::string& model, int serial) {
  return protocol == Protocol::anthropic ? render_anthropic(reply, model, serial)
                                         : render_openai(reply, model, serial);
}

http::Response json_response(const json& body) {
  return http::Response{200, "application/json", to_text(body), {}};
}

http::Response error_response(Protocol protocol, int status, const std::string& message) {
  json body;
  if (protocol == Protocol::anthropic) {
    body = {{"type", "error"}, {"error", {{"type", anthropic_error_type(status)}, {"message", message}}}};
  } else {
    body = {
        {"error",
         {{"message", message}, {"type", openai_error_type(status)}, {"param", nullptr}, {"code", nullptr}}}};
  }
  return http::Response{status, "application/json", to_text(body), {}};
}

http::Response embeddings_response(const json& request) {
  const json input = request.is_object() ? request.value("input", json()) : json();
  std::vector<std::string> texts;
  if (input.is_string()) {
    texts.push_back(input.get<std::string>());
  } else if (input.is_array() && !input.empty()) {
    for (const json& text : input) {
      if (!text.is_string()) {
        return error_response(Protocol::embeddings, 400, "'$.input' is invalid: expected strings");
      }
      texts.push_back(text.get<std::string>());
    }
  } else {
    return error_response(Protocol::embeddings, 400, "'$.input' is required");
  }
  json data = json::array();
  std::size_t words = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    data.push_back({{"object", "embedding"}, {"index", i}, {"embedding", FakeLlm::embedding_of(texts[i])}});
    words += texts[i].size() / 5 + 1;
  }
  return json_response({{"object", "list"},
                        {"data", data},
                        {"model", request.contains("model") ? request["model"] : json("fake-embedding")},
                        {"usage", {{"prompt_tokens", words}, {"total_tokens", words}}}});
}

} // namespace steward::test::fake_llm

namespace steward::test {

std::vector<float> FakeLlm::embedding_of(std::string_view text) {
  std::vector<float> vector(k_embedding_dimensions, 0.0F);
  std::uint64_t hash = 0;
  bool in_word = false;
  const auto end_word = [&] {
    if (in_word) {
      vector[hash % k_embedding_dimensions] += 1.0F;
    }
    in_word = false;
  };
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) == 0) {
      end_word();
      continue;
    }
    if (!in_word) {
      hash = 14695981039346656037ULL; // FNV-1a
      in_word = true;
    }
    hash = (hash ^ static_cast<unsigned char>(std::tolower(byte))) * 1099511628211ULL;
  }
  end_word();
  double norm = 0;
  for (const float value : vector) {
    norm += static_cast<double>(value) * value;
  }
  if (norm > 0) {
    const auto scale = static_cast<float>(1 / std::sqrt(norm));
    for (float& value : vector) {
      value *= scale;
    }
  }
  return vector;
}

} // namespace steward::test

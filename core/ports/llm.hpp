#pragma once

// The LLM port: a chat model that can call tools, and an embedding model.
// Providers (OpenAI-compatible Chat Completions, Anthropic Messages) implement
// it in adapters/llm/; the agent (core/agent/) builds requests and reads
// responses in these provider-neutral terms and never sees provider JSON.
//
// Contract for every implementation:
// - Calls are blocking and thread-safe; the daemon calls them from worker
//   threads, never from an I/O thread.
// - `Request::timeout` bounds the whole call, retries included. 429 and 5xx
//   responses and connection failures are retried with exponential back-off
//   (honouring `Retry-After`) while time remains; other 4xx are not retried.
// - Errors are `Error{"llm", reason}` with a reason a user can read: the
//   provider, what happened, and the provider's own message when it sent one
//   (`openai returned HTTP 401: Incorrect API key provided`, `anthropic timed
//   out after 60 s`, `openai sent a malformed response: $.choices missing`).
//   They never contain the API key.
// - A response that cannot be understood (malformed JSON, a tool call without
//   a name) is an error, never a partial response.

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"

namespace steward::llm {

/// A call the model asks for. `arguments` is the JSON text the model wrote
/// (an object); it is passed through as sent and may be invalid JSON, which
/// the agent reports back to the model.
struct ToolCall {
  std::string id; ///< provider-assigned; tool results refer to it
  std::string name;
  std::string arguments;
};

enum class Role { user, assistant, tool };

/// One message of the conversation sent to the model.
/// - `user`: `text`.
/// - `assistant`: `text` (may be empty) and the `tool_calls` it made.
/// - `tool`: the result of one call: `tool_call_id`, `tool_name`, `text`
///   (compact JSON), and `is_error` when the call failed.
/// Providers that need it (Anthropic) merge consecutive tool results into
/// one user message; OpenAI-compatible ones send one `tool` message each.
struct Message {
  Role role = Role::user;
  std::string text;
  std::vector<ToolCall> tool_calls;
  std::string tool_call_id;
  std::string tool_name;
  bool is_error = false;
};

/// A tool the model may call. `parameters` is a JSON Schema (an object
/// schema, as JSON text) for the call's arguments.
struct ToolSpec {
  std::string name;
  std::string description;
  std::string parameters;
};

struct Request {
  std::string system; ///< the system prompt
  std::vector<Message> messages;
  std::vector<ToolSpec> tools;
  int max_tokens = 1500; ///< most tokens the reply may have
  double temperature = 0;
  std::chrono::milliseconds timeout{60'000};
};

enum class StopReason {
  end,        ///< the model finished its answer
  tool_calls, ///< the model wants `tool_calls` run
  max_tokens, ///< the reply hit `max_tokens`
  other,      ///< content filter or anything else
};

struct Usage {
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
};

struct Response {
  std::string text; ///< may be empty when only tools are called
  std::vector<ToolCall> tool_calls;
  StopReason stop = StopReason::end;
  Usage usage;
  std::string model; ///< as the provider reported it
};

class LanguageModel {
public:
  virtual ~LanguageModel() = default;
  /// "openai" or "anthropic" (the protocol, not the vendor behind it).
  [[nodiscard]] virtual std::string_view provider() const = 0;
  /// The configured model name.
  [[nodiscard]] virtual std::string_view model() const = 0;
  virtual Result<Response> complete(const Request& request) = 0;
};

/// An embedding model (OpenAI-compatible `/v1/embeddings`).
class Embedder {
public:
  virtual ~Embedder() = default;
  [[nodiscard]] virtual std::string_view model() const = 0;
  /// One vector per text, in order; all of the same dimension.
  virtual Result<std::vector<std::vector<float>>> embed(std::span<const std::string> texts,
                                                        std::chrono::milliseconds timeout) = 0;
};

} // namespace steward::llm

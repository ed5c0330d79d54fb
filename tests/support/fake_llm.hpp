#pragma once

// A fake LLM provider on 127.0.0.1 for tests, speaking the real wire
// protocols: OpenAI Chat Completions (`POST /v1/chat/completions`), Anthropic
// Messages (`POST /v1/messages`) and OpenAI-compatible embeddings
// (`POST /v1/embeddings`). Replies are scripted in provider-neutral terms and
// rendered in the protocol of the path that was called, with the real field
// names (`choices[0].message.tool_calls[].function.arguments` as a JSON
// string, `finish_reason`, `usage.prompt_tokens`; Anthropic `content[]` of
// `text` / `tool_use` blocks, `stop_reason`, `usage.input_tokens`). Every
// request is recorded (headers and parsed JSON body) so tests can assert what
// Steward sent. It runs on its own thread; every member is thread-safe.
//
// Authentication: when `api_key` is set, OpenAI paths require
// `Authorization: Bearer <key>` (or Azure OpenAI's `api-key: <key>`) and
// Anthropic paths `x-api-key: <key>` plus an `anthropic-version` header;
// otherwise 401 with the provider's error JSON (OpenAI's message repeats the
// key that was sent, as OpenAI's own does in part, so tests can check that
// Steward never shows it).
//
// Paths are matched by their ending (`.../chat/completions`, `.../messages`,
// `.../embeddings`), so an Azure OpenAI style base URL
// (`http://127.0.0.1:<port>/openai/deployments/D`) works too.
//
// Embeddings are deterministic: each input is tokenised into lower-case
// words, each word hashed into one of `k_embedding_dimensions` buckets, and
// the counts L2-normalised, so texts sharing words are similar.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/ports/llm.hpp"

namespace steward::test {

class FakeLlm {
public:
  static constexpr std::size_t k_embedding_dimensions = 64;

  /// One scripted reply to a chat call.
  struct Reply {
    std::string text{};
    std::vector<llm::ToolCall> tool_calls{};     ///< ids are generated when empty
    llm::StopReason stop = llm::StopReason::end; ///< tool_calls when any are given
    int input_tokens = 50;
    int output_tokens = 20;
    int status = 200; ///< non-200: the provider's error JSON with `error_message`
    std::string error_message = "scripted failure";
    std::optional<std::string> retry_after{}; ///< sent as `Retry-After`
    std::optional<std::string> raw_body{};    ///< sent verbatim instead (malformed JSON tests)
    std::chrono::milliseconds delay{0};       ///< before answering (timeout tests)
  };

  struct Request {
    std::string path;   ///< "/v1/chat/completions", "/v1/messages", "/v1/embeddings"
    std::string target; ///< path and query as sent
    std::vector<std::pair<std::string, std::string>> headers; ///< names lower-cased
    std::string body;
    nlohmann::json json; ///< parsed body; null when it was not JSON
    [[nodiscard]] std::string header(std::string_view name) const;
  };

  /// Decides the reply to a chat request; nullopt falls back to the queue.
  using Responder = std::function<std::optional<Reply>(const Request& request)>;

  explicit FakeLlm(std::string api_key = "sk-test");
  ~FakeLlm();
  FakeLlm(const FakeLlm&) = delete;
  FakeLlm& operator=(const FakeLlm&) = delete;
  FakeLlm(FakeLlm&&) = delete;
  FakeLlm& operator=(FakeLlm&&) = delete;

  /// `http://127.0.0.1:<port>/v1`, the `base_url` for both providers.
  [[nodiscard]] std::string base_url() const;
  [[nodiscard]] unsigned short port() const;

  /// Queues `reply` for the next chat call (either protocol), in order. With
  /// an empty queue and no responder, a call gets the text "fake answer".
  void push(Reply reply);
  void set_responder(Responder responder);
  /// Makes the next `count` embeddings calls fail with HTTP `status`.
  void fail_embeddings(int count, int status = 500);

  /// Every request received so far, in order.
  [[nodiscard]] std::vector<Request> requests() const;
  /// Requests to `path` only.
  [[nodiscard]] std::vector<Request> requests(std::string_view path) const;
  void clear_requests();

  /// The vector the fake returns for `text` (see above).
  static std::vector<float> embedding_of(std::string_view text);

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace steward::test

namespace steward::testing {
using test::FakeLlm; // the other fakes live in steward::testing
} // namespace steward::testing

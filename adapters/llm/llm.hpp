#pragma once

// LLM providers behind the `llm::LanguageModel` and `llm::Embedder` ports
// (core/ports/llm.hpp): OpenAI-compatible Chat Completions with tools (OpenAI,
// Azure OpenAI, Ollama, vLLM, llama.cpp server, LiteLLM, OpenRouter) and
// Anthropic Messages with `tool_use`; embeddings through an OpenAI-compatible
// `/embeddings` endpoint. Requests go over adapters/http's client; calls block
// the calling (worker) thread while the exchange runs on `executor`.
//
// Retries: connection failures, timeouts, 429 and 5xx are retried up to
// `max_attempts` with exponential back-off (`initial_backoff`, doubling,
// jittered, honouring `Retry-After` up to the time left) inside the request's
// timeout. Token usage is counted in `steward_llm_tokens_total{direction}`
// and HTTP requests (each attempt) in `steward_llm_requests_total{provider,
// outcome}` (outcome: ok, http_<status>, timeout, unreachable, malformed, or
// error for a 2xx answer that carries an error) when `metrics` is given;
// embeddings requests count under provider `embeddings`.

#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "core/metrics/registry.hpp"
#include "core/ports/llm.hpp"
#include "core/util/error.hpp"

namespace steward::llm {

struct ProviderOptions {
  std::string provider; ///< "openai" or "anthropic"
  /// Base URL up to the version segment. Defaults: `https://api.openai.com/v1`,
  /// `https://api.anthropic.com/v1`. Requests go to `{base_url}/chat/completions`,
  /// `{base_url}/messages` and `{base_url}/embeddings`. An Azure OpenAI
  /// deployment URL (`https://X.openai.azure.com/openai/deployments/D`) is
  /// recognised: the key is sent as `api-key` and `api-version` is appended.
  std::string base_url;
  std::string model;
  std::string api_key;                    ///< may be empty for local servers (Ollama, vLLM)
  std::string api_version = "2024-06-01"; ///< Azure OpenAI only
  std::string embeddings_model;           ///< empty: no embedder
  std::string embeddings_base_url;        ///< OpenAI-compatible; empty: `base_url`
  std::string embeddings_api_key;         ///< empty: `api_key`
  int max_attempts = 4;
  std::chrono::milliseconds initial_backoff{500};
  std::string ca_file; ///< extra CA bundle for HTTPS; empty: system default
};

/// The chat model for `options`. Errors: `llm.provider: unknown provider "x"
/// (expected openai or anthropic)`, `llm.model: required`, `llm.base_url: ...`
/// for a URL that is not http(s).
Result<std::unique_ptr<LanguageModel>> make_language_model(boost::asio::any_io_executor executor,
                                                           const ProviderOptions& options,
                                                           metrics::Registry* metrics = nullptr);

/// The embedder for `options.embeddings_model` (OpenAI-compatible protocol, at
/// `embeddings_base_url`, else `base_url` when the provider is openai). Errors:
/// `llm.embeddings_model: not configured`; `llm.embeddings_base_url: required
/// with the anthropic provider (Anthropic has no embeddings endpoint)`.
Result<std::unique_ptr<Embedder>> make_embedder(boost::asio::any_io_executor executor,
                                                const ProviderOptions& options,
                                                metrics::Registry* metrics = nullptr);

} // namespace steward::llm

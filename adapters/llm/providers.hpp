#pragma once

// The provider implementations behind adapters/llm/llm.hpp's factories and
// the JSON helpers they share (private to adapters/llm).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <nlohmann/json.hpp>

#include "adapters/llm/llm.hpp"
#include "adapters/llm/transport.hpp"

namespace steward::llm {

/// OpenAI-compatible Chat Completions at `options.base_url` (checked by the caller).
std::unique_ptr<LanguageModel> make_openai_model(boost::asio::any_io_executor executor,
                                                 const ProviderOptions& options, metrics::Registry* metrics);

/// Anthropic Messages at `options.base_url` (checked by the caller).
std::unique_ptr<LanguageModel> make_anthropic_model(boost::asio::any_io_executor executor,
                                                    const ProviderOptions& options,
                                                    metrics::Registry* metrics);

/// OpenAI-compatible embeddings with `options.embeddings_model` at `base_url`
/// (checked by the caller), authenticated with `api_key`.
std::unique_ptr<Embedder> make_openai_embedder(boost::asio::any_io_executor executor,
                                               const ProviderOptions& options, const std::string& base_url,
                                               const std::string& api_key, metrics::Registry* metrics);

/// The transport settings for `provider` from `options`, with `api_key` as
/// the secret kept out of error texts.
TransportOptions transport_options(std::string provider, const ProviderOptions& options,
                                   const std::string& api_key);

/// `tool.parameters` parsed: a JSON object (`{"type":"object"}` when empty).
/// Errors: `llm: tool "<name>" has parameters that are not a JSON object schema`.
Result<nlohmann::json> tool_schema(const ToolSpec& tool);

/// Compact JSON text; invalid UTF-8 in strings is replaced, never thrown on.
std::string to_text(const nlohmann::json& json);

/// The string at `object[name]`, or empty when absent or not a string.
std::string string_field(const nlohmann::json& object, std::string_view name);

/// The integer at `object[name]`, or 0 when absent or not a number.
std::int64_t integer_field(const nlohmann::json& object, std::string_view name);

} // namespace steward::llm

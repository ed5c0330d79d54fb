#pragma once

// Provider URLs and authentication headers (private to adapters/llm).

#include <string>
#include <string_view>

#include "adapters/http/server.hpp"
#include "core/util/error.hpp"

namespace steward::llm {

/// Where one kind of request goes and how it is authenticated.
struct Endpoint {
  std::string url;
  http::Headers headers;
};

/// Checks that `url` is an absolute http(s) URL with a host, no credentials
/// and no spaces. Errors: key `key`, a reason that does not repeat the URL
/// (it may hold a secret path).
Result<void> check_base_url(std::string_view url, const std::string& key);

/// True for an Azure OpenAI deployment URL (its path holds
/// `/openai/deployments/`).
bool is_azure(std::string_view base_url);

/// `{base}/{path}` with one slash between them; a query string on `base`
/// stays at the end.
std::string join_url(std::string_view base, std::string_view path);

/// An OpenAI-compatible `path` (`chat/completions`, `embeddings`) under
/// `base_url`: `Authorization: Bearer <api_key>` when a key is set, or for
/// Azure OpenAI `api-key: <api_key>` and `api-version=<api_version>` in the
/// query (unless the base URL has one).
Endpoint openai_endpoint(std::string_view base_url, std::string_view path, const std::string& api_key,
                         std::string_view api_version);

/// Anthropic's `messages` under `base_url` with `x-api-key` and
/// `anthropic-version: 2023-06-01`.
Endpoint anthropic_endpoint(std::string_view base_url, const std::string& api_key);

} // namespace steward::llm

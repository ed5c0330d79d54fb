#include "adapters/llm/endpoint.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace steward::llm {

namespace {

constexpr std::string_view k_anthropic_version = "2023-06-01";

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

/// The port after the host in `authority` ("host:port", "[v6]:port"), if
/// any; false when it is there but not a number in 1..65535.
bool valid_port(std::string_view authority) {
  const std::size_t bracket = authority.rfind(']');
  const std::size_t colon = authority.rfind(':');
  if (colon == std::string_view::npos || (bracket != std::string_view::npos && colon < bracket) ||
      (bracket == std::string_view::npos && authority.find(':') != colon)) {
    return true; // no port (or a bare IPv6 literal, which the client refuses itself)
  }
  const std::string_view text = authority.substr(colon + 1);
  unsigned port = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  return !text.empty() && error == std::errc() && end == text.data() + text.size() && port >= 1 &&
         port <= 65535;
}

} // namespace

Result<void> check_base_url(std::string_view url, const std::string& key) {
  const std::string scheme_part = lower(url.substr(0, std::min<std::size_t>(url.size(), 8)));
  std::size_t skip = 0;
  if (scheme_part.starts_with("https://")) {
    skip = 8;
  } else if (scheme_part.starts_with("http://")) {
    skip = 7;
  } else {
    return fail(key, "must be an http:// or https:// URL");
  }
  if (std::any_of(url.begin(), url.end(),
                  [](unsigned char c) { return std::isspace(c) != 0 || std::iscntrl(c) != 0; })) {
    return fail(key, "must not contain spaces or control characters");
  }
  const std::string_view rest = url.substr(skip);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.empty()) {
    return fail(key, "has no host name");
  }
  if (authority.find('@') != std::string_view::npos) {
    return fail(key, "must not contain credentials (set the API key instead)");
  }
  if (!valid_port(authority)) {
    return fail(key, "has an invalid port");
  }
  return {};
}

bool is_azure(std::string_view base_url) {
  return lower(base_url).find("/openai/deployments/") != std::string::npos;
}

std::string join_url(std::string_view base, std::string_view path) {
  const std::size_t question = base.find('?');
  const std::string_view query = question == std::string_view::npos ? "" : base.substr(question);
  base = base.substr(0, question);
  while (base.ends_with('/')) {
    base.remove_suffix(1);
  }
  while (path.starts_with('/')) {
    path.remove_prefix(1);
  }
  return std::string(base) + "/" + std::string(path) + std::string(query);
}

Endpoint openai_endpoint(std::string_view base_url, std::string_view path, const std::string& api_key,
                         std::string_view api_version) {
  Endpoint endpoint{join_url(base_url, path), {}};
  if (is_azure(base_url)) {
    if (base_url.find("api-version=") == std::string_view::npos) {
      endpoint.url += (endpoint.url.find('?') == std::string::npos ? "?" : "&");
      endpoint.url += "api-version=" + std::string(api_version);
    }
    if (!api_key.empty()) {
      endpoint.headers.emplace_back("api-key", api_key);
    }
  } else if (!api_key.empty()) {
    endpoint.headers.emplace_back("Authorization", "Bearer " + api_key);
  }
  return endpoint;
}

Endpoint anthropic_endpoint(std::string_view base_url, const std::string& api_key) {
  Endpoint endpoint{join_url(base_url, "messages"), {}};
  if (!api_key.empty()) {
    endpoint.headers.emplace_back("x-api-key", api_key);
  }
  endpoint.headers.emplace_back("anthropic-version", std::string(k_anthropic_version));
  return endpoint;
}

} // namespace steward::llm

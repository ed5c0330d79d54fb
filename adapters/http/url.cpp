#include "adapters/http/url.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>

namespace steward::http {
namespace {

struct SchemeInfo {
  std::string_view name;
  std::string_view default_port;
  bool tls;
};

constexpr std::array<SchemeInfo, 4> k_schemes{{
    {"http", "80", false},
    {"https", "443", true},
    {"ws", "80", false},
    {"wss", "443", true},
}};

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool valid_port(std::string_view port) {
  unsigned value = 0;
  const auto* end = port.data() + port.size();
  auto [ptr, ec] = std::from_chars(port.data(), end, value);
  return ec == std::errc() && ptr == end && value >= 1 && value <= 65535;
}

/// Splits `authority` into host and port; false when malformed.
bool split_authority(std::string_view authority, Url& url) {
  std::optional<std::string_view> port;
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos) {
      return false;
    }
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) {
        return false;
      }
      port = rest.substr(1);
    }
  } else {
    auto colon = authority.find(':');
    url.host = lower(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
    }
  }
  if (url.host.empty() || url.host.find_first_of(" \t\r\n/\\") != std::string::npos) {
    return false;
  }
  if (port) {
    if (!valid_port(*port)) {
      return false;
    }
    url.default_port = *port == url.port;
    url.port = std::string(*port);
  }
  return true;
}

} // namespace

std::string Url::authority() const {
  std::string out = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (!default_port) {
    out += ":" + port;
  }
  return out;
}

std::string Url::origin() const {
  std::string bracketed = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return scheme + "://" + bracketed + ":" + port;
}

Result<Url> parse_url(std::string_view text) {
  auto separator = text.find("://");
  if (separator == std::string_view::npos) {
    return fail("url", "not an absolute URL (no scheme://)");
  }
  Url url;
  url.scheme = lower(text.substr(0, separator));
  const auto* scheme = std::find_if(k_schemes.begin(), k_schemes.end(),
                                    [&](const SchemeInfo& info) { return info.name == url.scheme; });
  if (scheme == k_schemes.end()) {
    return fail("url", "unsupported scheme '" + url.scheme + "' (use http, https, ws or wss)");
  }
  url.tls = scheme->tls;
  url.port = std::string(scheme->default_port);

  std::string_view rest = text.substr(separator + 3);
  rest = rest.substr(0, rest.find('#'));
  auto path_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_start);
  if (authority.find('@') != std::string_view::npos) {
    return fail("url", "user info in URLs is not supported");
  }
  if (!split_authority(authority, url)) {
    return fail("url", "malformed host or port");
  }
  url.target = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
  if (url.target.starts_with('?')) {
    url.target.insert(0, "/");
  }
  if (url.target.find_first_of(" \t\r\n") != std::string::npos) {
    return fail("url", "whitespace in the path");
  }
  return url;
}

} // namespace steward::http

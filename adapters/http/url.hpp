#pragma once

// Absolute URLs for the HTTP and WebSocket clients (private to adapters/http).

#include <string>
#include <string_view>

#include "core/util/error.hpp"

namespace steward::http {

/// The parts of an `http`, `https`, `ws` or `wss` URL a client needs.
struct Url {
  std::string scheme; ///< lower case
  std::string host;   ///< without brackets for IPv6 literals
  std::string port;   ///< explicit, or the scheme's default
  std::string target; ///< path and query ("/" when absent); never the fragment
  bool tls = false;   ///< https or wss
  bool default_port = true;

  /// `host[:port]` as a `Host` header and error key: the port only when it
  /// is not the scheme's default, IPv6 literals in brackets.
  [[nodiscard]] std::string authority() const;
  /// `scheme://host:port`: the connection pool key.
  [[nodiscard]] std::string origin() const;
};

/// Parses `text`. Accepts only the four schemes above, a non-empty host and a
/// numeric port in 1..65535; user info (`user@host`) is refused so credentials
/// never end up in logs or error keys. Errors: key `url`, reason in words
/// (never the URL itself, which may carry a secret path).
Result<Url> parse_url(std::string_view text);

} // namespace steward::http

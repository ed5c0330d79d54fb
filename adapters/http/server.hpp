#pragma once

// An HTTP/1.1 server (Boost.Beast, C++20 coroutines), optionally over TLS.
// One coroutine per connection; keep-alive; a timeout on every read and
// write; a body limit answered with 413 before the handler runs; malformed
// requests answered with 400 and the connection closed. No input crashes or
// hangs it.
//
// This header exposes Asio vocabulary (executors, awaitables) only: network
// adapters and bot/ share adapters/runtime's Asio types.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "core/util/error.hpp"

namespace steward::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

/// Returns the first value of header `name` (case-insensitive), if any.
std::optional<std::string_view> find_header(const Headers& headers, std::string_view name);

struct Request {
  std::string method; ///< "GET", "POST", ...
  std::string target; ///< path and query as sent
  Headers headers;    ///< names as sent
  std::string body;   ///< raw bytes (signatures are computed over these)
  std::string remote; ///< peer address "ip:port"

  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const {
    return find_header(headers, name);
  }
  /// `target` without its query string.
  [[nodiscard]] std::string_view path() const;
};

struct Response {
  int status = 200;
  std::string content_type; ///< empty: no Content-Type header
  std::string body;
  Headers headers; ///< extra headers
};

/// Handles one request. Runs on the server's executor; may `co_await`.
/// An exception becomes a 500 (logged without the body).
using Handler = std::function<boost::asio::awaitable<Response>(Request)>;

/// Called once per response sent, including the server's own 400/413/408
/// answers (`path` is "" when the request line was unreadable).
using ResponseObserver =
    std::function<void(std::string_view path, int status, std::chrono::nanoseconds elapsed)>;

struct TlsFiles {
  std::string certificate_chain; ///< PEM file
  std::string private_key;       ///< PEM file
};

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";          ///< "host:port"; port 0 picks a free port
  std::size_t body_limit = 1024UL * 1024;         ///< larger bodies get 413
  std::size_t header_limit = 16UL * 1024;         ///< larger headers get 431
  std::chrono::milliseconds read_timeout{10'000}; ///< per request (headers and body)
  std::chrono::milliseconds write_timeout{10'000};
  std::chrono::milliseconds idle_timeout{60'000}; ///< keep-alive between requests
  std::size_t max_connections = 4096;             ///< further connections are accepted and closed
  std::optional<TlsFiles> tls;                    ///< none: plain HTTP
  std::string server_header = "steward";
};

/// A running server.
class Server {
public:
  virtual ~Server() = default;
  /// The bound port (useful with port 0).
  [[nodiscard]] virtual unsigned short port() const = 0;
  /// Stops accepting and closes open connections; in-flight handlers finish
  /// but their responses are dropped. Idempotent; safe from any thread.
  virtual void stop() = 0;
};

/// Binds and starts serving on `executor`. Errors: key `server.listen`
/// (bad address, port in use) or `server.tls_cert`/`server.tls_key`
/// (unreadable or mismatched files).
Result<std::unique_ptr<Server>> start_server(boost::asio::any_io_executor executor, ServerOptions options,
                                             Handler handler, ResponseObserver observer = {});

} // namespace steward::http

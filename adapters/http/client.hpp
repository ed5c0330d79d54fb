#pragma once

// An HTTP/1.1 client (Boost.Beast, C++20 coroutines) for `http://` and
// `https://` URLs. HTTPS verifies the peer against the system CA store (or
// `ca_file`) with SNI and host-name verification. Idle connections are kept
// per host and reused. Every phase (resolve, connect, handshake, write,
// read) runs under a deadline. It never follows redirects.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "adapters/http/server.hpp"
#include "core/util/error.hpp"

namespace steward::http {

struct ClientRequest {
  std::string method = "POST";
  std::string url; ///< absolute: http://host[:port]/path?query or https://...
  Headers headers;
  std::string body;
  std::chrono::milliseconds timeout{10'000}; ///< the whole exchange, connect included
};

struct ClientResponse {
  int status = 0;
  Headers headers;
  std::string body;

  [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const {
    return find_header(headers, name);
  }
};

/// Why a request failed before a response arrived.
enum class FailureKind {
  invalid_url, ///< not retryable
  resolve,
  connect,
  tls,
  timeout,
  io, ///< connection reset/closed mid-exchange
  too_large,
};

struct ClientError {
  FailureKind kind = FailureKind::io;
  Error error; ///< key: the URL's host[:port]; reason in plain words
};

template <typename T>
using ClientResult = tl::expected<T, ClientError>;

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{5'000};
  std::size_t max_body = 16UL * 1024 * 1024; ///< larger responses fail with too_large
  std::string ca_file;                       ///< empty: system default paths
  std::size_t max_idle_per_host = 8;
  std::chrono::milliseconds idle_timeout{30'000}; ///< pooled connections older than this are closed
  std::string user_agent = "steward/0.1";
};

/// @par Thread safety
/// `send` may be called concurrently from coroutines on any executor.
class Client {
public:
  virtual ~Client() = default;
  /// Sends `request` and reads the whole response. A non-2xx status is a
  /// response, not an error. A reused connection that turns out closed is
  /// retried once on a fresh connection (only when nothing was read).
  virtual boost::asio::awaitable<ClientResult<ClientResponse>> send(ClientRequest request) = 0;
};

std::unique_ptr<Client> make_client(boost::asio::any_io_executor executor, ClientOptions options = {});

} // namespace steward::http

#pragma once

// One HTTP/1.1 client connection (private to adapters/http): a TCP or TLS
// stream that carries one exchange at a time and may be kept for the next.

#include <memory>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>

#include "adapters/http/client.hpp"
#include "adapters/http/connect.hpp"
#include "adapters/http/url.hpp"

namespace steward::http {

/// The result of one exchange and what it says about the connection.
struct Exchange {
  ClientResult<ClientResponse> result;
  bool nothing_read = false; ///< failed before a single response byte arrived
  bool reusable = false;     ///< the connection may carry another exchange
};

/// @par Thread safety
/// Not thread-safe: every call runs in a coroutine on `executor()`.
class Connection {
public:
  virtual ~Connection() = default;
  /// Writes `request` (to `url`'s target) and reads the whole response, both
  /// before `deadline`.
  virtual boost::asio::awaitable<Exchange> exchange(const ClientRequest& request, const Url& url,
                                                    Clock::time_point deadline,
                                                    const ClientOptions& options) = 0;
  /// The strand the connection's operations run on.
  [[nodiscard]] virtual boost::asio::any_io_executor executor() const = 0;
};

/// Checks that `request`'s method is a token and its header names and values
/// cannot break the message framing (no CR, LF or NUL). Errors: key
/// `url.authority()`.
Result<void> check_request(const ClientRequest& request, const Url& url);

/// Connects to `url`'s origin (TLS with `tls` for https) before
/// `connect_deadline`. Runs on, and binds the connection to, the calling
/// coroutine's executor, which must be a strand.
boost::asio::awaitable<ClientResult<std::unique_ptr<Connection>>>
open_connection(const Url& url, boost::asio::ssl::context* tls, Clock::time_point connect_deadline);

} // namespace steward::http

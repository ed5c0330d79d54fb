#pragma once

// What the server, the HTTP client and the WebSocket client share (private
// to adapters/http): the completion token for expected errors, logging of
// failed coroutines, failure values, TCP connect under a deadline and
// client-side TLS set-up.

#include <chrono>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/error_code.hpp>
#include <openssl/ssl.h>

#include "adapters/http/client.hpp"
#include "adapters/http/url.hpp"

namespace steward::http {

/// Completion token for operations whose errors are expected (reads, writes,
/// connects, shutdowns): the coroutine gets `(error_code, result...)`.
inline constexpr auto use_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);

using Clock = std::chrono::steady_clock;

/// Logs `error` (an exception that ended the coroutine doing `what`), if any:
/// the completion handler of every `co_spawn` in adapters/http.
void log_failure(std::string_view what, const std::exception_ptr& error);

/// A failure for `url`: key `url.authority()`.
ClientError client_error(FailureKind kind, const Url& url, std::string reason);

/// Resolves `url`'s host and connects to the first address that answers.
/// Gives up at `deadline` (`timeout`); a name that does not resolve is
/// `resolve`, refused or unreachable addresses are `connect`.
boost::asio::awaitable<ClientResult<boost::asio::ip::tcp::socket>> connect_tcp(const Url& url,
                                                                               Clock::time_point deadline);

/// A TLS client context that verifies peers against `ca_file` (a PEM bundle)
/// or, when empty, the system's default CA paths. Errors: key `tls.ca_file`.
Result<std::shared_ptr<boost::asio::ssl::context>> make_client_tls_context(const std::string& ca_file);

/// Sets SNI (host names only, not IP literals) and host-name verification of
/// `url`'s host on `stream` (an Asio or Beast SSL stream) before its handshake.
template <typename SslStream>
ClientResult<void> prepare_tls(SslStream& stream, const Url& url) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(url.host, ec);
  // SNI names a host; RFC 6066 forbids IP literals in it.
  if (ec && SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str()) != 1) {
    return tl::unexpected(client_error(FailureKind::tls, url, "cannot set the TLS server name"));
  }
  stream.set_verify_callback(boost::asio::ssl::host_name_verification(url.host));
  return {};
}

/// Plain words for a TLS handshake failure (OpenSSL's reason, e.g.
/// "certificate verify failed").
std::string tls_reason(const boost::system::error_code& ec);

} // namespace steward::http

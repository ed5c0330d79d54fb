#include "adapters/http/connect.hpp"

#include <variant>

#include <boost/asio/connect.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <openssl/err.h>
#include <spdlog/spdlog.h>

#include "adapters/runtime/log_failure.hpp"

namespace steward::http {

namespace net = boost::asio;
using namespace net::experimental::awaitable_operators;

void log_failure(std::string_view what, const std::exception_ptr& error) {
  runtime::log_failure("http: " + std::string(what), error);
}

ClientError client_error(FailureKind kind, const Url& url, std::string reason) {
  return ClientError{kind, Error{url.authority(), std::move(reason)}};
}

net::awaitable<ClientResult<net::ip::tcp::socket>> connect_tcp(const Url& url, Clock::time_point deadline) {
  auto executor = co_await net::this_coro::executor;
  net::ip::tcp::resolver resolver(executor);
  net::steady_timer timer(executor, deadline);

  auto resolved =
      co_await (resolver.async_resolve(url.host, url.port, use_tuple) || timer.async_wait(use_tuple));
  if (resolved.index() == 1) {
    co_return tl::unexpected(client_error(FailureKind::timeout, url, "timed out resolving the host name"));
  }
  auto [resolve_ec, endpoints] = std::get<0>(std::move(resolved));
  if (resolve_ec) {
    co_return tl::unexpected(
        client_error(FailureKind::resolve, url, "cannot resolve the host name: " + resolve_ec.message()));
  }

  net::ip::tcp::socket socket(executor);
  auto connected = co_await (net::async_connect(socket, endpoints, use_tuple) || timer.async_wait(use_tuple));
  if (connected.index() == 1) {
    co_return tl::unexpected(client_error(FailureKind::timeout, url, "timed out connecting"));
  }
  auto [connect_ec, endpoint] = std::get<0>(connected);
  if (connect_ec) {
    co_return tl::unexpected(
        client_error(FailureKind::connect, url, "cannot connect: " + connect_ec.message()));
  }
  socket.set_option(net::ip::tcp::no_delay(true), connect_ec);
  co_return socket;
}

Result<std::shared_ptr<net::ssl::context>> make_client_tls_context(const std::string& ca_file) {
  auto context = std::make_shared<net::ssl::context>(net::ssl::context::tls_client);
  boost::system::error_code ec;
  context->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                           net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                           net::ssl::context::no_tlsv1_1,
                       ec);
  context->set_verify_mode(net::ssl::verify_peer, ec);
  if (ca_file.empty()) {
    context->set_default_verify_paths(ec);
  } else {
    context->load_verify_file(ca_file, ec);
  }
  if (ec) {
    return fail("tls.ca_file", "cannot load CA certificates: " + tls_reason(ec));
  }
  return context;
}

std::string tls_reason(const boost::system::error_code& ec) {
  if (ec.category() == net::error::get_ssl_category()) {
    const char* reason = ERR_reason_error_string(static_cast<unsigned long>(ec.value()));
    if (reason != nullptr) {
      return reason;
    }
  }
  return ec.message();
}

} // namespace steward::http

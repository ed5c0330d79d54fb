#include "adapters/http/websocket.hpp"

#include <algorithm>
#include <deque>
#include <exception>
#include <optional>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <spdlog/spdlog.h>

#include "adapters/http/connect.hpp"
#include "adapters/http/url.hpp"

namespace steward::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using boost::system::error_code;

/// The longest `close` waits for the peer's close frame.
constexpr std::chrono::milliseconds k_close_wait{3'000};

/// One queued write and its outcome; `done` is cancelled when it is written.
struct PendingWrite {
  PendingWrite(std::string text_, const net::any_io_executor& executor)
      : text(std::move(text_)), done(executor, Clock::time_point::max()) {}
  std::string text;
  net::steady_timer done;
  std::optional<ClientResult<void>> result;
};

/// A connection's state, shared by the object and its operations (which may
/// outlive it). Touched only on the stream's strand.
template <typename Stream>
struct Connection {
  Connection(Stream stream, Url url_, WebSocketOptions options_, std::shared_ptr<net::ssl::context> tls_)
      : ws(std::move(stream)), url(std::move(url_)), options(std::move(options_)), tls(std::move(tls_)) {}

  websocket::stream<Stream> ws;
  Url url;
  WebSocketOptions options;
  std::shared_ptr<net::ssl::context> tls; ///< outlives the stream that uses it
  std::deque<std::shared_ptr<PendingWrite>> queue;
  bool writing = false;
  bool closing = false;
};

ClientError read_error(const error_code& ec, const websocket::close_reason& reason, const Url& url) {
  if (ec == websocket::error::closed) {
    std::string words = "closed by the peer (code " + std::to_string(reason.code);
    if (!reason.reason.empty()) {
      words += ", " + std::string(reason.reason.data(), reason.reason.size());
    }
    return client_error(FailureKind::io, url, words + ")");
  }
  if (ec == beast::error::timeout) {
    return client_error(FailureKind::timeout, url, "the peer went silent");
  }
  if (ec == websocket::error::message_too_big || ec == websocket::error::buffer_overflow) {
    return client_error(FailureKind::too_large, url, "message too large");
  }
  return client_error(FailureKind::io, url, "connection failed: " + ec.message());
}

template <typename Stream>
net::awaitable<ClientResult<std::string>> read_message(std::shared_ptr<Connection<Stream>> connection) {
  beast::flat_buffer buffer;
  auto [ec, read] = co_await connection->ws.async_read(buffer, use_tuple);
  if (ec) {
    co_return tl::unexpected(read_error(ec, connection->ws.reason(), connection->url));
  }
  co_return beast::buffers_to_string(buffer.data());
}

/// Sends queued messages in order until the queue is empty.
template <typename Stream>
net::awaitable<void> drain_queue(std::shared_ptr<Connection<Stream>> connection) {
  while (!connection->queue.empty()) {
    auto pending = connection->queue.front();
    auto [ec, written] = co_await connection->ws.async_write(net::buffer(pending->text), use_tuple);
    if (ec) {
      pending->result =
          tl::unexpected(client_error(FailureKind::io, connection->url, "write failed: " + ec.message()));
    } else {
      pending->result = ClientResult<void>{};
    }
    connection->queue.pop_front();
    pending->done.cancel();
  }
  connection->writing = false;
}

template <typename Stream>
net::awaitable<ClientResult<void>> queue_write(std::shared_ptr<Connection<Stream>> connection,
                                               std::string text) {
  auto executor = co_await net::this_coro::executor;
  auto pending = std::make_shared<PendingWrite>(std::move(text), executor);
  connection->queue.push_back(pending);
  if (!connection->writing) {
    connection->writing = true;
    net::co_spawn(executor, drain_queue(connection),
                  [](const std::exception_ptr& error) { log_failure("websocket writer", error); });
  }
  if (!pending->result) {
    co_await pending->done.async_wait(use_tuple);
  }
  if (!pending->result) {
    co_return tl::unexpected(client_error(FailureKind::io, connection->url, "write abandoned"));
  }
  co_return *pending->result;
}

template <typename Stream>
net::awaitable<void> close_connection(std::shared_ptr<Connection<Stream>> connection, unsigned short code) {
  if (connection->closing) {
    co_return;
  }
  connection->closing = true;
  auto wait = std::min<std::chrono::milliseconds>(connection->options.handshake_timeout, k_close_wait);
  connection->ws.set_option(websocket::stream_base::timeout{wait, connection->options.idle_timeout, true});
  auto [ec] = co_await connection->ws.async_close(websocket::close_reason(code), use_tuple);
  if (ec) {
    spdlog::debug("websocket: {}: close: {}", connection->url.authority(), ec.message());
  }
  beast::get_lowest_layer(connection->ws).close();
}

template <typename Stream>
class BeastWebSocket final : public WebSocket {
public:
  explicit BeastWebSocket(std::shared_ptr<Connection<Stream>> connection)
      : m_connection(std::move(connection)) {}
  BeastWebSocket(const BeastWebSocket&) = delete;
  BeastWebSocket& operator=(const BeastWebSocket&) = delete;
  BeastWebSocket(BeastWebSocket&&) = delete;
  BeastWebSocket& operator=(BeastWebSocket&&) = delete;
  ~BeastWebSocket() override {
    net::post(m_connection->ws.get_executor(),
              [connection = m_connection] { beast::get_lowest_layer(connection->ws).close(); });
  }

  net::awaitable<ClientResult<std::string>> read() override {
    co_return co_await net::co_spawn(m_connection->ws.get_executor(), read_message(m_connection),
                                     net::use_awaitable);
  }

  net::awaitable<ClientResult<void>> write(std::string text) override {
    co_return co_await net::co_spawn(m_connection->ws.get_executor(),
                                     queue_write(m_connection, std::move(text)), net::use_awaitable);
  }

  net::awaitable<void> close(unsigned short code) override {
    co_await net::co_spawn(m_connection->ws.get_executor(), close_connection(m_connection, code),
                           net::use_awaitable);
  }

private:
  std::shared_ptr<Connection<Stream>> m_connection;
};

/// Upgrades `connection`'s stream (connected, and TLS-ready for wss) to a
/// WebSocket before `deadline`.
template <typename Stream>
net::awaitable<ClientResult<std::unique_ptr<WebSocket>>>
upgrade(std::shared_ptr<Connection<Stream>> connection, Clock::time_point deadline) {
  auto& ws = connection->ws;
  const auto& url = connection->url;
  ws.set_option(websocket::stream_base::decorator(
      [agent = connection->options.user_agent](websocket::request_type& request) {
        request.set(beast::http::field::user_agent, agent);
      }));
  ws.read_message_max(connection->options.max_message);
  beast::get_lowest_layer(ws).expires_at(deadline);
  websocket::response_type response;
  auto [ec] = co_await ws.async_handshake(response, url.authority(), url.target, use_tuple);
  if (ec == beast::error::timeout) {
    co_return tl::unexpected(client_error(FailureKind::timeout, url, "timed out in the WebSocket handshake"));
  }
  if (ec) {
    std::string reason = "WebSocket handshake failed: " + ec.message();
    if (response.result_int() != 0) {
      reason += " (HTTP " + std::to_string(response.result_int()) + ")";
    }
    co_return tl::unexpected(client_error(FailureKind::io, url, reason));
  }
  // The stream's own timeouts take over: pings after half the idle time,
  // failure after all of it.
  beast::get_lowest_layer(ws).expires_never();
  ws.set_option(websocket::stream_base::timeout{connection->options.handshake_timeout,
                                                connection->options.idle_timeout, true});
  ws.text(true);
  co_return std::make_unique<BeastWebSocket<Stream>>(std::move(connection));
}

net::awaitable<ClientResult<std::unique_ptr<WebSocket>>> open(Url url, WebSocketOptions options) {
  auto deadline = Clock::now() + options.handshake_timeout;
  auto socket = co_await connect_tcp(url, deadline);
  if (!socket) {
    co_return tl::unexpected(socket.error());
  }
  if (!url.tls) {
    using Plain = Connection<beast::tcp_stream>;
    auto connection = std::make_shared<Plain>(beast::tcp_stream(std::move(*socket)), std::move(url),
                                              std::move(options), nullptr);
    co_return co_await upgrade(std::move(connection), deadline);
  }
  auto context = make_client_tls_context(options.ca_file);
  if (!context) {
    co_return tl::unexpected(client_error(FailureKind::tls, url, context.error().to_string()));
  }
  using Tls = Connection<beast::ssl_stream<beast::tcp_stream>>;
  beast::ssl_stream<beast::tcp_stream> stream(std::move(*socket), **context);
  if (auto prepared = prepare_tls(stream, url); !prepared) {
    co_return tl::unexpected(prepared.error());
  }
  beast::get_lowest_layer(stream).expires_at(deadline);
  auto [ec] = co_await stream.async_handshake(net::ssl::stream_base::client, use_tuple);
  if (ec == beast::error::timeout) {
    co_return tl::unexpected(client_error(FailureKind::timeout, url, "timed out in the TLS handshake"));
  }
  if (ec) {
    co_return tl::unexpected(client_error(FailureKind::tls, url, "TLS handshake failed: " + tls_reason(ec)));
  }
  auto connection = std::make_shared<Tls>(std::move(stream), std::move(url), std::move(options), *context);
  co_return co_await upgrade(std::move(connection), deadline);
}

} // namespace

net::awaitable<ClientResult<std::unique_ptr<WebSocket>>> connect_websocket(std::string url,
                                                                           WebSocketOptions options) {
  auto parsed = parse_url(url);
  if (!parsed) {
    co_return tl::unexpected(ClientError{FailureKind::invalid_url, parsed.error()});
  }
  if (parsed->scheme != "ws" && parsed->scheme != "wss") {
    co_return tl::unexpected(
        ClientError{FailureKind::invalid_url, Error{parsed->authority(), "not a ws:// or wss:// URL"}});
  }
  auto executor = co_await net::this_coro::executor;
  auto strand = net::make_strand(executor);
  co_return co_await net::co_spawn(strand, open(std::move(*parsed), std::move(options)), net::use_awaitable);
}

} // namespace steward::http

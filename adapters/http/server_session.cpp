#include "adapters/http/server_session.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <variant>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <spdlog/spdlog.h>

#include "adapters/http/connect.hpp"

namespace steward::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using namespace net::experimental::awaitable_operators;
using boost::system::error_code;
using RequestParser = bhttp::request_parser<bhttp::string_body>;
using ReadOp = net::awaitable<std::tuple<error_code, std::size_t>>;

/// How long past a read deadline the stream itself gives up (a backstop: the
/// session's own timer answers 408 first).
constexpr auto k_backstop = std::chrono::seconds(1);
/// After an error answer, how long and how much unread input is discarded so
/// that closing does not reset the connection before the client reads it.
constexpr auto k_linger_time = std::chrono::seconds(2);
constexpr std::size_t k_linger_bytes = 64UL * 1024 * 1024;
constexpr std::size_t k_read_chunk = 16UL * 1024;

std::string remote_of(const net::ip::tcp::socket& socket) {
  error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  if (ec) {
    return "";
  }
  auto address = endpoint.address().to_string();
  if (endpoint.address().is_v6()) {
    address = "[" + address + "]";
  }
  return address + ":" + std::to_string(endpoint.port());
}

std::string path_of(std::string_view target) {
  return std::string(target.substr(0, target.find('?')));
}

/// The status the client is told after a failed read, if it is told anything.
std::optional<int> answer_for(const error_code& ec, bool got_some) {
  if (ec == bhttp::error::body_limit) {
    return 413;
  }
  if (ec == bhttp::error::header_limit) {
    return 431;
  }
  if (ec == beast::error::timeout) {
    return got_some ? std::optional<int>(408) : std::nullopt;
  }
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) {
    return std::nullopt; // the client went away
  }
  if (ec.category() == make_error_code(bhttp::error::bad_method).category()) {
    return 400;
  }
  return std::nullopt;
}

Request to_request(bhttp::request<bhttp::string_body>&& message, const std::string& remote) {
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  for (const auto& field : message) {
    request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(message.body());
  request.remote = remote;
  return request;
}

bool valid_field(std::string_view name, std::string_view value) {
  auto bad = [](std::string_view text) {
    return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
  };
  return !name.empty() && !bad(name) && name.find_first_of(" :") == std::string_view::npos && !bad(value);
}

bhttp::response<bhttp::string_body> to_message(Response&& response, bool keep_alive,
                                               const ServerOptions& options) {
  // 1xx are interim answers, not a handler's to give.
  int status = response.status >= 200 && response.status <= 599 ? response.status : 500;
  if (status == 204 || status == 304) {
    response.body.clear(); // these never carry a body
  }
  bhttp::response<bhttp::string_body> message{static_cast<bhttp::status>(status), 11};
  if (!options.server_header.empty()) {
    message.set(bhttp::field::server, options.server_header);
  }
  if (!response.content_type.empty()) {
    message.set(bhttp::field::content_type, response.content_type);
  }
  for (auto& [name, value] : response.headers) {
    if (valid_field(name, value)) {
      message.insert(name, value);
    } else {
      spdlog::warn("http: dropping an invalid response header '{}'", name);
    }
  }
  message.body() = std::move(response.body);
  message.keep_alive(keep_alive);
  message.prepare_payload();
  return message;
}

Response error_response(int status) {
  auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(status));
  return Response{status, "text/plain; charset=utf-8", std::string(reason) + "\n", {}};
}

template <typename Stream>
class Session {
public:
  Session(std::shared_ptr<ServerShared> shared, std::shared_ptr<Stream> stream, std::string remote)
      : m_shared(std::move(shared)), m_stream(std::move(stream)), m_remote(std::move(remote)),
        m_timer(m_stream->get_executor()) {}

  net::awaitable<void> run() {
    if (!co_await handshake()) {
      co_return;
    }
    bool linger = false;
    for (bool first = true; !m_shared->stopped(); first = false) {
      if (!first && m_buffer.size() == 0 && !co_await wait_for_request()) {
        break;
      }
      auto outcome = co_await serve_one();
      if (outcome != Next::keep_alive) {
        linger = outcome == Next::linger_close;
        break;
      }
    }
    co_await close(linger);
  }

private:
  enum class Next { keep_alive, close, linger_close };
  static constexpr bool k_tls = !std::is_same_v<Stream, beast::tcp_stream>;

  auto& lowest() { return beast::get_lowest_layer(*m_stream); }

  net::awaitable<bool> handshake() {
    if constexpr (k_tls) {
      lowest().expires_after(m_shared->options.read_timeout);
      auto [ec] = co_await m_stream->async_handshake(net::ssl::stream_base::server, use_tuple);
      if (ec) {
        spdlog::debug("http: TLS handshake with {} failed: {}", m_remote, tls_reason(ec));
        co_return false;
      }
    }
    co_return true;
  }

  /// Waits, under the idle timeout, for the first bytes of the next request.
  net::awaitable<bool> wait_for_request() {
    lowest().expires_after(m_shared->options.idle_timeout);
    auto [ec, read] = co_await m_stream->async_read_some(m_buffer.prepare(k_read_chunk), use_tuple);
    m_buffer.commit(read);
    co_return !ec;
  }

  /// Runs `op` (a read) until `deadline`; the error is `timeout` past it.
  net::awaitable<error_code> within(Clock::time_point deadline, ReadOp op) {
    lowest().expires_at(deadline + k_backstop);
    m_timer.expires_at(deadline);
    auto result = co_await (std::move(op) || m_timer.async_wait(use_tuple));
    if (result.index() == 1) {
      co_return make_error_code(beast::error::timeout);
    }
    co_return std::get<0>(std::get<0>(result));
  }

  net::awaitable<Next> serve_one() {
    auto start = Clock::now();
    auto deadline = start + m_shared->options.read_timeout;
    RequestParser parser;
    parser.header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(m_shared->options.header_limit, std::numeric_limits<std::uint32_t>::max())));
    parser.body_limit(m_shared->options.body_limit);

    auto ec = co_await within(deadline, bhttp::async_read_header(*m_stream, m_buffer, parser, use_tuple));
    if (!ec) {
      if (auto length = parser.content_length(); length && *length > m_shared->options.body_limit) {
        ec = bhttp::error::body_limit;
      } else if (expects_continue(parser.get())) {
        co_await send_continue();
      }
    }
    if (!ec) {
      ec = co_await within(deadline, bhttp::async_read(*m_stream, m_buffer, parser, use_tuple));
    }
    if (ec) {
      co_return co_await fail_read(ec, parser, start);
    }
    m_timer.cancel();

    auto message = parser.release();
    bool keep_alive = message.keep_alive();
    bool head = message.method() == bhttp::verb::head;
    std::string path = path_of(message.target());
    auto response = co_await call_handler(to_request(std::move(message), m_remote), path);
    if (m_shared->stopped()) {
      co_return Next::close; // stopping: the response is dropped
    }
    bool sent =
        co_await send(to_message(std::move(response), keep_alive, m_shared->options), head, path, start);
    if (!sent || !keep_alive) {
      co_return Next::close;
    }
    co_return Next::keep_alive;
  }

  static bool expects_continue(const bhttp::request<bhttp::string_body>& header) {
    auto expect = header[bhttp::field::expect];
    return header.version() >= 11 && beast::iequals(expect, "100-continue");
  }

  net::awaitable<void> send_continue() {
    bhttp::response<bhttp::empty_body> message{bhttp::status::continue_, 11};
    lowest().expires_after(m_shared->options.write_timeout);
    co_await bhttp::async_write(*m_stream, message, use_tuple);
  }

  /// Answers a failed read (400, 408, 413 or 431) when the client should be
  /// told, and says how to close.
  net::awaitable<Next> fail_read(const error_code& ec, RequestParser& parser, Clock::time_point start) {
    auto status = m_shared->stopped() ? std::nullopt : answer_for(ec, parser.got_some());
    if (!status) {
      co_return Next::close;
    }
    // The request line was readable when Beast stored the target.
    std::string path = path_of(parser.get().target());
    co_await send(to_message(error_response(*status), false, m_shared->options), false, path, start);
    co_return Next::linger_close;
  }

  net::awaitable<Response> call_handler(Request request, const std::string& path) {
    std::string method = request.method;
    try {
      co_return co_await m_shared->handler(std::move(request));
    } catch (const std::exception& e) {
      spdlog::error("http: handler for {} {} from {} failed: {}", method, path, m_remote, e.what());
    } catch (...) {
      spdlog::error("http: handler for {} {} from {} failed with an unknown exception", method, path,
                    m_remote);
    }
    co_return error_response(500);
  }

  /// Writes `message` (only its header for HEAD) and reports it to the observer.
  net::awaitable<bool> send(bhttp::response<bhttp::string_body> message, bool head, std::string_view path,
                            Clock::time_point start) {
    lowest().expires_after(m_shared->options.write_timeout);
    error_code ec;
    if (head) {
      bhttp::response_serializer<bhttp::string_body> serializer(message);
      std::tie(ec, std::ignore) = co_await bhttp::async_write_header(*m_stream, serializer, use_tuple);
    } else {
      std::tie(ec, std::ignore) = co_await bhttp::async_write(*m_stream, message, use_tuple);
    }
    if (ec) {
      spdlog::debug("http: writing to {} failed: {}", m_remote, ec.message());
      co_return false;
    }
    if (m_shared->observer && !m_shared->stopped()) {
      m_shared->observer(path, static_cast<int>(message.result_int()), Clock::now() - start);
    }
    co_return true;
  }

  /// Ends the connection: TLS close_notify, or a TCP half-close and, after an
  /// error answer, a short drain of what the client still sends.
  net::awaitable<void> close(bool linger) {
    error_code ec;
    if constexpr (k_tls) {
      lowest().expires_after(
          std::min<std::chrono::milliseconds>(m_shared->options.write_timeout, k_linger_time));
      // Its error is ignored. Beast's words: `net::ssl::error::stream_truncated`,
      // also known as an SSL "short read", indicates the peer closed the
      // connection without performing the required closing handshake. Generally
      // this can be a security issue, but if your communication protocol is
      // self-terminated (as it is with both HTTP and WebSocket) then you can
      // simply ignore it.
      co_await m_stream->async_shutdown(use_tuple);
    } else {
      lowest().socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
      if (linger && !ec) {
        co_await drain();
      }
    }
    lowest().close();
  }

  net::awaitable<void> drain() {
    lowest().expires_after(k_linger_time);
    std::array<char, k_read_chunk> scratch{};
    for (std::size_t total = 0; total < k_linger_bytes;) {
      auto [ec, read] = co_await lowest().async_read_some(net::buffer(scratch), use_tuple);
      if (ec) {
        break;
      }
      total += read;
    }
  }

  std::shared_ptr<ServerShared> m_shared;
  std::shared_ptr<Stream> m_stream;
  std::string m_remote;
  beast::flat_buffer m_buffer;
  net::steady_timer m_timer;
};

/// Registers a closer for `stream` with the server and removes it, and the
/// connection's slot, when the session ends.
template <typename Stream>
class Registration {
public:
  Registration(std::shared_ptr<ServerShared> shared, const std::shared_ptr<Stream>& stream)
      : m_shared(std::move(shared)) {
    std::weak_ptr<Stream> weak = stream;
    auto executor = stream->get_executor();
    m_id = m_shared->add_closer([weak, executor] {
      net::post(executor, [weak] {
        if (auto alive = weak.lock()) {
          beast::get_lowest_layer(*alive).close();
        }
      });
    });
  }
  Registration(const Registration&) = delete;
  Registration& operator=(const Registration&) = delete;
  Registration(Registration&&) = delete;
  Registration& operator=(Registration&&) = delete;
  ~Registration() {
    m_shared->remove_closer(m_id);
    m_shared->release_connection();
  }

private:
  std::shared_ptr<ServerShared> m_shared;
  std::uint64_t m_id = 0;
};

template <typename Stream>
net::awaitable<void> serve(std::shared_ptr<ServerShared> shared, std::shared_ptr<Stream> stream) {
  Registration<Stream> registration(shared, stream);
  Session<Stream> session(shared, stream, remote_of(beast::get_lowest_layer(*stream).socket()));
  co_await session.run();
}

} // namespace

net::awaitable<void> serve_connection(std::shared_ptr<ServerShared> shared, net::ip::tcp::socket socket) {
  if (shared->tls) {
    using TlsStream = beast::ssl_stream<beast::tcp_stream>;
    co_await serve(shared, std::make_shared<TlsStream>(std::move(socket), *shared->tls));
  } else {
    co_await serve(shared, std::make_shared<beast::tcp_stream>(std::move(socket)));
  }
}

} // namespace steward::http

#include "adapters/http/client_connection.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include <boost/asio/ssl/error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace steward::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

constexpr std::size_t k_response_header_limit = 64UL * 1024;

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return c > 32 && c < 127 &&
           std::string_view("()<>@,;:\\\"/[]?={}").find(static_cast<char>(c)) == std::string_view::npos;
  });
}

bool is_field_value(std::string_view text) {
  return text.find_first_of("\r\n") == std::string_view::npos && text.find('\0') == std::string_view::npos;
}

/// The request as Beast sends it (`check_request` has passed).
bhttp::request<bhttp::string_body> build_request(const ClientRequest& request, const Url& url,
                                                 const ClientOptions& options) {
  bhttp::request<bhttp::string_body> message;
  auto verb = bhttp::string_to_verb(request.method);
  if (verb == bhttp::verb::unknown) {
    message.method_string(request.method);
  } else {
    message.method(verb);
  }
  message.target(url.target);
  message.version(11);
  message.set(bhttp::field::host, url.authority());
  message.set(bhttp::field::user_agent, options.user_agent);
  for (const auto& [name, value] : request.headers) {
    // The caller's Host or User-Agent replaces the default; others add up.
    auto field = bhttp::string_to_field(name);
    if (field == bhttp::field::host || field == bhttp::field::user_agent) {
      message.set(field, value);
    } else {
      message.insert(name, value);
    }
  }
  message.body() = request.body;
  message.prepare_payload();
  return message;
}

ClientResponse to_response(bhttp::response<bhttp::string_body>&& message) {
  ClientResponse response;
  response.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  response.body = std::move(message.body());
  return response;
}

/// Maps a failed read or write to a failure kind and words.
ClientError exchange_error(const boost::system::error_code& ec, const Url& url, std::string_view phase) {
  std::string what(phase);
  if (ec == beast::error::timeout) {
    return client_error(FailureKind::timeout, url, "timed out " + what);
  }
  if (ec == bhttp::error::body_limit || ec == bhttp::error::header_limit) {
    return client_error(FailureKind::too_large, url, "response too large");
  }
  if (ec.category() == make_error_code(bhttp::error::bad_version).category()) {
    return client_error(FailureKind::io, url, "malformed response: " + ec.message());
  }
  return client_error(FailureKind::io, url, "connection failed " + what + ": " + ec.message());
}

template <typename Stream>
class StreamConnection final : public Connection {
public:
  explicit StreamConnection(Stream stream)
      : m_stream(std::move(stream)), m_executor(m_stream.get_executor()) {}

  net::any_io_executor executor() const override { return m_executor; }

  net::awaitable<Exchange> exchange(const ClientRequest& request, const Url& url, Clock::time_point deadline,
                                    const ClientOptions& options) override {
    if (auto checked = check_request(request, url); !checked) {
      co_return Exchange{tl::unexpected(ClientError{FailureKind::invalid_url, checked.error()}), true, false};
    }
    auto message = build_request(request, url, options);
    auto& layer = beast::get_lowest_layer(m_stream);
    layer.expires_at(deadline);
    auto [write_ec, written] = co_await bhttp::async_write(m_stream, message, use_tuple);
    if (write_ec) {
      co_return Exchange{tl::unexpected(exchange_error(write_ec, url, "sending the request")), true, false};
    }

    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(options.max_body);
    parser.header_limit(k_response_header_limit);
    parser.skip(message.method() == bhttp::verb::head);
    layer.expires_at(deadline);
    auto [read_ec, read] = co_await bhttp::async_read(m_stream, m_buffer, parser, use_tuple);
    if (read_ec) {
      bool nothing = !parser.got_some() && m_buffer.size() == 0;
      co_return Exchange{tl::unexpected(exchange_error(read_ec, url, "waiting for the response")), nothing,
                         false};
    }
    layer.expires_never();
    auto response = parser.release();
    bool reusable = response.keep_alive() && !response.need_eof() && m_buffer.size() == 0;
    co_return Exchange{to_response(std::move(response)), false, reusable};
  }

private:
  Stream m_stream;
  net::any_io_executor m_executor;
  beast::flat_buffer m_buffer;
};

} // namespace

Result<void> check_request(const ClientRequest& request, const Url& url) {
  if (!is_token(request.method)) {
    return fail(url.authority(), "invalid method '" + request.method + "'");
  }
  for (const auto& [name, value] : request.headers) {
    if (!is_token(name) || !is_field_value(value)) {
      return fail(url.authority(), "invalid header '" + name + "'");
    }
  }
  return {};
}

net::awaitable<ClientResult<std::unique_ptr<Connection>>>
open_connection(const Url& url, net::ssl::context* tls, Clock::time_point connect_deadline) {
  auto socket = co_await connect_tcp(url, connect_deadline);
  if (!socket) {
    co_return tl::unexpected(socket.error());
  }
  if (!url.tls) {
    co_return std::make_unique<StreamConnection<beast::tcp_stream>>(beast::tcp_stream(std::move(*socket)));
  }
  if (tls == nullptr) {
    co_return tl::unexpected(client_error(FailureKind::tls, url, "no TLS context"));
  }
  beast::ssl_stream<beast::tcp_stream> stream(std::move(*socket), *tls);
  if (auto prepared = prepare_tls(stream, url); !prepared) {
    co_return tl::unexpected(prepared.error());
  }
  beast::get_lowest_layer(stream).expires_at(connect_deadline);
  auto [ec] = co_await stream.async_handshake(net::ssl::stream_base::client, use_tuple);
  if (ec == beast::error::timeout) {
    co_return tl::unexpected(client_error(FailureKind::timeout, url, "timed out in the TLS handshake"));
  }
  if (ec) {
    co_return tl::unexpected(client_error(FailureKind::tls, url, "TLS handshake failed: " + tls_reason(ec)));
  }
  co_return std::make_unique<StreamConnection<beast::ssl_stream<beast::tcp_stream>>>(std::move(stream));
}

} // namespace steward::http

#include "tests/support/http_call.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "adapters/slack/signature.hpp"

namespace steward::testing {

namespace beast = boost::beast;
namespace net = boost::asio;

std::string HttpReply::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (beast::iequals(key, name)) {
      return value;
    }
  }
  return {};
}

HttpReply http_call(unsigned short port, const HttpCall& call) {
  HttpReply reply;
  const auto started = std::chrono::steady_clock::now();
  net::io_context io;
  beast::tcp_stream stream(io);
  beast::http::request<beast::http::string_body> request{beast::http::string_to_verb(call.method),
                                                         call.target, 11};
  request.set(beast::http::field::host, "127.0.0.1");
  for (const auto& [name, value] : call.headers) {
    request.set(name, value);
  }
  request.body() = call.body;
  request.prepare_payload();
  beast::flat_buffer buffer;
  beast::http::response_parser<beast::http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  beast::error_code failure;
  stream.expires_after(call.timeout);
  stream.async_connect(
      net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), [&](beast::error_code ec) {
        if (ec) {
          failure = ec;
          return;
        }
        beast::http::async_write(stream, request, [&](beast::error_code wec, std::size_t) {
          if (wec) {
            failure = wec;
            return;
          }
          beast::http::async_read(stream, buffer, parser,
                                  [&](beast::error_code rec, std::size_t) { failure = rec; });
        });
      });
  io.run();
  reply.elapsed =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
  if (failure) {
    reply.error = failure.message();
    return reply;
  }
  const auto& response = parser.get();
  reply.status = static_cast<int>(response.result_int());
  for (const auto& field : response) {
    reply.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  reply.body = response.body();
  return reply;
}

HttpCall slack_request(const std::string& secret, std::string body, std::string content_type,
                       long long timestamp) {
  if (timestamp == 0) {
    timestamp =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
  }
  HttpCall call;
  const std::string ts = std::to_string(timestamp);
  call.headers = {{"Content-Type", std::move(content_type)},
                  {"X-Slack-Request-Timestamp", ts},
                  {"X-Slack-Signature", slack::sign(secret, ts, body)}};
  call.body = std::move(body);
  return call;
}

} // namespace steward::testing

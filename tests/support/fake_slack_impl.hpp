#pragma once

// Private to the fake Slack (fake_slack*.cpp): its state and the pieces of
// its server. Everything network-side runs on `ioc`'s one thread; the state
// under `mutex` is shared with the test thread.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "tests/support/fake_slack.hpp"

namespace steward::testing {

namespace fake_slack {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

/// One scripted answer for the next call of a method.
struct Script {
  enum class Kind { rate_limit, fail, error, delay };
  Kind kind = Kind::error;
  int number = 0; ///< Retry-After seconds, or the HTTP status
  std::string code;
  std::chrono::milliseconds delay{0};
};

/// An accepted Socket Mode WebSocket. Touched only on the io thread, except
/// that the shared_ptr itself is listed under `Impl::mutex`.
struct SocketConnection {
  explicit SocketConnection(beast::tcp_stream stream) : ws(std::move(stream)) {}
  beast::websocket::stream<beast::tcp_stream> ws;
  std::deque<std::string> outbox;
  bool writing = false;
  bool retiring =
      false; ///< sent a disconnect: like Slack, send no more envelopes on it (guarded by Impl::mutex)
};

/// Completion handler for the fake's coroutines: a failure is printed to
/// stderr, never silently dropped.
void report(const char* what, const std::exception_ptr& error);

/// A JSON response with status 200.
HttpResponse json_response(const nlohmann::json& body, unsigned version);

/// A message as `conversations.replies` and `chat.postMessage` show it.
nlohmann::json message_json(const StoredMessage& message, bool has_replies);

} // namespace fake_slack

struct FakeSlack::Impl {
  Impl();
  ~Impl();
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  // --- Network (io thread)
  fake_slack::net::awaitable<void> accept_loop();
  fake_slack::net::awaitable<void> serve(fake_slack::net::ip::tcp::socket socket);
  fake_slack::net::awaitable<fake_slack::HttpResponse> handle(const fake_slack::HttpRequest& request);
  fake_slack::net::awaitable<void> wait_while_held(const std::string& method);
  fake_slack::net::awaitable<void> serve_socket(fake_slack::beast::tcp_stream stream,
                                                fake_slack::HttpRequest request);
  void queue_frame(const std::shared_ptr<fake_slack::SocketConnection>& connection, std::string text);
  fake_slack::net::awaitable<void> write_frames(std::shared_ptr<fake_slack::SocketConnection> connection);

  // --- Web API (any thread; `call_method` and `next_script` take `mutex`,
  // the helpers below them expect it held)
  nlohmann::json call_method(const std::string& method, const std::string& token, const nlohmann::json& args);
  nlohmann::json post_message(const nlohmann::json& args);
  nlohmann::json update_message(const nlohmann::json& args);
  nlohmann::json replies(const nlohmann::json& args);
  void add_script(std::string method, fake_slack::Script script);
  std::optional<fake_slack::Script> next_script(const std::string& method);
  /// A fresh, increasing `ts`; the caller holds `mutex`.
  std::string next_ts();

  /// Sends `text` on the oldest connection not sent a disconnect; with `retire` it is the last frame sent
  /// there.
  bool send_on_oldest(std::string text, bool retire = false);

  // Declared first so it is destroyed last: coroutine frames still queued on
  // it are destroyed with it and may own sockets and timers.
  fake_slack::net::io_context ioc;
  fake_slack::net::ip::tcp::acceptor acceptor;
  unsigned short port = 0;

  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  std::vector<RecordedCall> calls;
  std::map<std::string, std::deque<fake_slack::Script>, std::less<>> scripts;
  std::set<std::string, std::less<>> held;
  std::map<std::string, std::vector<std::shared_ptr<fake_slack::net::steady_timer>>, std::less<>>
      held_waiters;
  std::vector<StoredMessage> messages;
  std::uint64_t ts_counter = 0;
  int links = 0;
  int files = 0;
  int views = 0;
  std::map<std::string, std::string, std::less<>> emails;                   ///< email → user id
  std::map<std::string, std::vector<std::string>, std::less<>> user_groups; ///< group → members
  std::vector<nlohmann::json> acks;
  std::vector<std::shared_ptr<fake_slack::SocketConnection>> sockets; ///< open, oldest first
  int socket_connects = 0;

  std::thread thread; ///< last: started once everything above exists
};

} // namespace steward::testing

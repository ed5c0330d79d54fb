// The fake Slack's Socket Mode server (reference slack-teams.md §4): accept
// the upgrade, send `hello`, record ack frames, and send envelopes and
// disconnects on request. Beast answers the client's pings while a read is
// pending. One writer per connection drains its outbox.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include "tests/support/fake_slack_impl.hpp"

namespace steward::testing {

using namespace fake_slack;
namespace websocket = beast::websocket;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

nlohmann::json hello_frame(int connections) {
  return {{"type", "hello"},
          {"num_connections", connections},
          {"debug_info",
           {{"host", "fake-slack-applink"}, {"build_number", 1}, {"approximate_connection_time", 18060}}},
          {"connection_info", {{"app_id", "A0APP"}}}};
}

} // namespace

net::awaitable<void> FakeSlack::Impl::serve_socket(beast::tcp_stream stream, HttpRequest request) {
  auto connection = std::make_shared<SocketConnection>(std::move(stream));
  websocket::stream<beast::tcp_stream>& ws = connection->ws;
  ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  auto [accept_error] = co_await ws.async_accept(request, use_tuple);
  if (accept_error) {
    co_return;
  }
  int open = 0;
  {
    const std::lock_guard lock(mutex);
    ++socket_connects;
    open = static_cast<int>(sockets.size()) + 1;
  }
  // `hello` goes out before the connection is listed, so nothing else can
  // be written on it first.
  connection->writing = true;
  auto [hello_error, hello_size] = co_await ws.async_write(net::buffer(hello_frame(open).dump()), use_tuple);
  connection->writing = false;
  if (hello_error) {
    co_return;
  }
  {
    const std::lock_guard lock(mutex);
    sockets.push_back(connection);
  }
  changed.notify_all();
  if (!connection->outbox.empty()) {
    net::co_spawn(ioc, write_frames(connection),
                  [](const std::exception_ptr& e) { report("socket writer", e); });
  }

  beast::flat_buffer buffer;
  for (;;) {
    auto [read_error, size] = co_await ws.async_read(buffer, use_tuple);
    if (read_error) {
      break;
    }
    const std::string text = beast::buffers_to_string(buffer.data());
    buffer.consume(buffer.size());
    nlohmann::json frame = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (frame.is_object() && frame.contains("envelope_id")) {
      {
        const std::lock_guard lock(mutex);
        acks.push_back(std::move(frame));
      }
      changed.notify_all();
    }
  }
  {
    const std::lock_guard lock(mutex);
    std::erase(sockets, connection);
  }
  changed.notify_all();
}

bool FakeSlack::Impl::send_on_oldest(std::string text, bool retire) {
  std::shared_ptr<SocketConnection> oldest;
  {
    const std::lock_guard lock(mutex);
    for (const auto& socket : sockets) {
      if (!socket->retiring) {
        oldest = socket;
        break;
      }
    }
    if (!oldest) {
      return false;
    }
    oldest->retiring = retire;
  }
  net::post(ioc, [this, oldest, text = std::move(text)]() mutable { queue_frame(oldest, std::move(text)); });
  return true;
}

void FakeSlack::Impl::queue_frame(const std::shared_ptr<SocketConnection>& connection, std::string text) {
  connection->outbox.push_back(std::move(text));
  if (!connection->writing) {
    connection->writing = true;
    net::co_spawn(ioc, write_frames(connection),
                  [](const std::exception_ptr& e) { report("socket writer", e); });
  }
}

net::awaitable<void> FakeSlack::Impl::write_frames(std::shared_ptr<SocketConnection> connection) {
  connection->writing = true;
  while (!connection->outbox.empty()) {
    const std::string text = std::move(connection->outbox.front());
    connection->outbox.pop_front();
    auto [error, size] = co_await connection->ws.async_write(net::buffer(text), use_tuple);
    if (error) {
      connection->outbox.clear();
      break;
    }
  }
  connection->writing = false;
}

} // namespace steward::testing

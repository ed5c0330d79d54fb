// The WebSocket client against real loopback WebSocket peers (Beast servers
// scripted per test): messages round-trip, concurrent writes all arrive,
// keepalive pings hold a quiet connection open, a silent peer times out, and
// closes, oversized messages and failed handshakes have the right kinds.
#include <atomic>
#include <future>
#include <mutex>
#include <set>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <gtest/gtest.h>

#include "adapters/http/server.hpp"
#include "adapters/http/websocket.hpp"
#include "tests/support/net_harness.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_certs.hpp"

namespace steward::http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using namespace std::chrono_literals;
using net::ip::tcp;
using testing::IoThread;

enum class Behaviour {
  echo,        ///< echoes every message (and so answers pings)
  silent,      ///< never reads after the handshake, so never answers pings
  close_4000,  ///< closes with 4000 "bye" right after the handshake
  big_message, ///< sends 4096 bytes, then echoes
};

/// A WebSocket server on 127.0.0.1 that behaves as told, over TLS when
/// `tls` is set; it records what it received.
class WsPeer {
public:
  explicit WsPeer(Behaviour behaviour, const testing::TestCertificates* tls = nullptr)
      : m_behaviour(behaviour) {
    if (tls != nullptr) {
      m_tls.emplace(net::ssl::context::tls_server);
      m_tls->use_certificate_chain_file(tls->chain.string());
      m_tls->use_private_key_file(tls->key.string(), net::ssl::context::pem);
    }
    net::co_spawn(m_io.io(), accept_loop(), [](const std::exception_ptr&) {});
  }
  WsPeer(const WsPeer&) = delete;
  WsPeer& operator=(const WsPeer&) = delete;
  WsPeer(WsPeer&&) = delete;
  WsPeer& operator=(WsPeer&&) = delete;
  ~WsPeer() { m_io.stop(); }

  [[nodiscard]] unsigned short port() const { return m_acceptor.local_endpoint().port(); }
  std::string url(std::string_view scheme = "ws") const {
    return std::string(scheme) + "://127.0.0.1:" + std::to_string(port()) + "/link?n=1";
  }
  std::vector<std::string> received() {
    std::lock_guard lock(m_mutex);
    return m_received;
  }
  int close_code() const { return m_close_code.load(); }

private:
  net::awaitable<void> accept_loop() {
    for (;;) {
      auto socket = co_await m_acceptor.async_accept(net::use_awaitable);
      if (m_tls) {
        websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws(std::move(socket), *m_tls);
        auto [ec] = co_await ws.next_layer().async_handshake(net::ssl::stream_base::server,
                                                             net::as_tuple(net::use_awaitable));
        if (ec) {
          continue; // a client that does not trust the test CA
        }
        net::co_spawn(m_io.io(), session(std::move(ws)), [](const std::exception_ptr&) {});
      } else {
        websocket::stream<beast::tcp_stream> ws(std::move(socket));
        net::co_spawn(m_io.io(), session(std::move(ws)), [](const std::exception_ptr&) {});
      }
    }
  }

  template <typename Stream>
  net::awaitable<void> session(Stream ws) {
    co_await ws.async_accept(net::use_awaitable);
    if (m_behaviour == Behaviour::silent) {
      net::steady_timer hold(co_await net::this_coro::executor, 5s);
      co_await hold.async_wait(net::as_tuple(net::use_awaitable));
      co_return;
    }
    if (m_behaviour == Behaviour::close_4000) {
      co_await ws.async_close(websocket::close_reason(static_cast<websocket::close_code>(4000), "bye"),
                              net::use_awaitable);
      co_return;
    }
    if (m_behaviour == Behaviour::big_message) {
      co_await ws.async_write(net::buffer(std::string(4096, 'm')), net::use_awaitable);
    }
    for (;;) {
      beast::flat_buffer buffer;
      auto [ec, read] = co_await ws.async_read(buffer, net::as_tuple(net::use_awaitable));
      if (ec) {
        m_close_code = ws.reason().code;
        co_return;
      }
      {
        std::lock_guard lock(m_mutex);
        m_received.push_back(beast::buffers_to_string(buffer.data()));
      }
      ws.text(true);
      co_await ws.async_write(buffer.data(), net::use_awaitable);
    }
  }

  IoThread m_io;
  tcp::acceptor m_acceptor{m_io.io(), {net::ip::make_address("127.0.0.1"), 0}};
  Behaviour m_behaviour;
  std::optional<net::ssl::context> m_tls;
  std::mutex m_mutex;
  std::vector<std::string> m_received;
  std::atomic<int> m_close_code{0};
};

std::unique_ptr<WebSocket> connect(IoThread& io, const std::string& url, WebSocketOptions options = {}) {
  auto connected = io.await(connect_websocket(url, std::move(options)));
  if (!connected) {
    throw std::runtime_error(connected.error().error.to_string());
  }
  return std::move(*connected);
}

TEST(WebSocket, MessagesRoundTripAndCloseIsClean) {
  WsPeer peer(Behaviour::echo);
  IoThread io;
  auto ws = connect(io, peer.url());
  ASSERT_TRUE(io.await(ws->write(R"({"envelope_id":"1"})")));
  auto echoed = io.await(ws->read());
  ASSERT_TRUE(echoed) << echoed.error().error.to_string();
  EXPECT_EQ(*echoed, R"({"envelope_id":"1"})");
  io.await(ws->close(1000));
  EXPECT_TRUE(testing::wait_until([&] { return peer.close_code() == 1000; }, 2s)) << peer.close_code();
  EXPECT_FALSE(io.await(ws->write("after close")));
  io.await(ws->close(1000)); // a second close is harmless
}

TEST(WebSocket, ConcurrentWritesAllArriveWhole) {
  WsPeer peer(Behaviour::echo);
  IoThread io(3);
  auto ws = connect(io, peer.url());
  std::vector<std::future<ClientResult<void>>> writes;
  std::set<std::string> expected;
  for (int i = 0; i < 50; ++i) {
    std::string message =
        "message-" + std::to_string(i) + "-" + std::string(static_cast<std::size_t>(i) * 97, 'x');
    expected.insert(message);
    writes.push_back(net::co_spawn(io.io(), ws->write(message), net::use_future));
  }
  for (auto& write : writes) {
    ASSERT_EQ(write.wait_for(5s), std::future_status::ready);
    EXPECT_TRUE(write.get());
  }
  std::set<std::string> echoed;
  for (int i = 0; i < 50; ++i) {
    auto message = io.await(ws->read());
    ASSERT_TRUE(message) << message.error().error.to_string();
    echoed.insert(*message);
  }
  EXPECT_EQ(echoed, expected);
  auto received = peer.received();
  EXPECT_EQ(std::set<std::string>(received.begin(), received.end()), expected);
}

TEST(WebSocket, PingsKeepAQuietButLivePeerConnected) {
  WsPeer peer(Behaviour::echo);
  IoThread io;
  auto ws = connect(io, peer.url(),
                    testing::with<WebSocketOptions>([&](WebSocketOptions& v) { v.idle_timeout = 300ms; }));
  auto reading = net::co_spawn(io.io(), ws->read(), net::use_future);
  std::this_thread::sleep_for(1s); // more than three idle timeouts without a message
  ASSERT_EQ(reading.wait_for(0s), std::future_status::timeout)
      << "the read ended while the peer answered pings";
  ASSERT_TRUE(io.await(ws->write("still here")));
  ASSERT_EQ(reading.wait_for(2s), std::future_status::ready);
  auto message = reading.get();
  ASSERT_TRUE(message) << message.error().error.to_string();
  EXPECT_EQ(*message, "still here");
}

TEST(WebSocket, ASilentPeerTimesOut) {
  WsPeer peer(Behaviour::silent);
  IoThread io;
  auto ws = connect(io, peer.url(),
                    testing::with<WebSocketOptions>([&](WebSocketOptions& v) { v.idle_timeout = 300ms; }));
  auto start = std::chrono::steady_clock::now();
  auto message = io.await(ws->read(), 3s);
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(message);
  EXPECT_EQ(message.error().kind, FailureKind::timeout);
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 1500ms);
}

TEST(WebSocket, APeerCloseIsAnIoFailureCarryingItsCode) {
  WsPeer peer(Behaviour::close_4000);
  IoThread io;
  auto ws = connect(io, peer.url());
  auto message = io.await(ws->read());
  ASSERT_FALSE(message);
  EXPECT_EQ(message.error().kind, FailureKind::io);
  EXPECT_NE(message.error().error.reason.find("4000"), std::string::npos) << message.error().error.reason;
}

TEST(WebSocket, MessagesOverTheLimitAreTooLarge) {
  WsPeer peer(Behaviour::big_message);
  IoThread io;
  auto ws = connect(io, peer.url(),
                    testing::with<WebSocketOptions>([&](WebSocketOptions& v) { v.max_message = 1024; }));
  auto message = io.await(ws->read());
  ASSERT_FALSE(message);
  EXPECT_EQ(message.error().kind, FailureKind::too_large);
}

TEST(WebSocket, FailedHandshakesHaveTheirKinds) {
  IoThread io;
  auto not_ws = io.await(connect_websocket("http://127.0.0.1:1/"));
  ASSERT_FALSE(not_ws);
  EXPECT_EQ(not_ws.error().kind, FailureKind::invalid_url);

  auto server = start_server(
      io.executor(), testing::with<ServerOptions>([&](ServerOptions& v) { v.listen = "127.0.0.1:0"; }),
      [](Request) -> net::awaitable<Response> {
        co_return Response{404, "", "", {}};
      });
  ASSERT_TRUE(server);
  auto declined = io.await(connect_websocket("ws://127.0.0.1:" + std::to_string((*server)->port()) + "/"));
  ASSERT_FALSE(declined);
  EXPECT_EQ(declined.error().kind, FailureKind::io);
  EXPECT_NE(declined.error().error.reason.find("404"), std::string::npos) << declined.error().error.reason;

  tcp::acceptor silent(io.io(), {net::ip::make_address("127.0.0.1"), 0});
  auto start = std::chrono::steady_clock::now();
  auto timed_out = io.await(connect_websocket(
      "ws://127.0.0.1:" + std::to_string(silent.local_endpoint().port()),
      testing::with<WebSocketOptions>([&](WebSocketOptions& v) { v.handshake_timeout = 200ms; })));
  ASSERT_FALSE(timed_out);
  EXPECT_EQ(timed_out.error().kind, FailureKind::timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST(WebSocket, WssVerifiesTheServerCertificate) {
  testing::TempDir dir;
  auto certs = testing::make_test_certificates(dir.path());
  WsPeer peer(Behaviour::echo, &certs);
  IoThread io;
  auto ws =
      connect(io, peer.url("wss"),
              testing::with<WebSocketOptions>([&](WebSocketOptions& v) { v.ca_file = certs.ca.string(); }));
  ASSERT_TRUE(io.await(ws->write("over tls")));
  auto message = io.await(ws->read());
  ASSERT_TRUE(message);
  EXPECT_EQ(*message, "over tls");
  io.await(ws->close());

  auto untrusted = io.await(connect_websocket(peer.url("wss")));
  ASSERT_FALSE(untrusted);
  EXPECT_EQ(untrusted.error().kind, FailureKind::tls);
}

} // namespace
} // namespace steward::http

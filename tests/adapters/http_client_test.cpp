// The HTTP client against real loopback servers (Steward's own server and
// scripted raw peers): requests and responses go through intact, kept-alive
// connections are reused and retried once when stale, and every failure has
// the right kind.
#include <atomic>
#include <future>
#include <mutex>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

#include "adapters/http/client.hpp"
#include "adapters/http/server.hpp"
#include "tests/support/net_harness.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_certs.hpp"

namespace steward::http {
namespace {

namespace net = boost::asio;
using namespace std::chrono_literals;
using net::ip::tcp;
using testing::IoThread;

/// Answers with the request echoed: body `METHOD target body`, the peer in
/// `X-Remote`, the request's headers as `X-Echo-<name>`; "/status/N" answers
/// N and "/big" 5000 bytes.
Response echo(const Request& request) {
  Response response{200,
                    "text/plain",
                    request.method + " " + request.target + " " + request.body,
                    {{"X-Remote", request.remote}}};
  for (const auto& [name, value] : request.headers) {
    response.headers.emplace_back("X-Echo-" + name, value);
  }
  if (request.path().starts_with("/status/")) {
    response.status = std::stoi(std::string(request.path().substr(8)));
    response.headers.emplace_back("Location", "/elsewhere");
  }
  if (request.path() == "/big") {
    response.body = std::string(5000, 'b');
  }
  return response;
}

std::unique_ptr<Server> start_echo(IoThread& io, ServerOptions options = {}) {
  if (options.listen == ServerOptions{}.listen) {
    options.listen = "127.0.0.1:0";
  }
  auto started = start_server(io.executor(), std::move(options),
                              [](Request request) -> net::awaitable<Response> { co_return echo(request); });
  if (!started) {
    throw std::runtime_error(started.error().to_string());
  }
  return std::move(*started);
}

std::string url(const Server& server, std::string_view path, std::string_view scheme = "http",
                std::string_view host = "127.0.0.1") {
  return std::string(scheme) + "://" + std::string(host) + ":" + std::to_string(server.port()) +
         std::string(path);
}

ClientResult<ClientResponse> send(IoThread& io, Client& client, ClientRequest request) {
  return io.await(client.send(std::move(request)));
}

ClientResult<ClientResponse> get(IoThread& io, Client& client, std::string target) {
  return send(io, client, testing::with<ClientRequest>([&](ClientRequest& v) {
                v.method = "GET";
                v.url = std::move(target);
              }));
}

/// A raw peer: reads each request's headers and answers `reply` verbatim,
/// then closes the connection.
class ScriptedPeer {
public:
  explicit ScriptedPeer(std::string reply) : m_reply(std::move(reply)) {
    net::co_spawn(m_io.io(), accept_loop(), [](const std::exception_ptr&) {});
  }
  ScriptedPeer(const ScriptedPeer&) = delete;
  ScriptedPeer& operator=(const ScriptedPeer&) = delete;
  ScriptedPeer(ScriptedPeer&&) = delete;
  ScriptedPeer& operator=(ScriptedPeer&&) = delete;
  ~ScriptedPeer() { m_io.stop(); }

  [[nodiscard]] unsigned short port() const { return m_acceptor.local_endpoint().port(); }

private:
  net::awaitable<void> accept_loop() {
    for (;;) {
      auto socket = co_await m_acceptor.async_accept(net::use_awaitable);
      std::string request;
      co_await net::async_read_until(socket, net::dynamic_buffer(request), "\r\n\r\n", net::use_awaitable);
      co_await net::async_write(socket, net::buffer(m_reply), net::use_awaitable);
      socket.close();
    }
  }

  IoThread m_io;
  tcp::acceptor m_acceptor{m_io.io(), {net::ip::make_address("127.0.0.1"), 0}};
  std::string m_reply;
};

TEST(HttpClient, SendsTheRequestAndReadsTheResponse) {
  IoThread io;
  auto server = start_echo(io);
  auto client = make_client(io.executor());
  auto response = send(io, *client, testing::with<ClientRequest>([&](ClientRequest& v) {
                         v.url = url(*server, "/api/chat.postMessage?x=1#frag");
                         v.headers = {{"Authorization", "Bearer xoxb-test"}, {"X-Two", "2"}};
                         v.body = R"({"text":"hi"})";
                       }));
  ASSERT_TRUE(response) << response.error().error.to_string();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"(POST /api/chat.postMessage?x=1 {"text":"hi"})");
  EXPECT_EQ(response->header("x-echo-authorization"), "Bearer xoxb-test");
  EXPECT_EQ(response->header("X-Echo-X-Two"), "2");
  EXPECT_EQ(response->header("X-Echo-Host"), "127.0.0.1:" + std::to_string(server->port()));
  EXPECT_EQ(response->header("X-Echo-User-Agent"), "steward/0.1");
  EXPECT_EQ(response->header("X-Echo-Content-Length"), "13");
  EXPECT_EQ(response->header("Content-Type"), "text/plain");
}

TEST(HttpClient, NonSuccessStatusesAreResponsesAndRedirectsAreNotFollowed) {
  IoThread io;
  auto server = start_echo(io);
  auto client = make_client(io.executor());
  for (int status : {302, 404, 429, 503}) {
    auto response = get(io, *client, url(*server, "/status/" + std::to_string(status)));
    ASSERT_TRUE(response) << status;
    EXPECT_EQ(response->status, status);
  }
}

TEST(HttpClient, KeptAliveConnectionsAreReused) {
  IoThread io;
  auto server = start_echo(io);
  auto client = make_client(io.executor());
  auto first = get(io, *client, url(*server, "/1"));
  auto second = get(io, *client, url(*server, "/2"));
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->header("X-Remote"), second->header("X-Remote"));

  auto no_pool = make_client(
      io.executor(), testing::with<ClientOptions>([&](ClientOptions& v) { v.max_idle_per_host = 0; }));
  auto third = get(io, *no_pool, url(*server, "/3"));
  auto fourth = get(io, *no_pool, url(*server, "/4"));
  ASSERT_TRUE(third && fourth);
  EXPECT_NE(third->header("X-Remote"), fourth->header("X-Remote"));
}

TEST(HttpClient, APooledConnectionTheServerClosedIsRetriedOnANewOne) {
  IoThread io;
  auto server =
      start_echo(io, testing::with<ServerOptions>([&](ServerOptions& v) { v.idle_timeout = 50ms; }));
  auto client = make_client(io.executor());
  auto first = send(io, *client, testing::with<ClientRequest>([&](ClientRequest& v) {
                      v.url = url(*server, "/once");
                      v.body = "1";
                    }));
  ASSERT_TRUE(first);
  std::this_thread::sleep_for(250ms); // the server closes the idle connection
  auto second = send(io, *client, testing::with<ClientRequest>([&](ClientRequest& v) {
                       v.url = url(*server, "/again");
                       v.body = "2";
                     }));
  ASSERT_TRUE(second) << second.error().error.to_string();
  EXPECT_EQ(second->body, "POST /again 2");
  EXPECT_NE(first->header("X-Remote"), second->header("X-Remote"));
}

TEST(HttpClient, SilentServersTimeOut) {
  IoThread io;
  // Listening but never accepting: the kernel completes the handshake, nobody answers.
  tcp::acceptor silent(io.io(), {net::ip::make_address("127.0.0.1"), 0});
  auto client = make_client(io.executor());
  auto start = std::chrono::steady_clock::now();
  auto response = send(io, *client, testing::with<ClientRequest>([&](ClientRequest& v) {
                         v.url = "http://127.0.0.1:" + std::to_string(silent.local_endpoint().port()) + "/";
                         v.timeout = 200ms;
                       }));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, FailureKind::timeout);
  EXPECT_EQ(response.error().error.key, "127.0.0.1:" + std::to_string(silent.local_endpoint().port()));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST(HttpClient, ConnectionFailuresHaveTheirKinds) {
  IoThread io;
  unsigned short closed_port = 0;
  {
    tcp::acceptor probe(io.io(), {net::ip::make_address("127.0.0.1"), 0});
    closed_port = probe.local_endpoint().port();
  }
  auto client = make_client(io.executor());
  auto refused = get(io, *client, "http://127.0.0.1:" + std::to_string(closed_port) + "/");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, FailureKind::connect);
  auto unresolvable = send(io, *client, testing::with<ClientRequest>([&](ClientRequest& v) {
                             v.url = "http://no-such-host.invalid/";
                             v.timeout = 3s;
                           }));
  ASSERT_FALSE(unresolvable);
  EXPECT_TRUE(unresolvable.error().kind == FailureKind::resolve ||
              unresolvable.error().kind == FailureKind::timeout);
}

TEST(HttpClient, InvalidRequestsAreRefusedBeforeConnecting) {
  IoThread io;
  auto client = make_client(io.executor());
  for (std::string bad : {"ftp://example.com/", "http://", "http://user:secret@example.com/", "no scheme",
                          "http://example.com:0/", "http://example.com:99999/", "http://exa mple.com/"}) {
    auto response = get(io, *client, bad);
    ASSERT_FALSE(response) << bad;
    EXPECT_EQ(response.error().kind, FailureKind::invalid_url) << bad;
    EXPECT_EQ(response.error().error.to_string().find("secret"), std::string::npos);
  }
  auto injected = send(io, *client, testing::with<ClientRequest>([&](ClientRequest& v) {
                         v.url = "http://127.0.0.1:9/";
                         v.headers = {{"X", "a\r\nY: b"}};
                       }));
  ASSERT_FALSE(injected);
  EXPECT_EQ(injected.error().kind, FailureKind::invalid_url);
}

TEST(HttpClient, ResponsesOverTheBodyLimitAreTooLarge) {
  IoThread io;
  auto server = start_echo(io);
  auto client =
      make_client(io.executor(), testing::with<ClientOptions>([&](ClientOptions& v) { v.max_body = 1000; }));
  auto response = get(io, *client, url(*server, "/big"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, FailureKind::too_large);
  auto small = get(io, *client, url(*server, "/small"));
  EXPECT_TRUE(small);
}

TEST(HttpClient, AConnectionClosedMidResponseIsAnIoFailure) {
  ScriptedPeer peer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
  IoThread io;
  auto client = make_client(io.executor());
  auto response = get(io, *client, "http://127.0.0.1:" + std::to_string(peer.port()) + "/");
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, FailureKind::io);

  ScriptedPeer until_close("HTTP/1.1 200 OK\r\n\r\nbody until close");
  auto whole = get(io, *client, "http://127.0.0.1:" + std::to_string(until_close.port()) + "/");
  ASSERT_TRUE(whole) << whole.error().error.to_string();
  EXPECT_EQ(whole->body, "body until close");
}

TEST(HttpClient, HttpsVerifiesTheServerCertificateAndName) {
  testing::TempDir dir;
  auto certs = testing::make_test_certificates(dir.path());
  IoThread io;
  TlsFiles files{certs.chain.string(), certs.key.string()};
  auto server = start_echo(io, testing::with<ServerOptions>([&](ServerOptions& v) {
                             v.listen = "127.0.0.1:0";
                             v.tls = files;
                           }));
  auto trusting = make_client(
      io.executor(), testing::with<ClientOptions>([&](ClientOptions& v) { v.ca_file = certs.ca.string(); }));
  for (std::string host : {"127.0.0.1", "localhost"}) {
    auto response = get(io, *trusting, url(*server, "/secure", "https", host));
    ASSERT_TRUE(response) << host << ": " << response.error().error.to_string();
    EXPECT_EQ(response->body, "GET /secure ");
  }

  auto system_store = make_client(io.executor());
  auto untrusted = get(io, *system_store, url(*server, "/secure", "https"));
  ASSERT_FALSE(untrusted);
  EXPECT_EQ(untrusted.error().kind, FailureKind::tls);

  // 127.0.0.2 is loopback too, but not a name in the certificate.
  auto other = start_echo(io, testing::with<ServerOptions>([&](ServerOptions& v) {
                            v.listen = "127.0.0.2:0";
                            v.tls = files;
                          }));
  auto mismatch = get(io, *trusting, url(*other, "/secure", "https", "127.0.0.2"));
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().kind, FailureKind::tls);

  auto plain_to_tls = send(io, *trusting, testing::with<ClientRequest>([&](ClientRequest& v) {
                             v.url = url(*server, "/", "http");
                             v.timeout = 1s;
                           }));
  EXPECT_FALSE(plain_to_tls);
}

TEST(HttpClient, ConcurrentSendsFromManyThreadsAllComplete) {
  IoThread io(4);
  auto server = start_echo(io);
  auto client = make_client(io.executor(),
                            testing::with<ClientOptions>([&](ClientOptions& v) { v.max_idle_per_host = 4; }));
  std::vector<std::future<ClientResult<ClientResponse>>> pending;
  for (int i = 0; i < 40; ++i) {
    ClientRequest request = testing::with<ClientRequest>([&](ClientRequest& v) {
      v.url = url(*server, "/n/" + std::to_string(i));
      v.body = std::to_string(i);
    });
    pending.push_back(net::co_spawn(io.io(), client->send(std::move(request)), net::use_future));
  }
  for (int i = 0; i < 40; ++i) {
    ASSERT_EQ(pending[i].wait_for(10s), std::future_status::ready);
    auto response = pending[i].get();
    ASSERT_TRUE(response) << response.error().error.to_string();
    EXPECT_EQ(response->body, "POST /n/" + std::to_string(i) + " " + std::to_string(i));
  }
}

} // namespace
} // namespace steward::http

// The HTTP server's limits and timeouts over real loopback sockets: bodies
// and headers over the limits, malformed and slow requests, silent and idle
// connections, bad TLS files, and arbitrary bytes that must neither crash nor
// hang it.
#include <atomic>
#include <mutex>
#include <random>

#include <gtest/gtest.h>

#include "adapters/http/server.hpp"
#include "tests/support/net_harness.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_certs.hpp"

namespace steward::http {
namespace {

namespace net = boost::asio;
using namespace std::chrono_literals;
using testing::IoThread;
using testing::RawConnection;
using Observed = std::vector<std::pair<std::string, int>>;

/// A server whose handler counts calls and answers 200 "ok".
struct Fixture {
  explicit Fixture(ServerOptions options = {}) {
    options.listen = "127.0.0.1:0";
    auto handler = [this](Request) -> net::awaitable<Response> {
      ++handled;
      co_return Response{200, "text/plain", "ok", {}};
    };
    auto observer = [this](std::string_view path, int status, std::chrono::nanoseconds) {
      std::lock_guard lock(mutex);
      observed.emplace_back(std::string(path), status);
    };
    auto started = start_server(io.executor(), std::move(options), handler, observer);
    if (!started) {
      throw std::runtime_error(started.error().to_string());
    }
    server = std::move(*started);
  }
  Fixture(const Fixture&) = delete;
  Fixture& operator=(const Fixture&) = delete;
  Fixture(Fixture&&) = delete;
  Fixture& operator=(Fixture&&) = delete;
  // The handler and observer point at this fixture: no connection may run
  // them once it starts going away.
  ~Fixture() { io.stop(); }

  Observed responses() {
    std::lock_guard lock(mutex);
    return observed;
  }

  IoThread io;
  std::atomic<int> handled{0};
  std::mutex mutex;
  Observed observed;
  std::unique_ptr<Server> server;
};

ServerOptions small_limits() {
  ServerOptions options;
  options.body_limit = 1024;
  options.header_limit = 1024;
  return options;
}

TEST(HttpServerLimits, DeclaredBodyOverTheLimitGets413WithoutRunningTheHandler) {
  Fixture f(small_limits());
  RawConnection client(f.server->port());
  std::string body(4096, 'x');
  client.send("POST /upload?a=b HTTP/1.1\r\nHost: t\r\nContent-Length: 4096\r\n\r\n" + body);
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 413);
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.closed_within(1s));
  EXPECT_EQ(f.handled.load(), 0);
  EXPECT_EQ(f.responses(), (Observed{{"/upload", 413}}));
}

TEST(HttpServerLimits, ChunkedBodyOverTheLimitGets413) {
  Fixture f(small_limits());
  RawConnection client(f.server->port());
  std::string chunk(800, 'y');
  client.send("POST /chunks HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n" + chunk +
              "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n");
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 413);
  EXPECT_EQ(f.handled.load(), 0);
}

TEST(HttpServerLimits, BodyAtTheLimitIsServed) {
  Fixture f(small_limits());
  RawConnection client(f.server->port());
  client.send("POST /fits HTTP/1.1\r\nHost: t\r\nContent-Length: 1024\r\n\r\n" + std::string(1024, 'z'));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200);
}

TEST(HttpServerLimits, OversizedHeadersGet431) {
  Fixture f(small_limits());
  RawConnection client(f.server->port());
  client.send("GET /big HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(4096, 'h') + "\r\n\r\n");
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 431);
  EXPECT_TRUE(client.closed_within(1s));
  EXPECT_EQ(f.handled.load(), 0);
}

TEST(HttpServerLimits, MalformedRequestsGet400AndTheConnectionCloses) {
  Fixture f;
  for (std::string bad : {"NOT HTTP AT ALL\r\n\r\n", "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
                          "POST / HTTP/1.1\r\nContent-Length: nope\r\n\r\n",
                          "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"}) {
    RawConnection client(f.server->port());
    client.send(bad);
    auto response = client.read_response();
    ASSERT_TRUE(response) << bad;
    EXPECT_EQ(response->result_int(), 400) << bad;
    EXPECT_TRUE(client.closed_within(1s)) << bad;
  }
  EXPECT_EQ(f.handled.load(), 0);
  auto observed = f.responses();
  ASSERT_EQ(observed.size(), 4U);
  EXPECT_EQ(observed[0], (std::pair<std::string, int>{"", 400})) << "the request line was unreadable";
}

TEST(HttpServerLimits, RequestsThatStallMidwayGet408) {
  ServerOptions options;
  options.read_timeout = 200ms;
  Fixture f(options);
  RawConnection client(f.server->port());
  auto start = std::chrono::steady_clock::now();
  client.send("POST /stall HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc");
  auto response = client.read_response(2s);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 408);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_TRUE(client.closed_within(1s));
  EXPECT_EQ(f.responses(), (Observed{{"/stall", 408}}));
}

TEST(HttpServerLimits, SilentAndIdleConnectionsAreClosed) {
  ServerOptions options;
  options.read_timeout = 200ms;
  options.idle_timeout = 200ms;
  Fixture f(options);
  RawConnection silent(f.server->port());
  RawConnection idle(f.server->port());
  idle.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(idle.read_response());
  EXPECT_TRUE(silent.closed_within(1s));
  EXPECT_TRUE(idle.closed_within(1s));
  EXPECT_EQ(f.responses(), (Observed{{"/", 200}})) << "a silent connection got an answer";
}

TEST(HttpServerLimits, TlsFileErrorsNameTheSetting) {
  testing::TempDir dir;
  auto certs = testing::make_test_certificates(dir.path());
  IoThread io;
  auto noop = [](Request) -> net::awaitable<Response> { co_return Response{}; };
  auto start = [&](std::string cert, std::string key) {
    ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.tls = TlsFiles{std::move(cert), std::move(key)};
    return start_server(io.executor(), options, noop);
  };
  auto missing_cert = start((dir.path() / "missing.pem").string(), certs.key.string());
  ASSERT_FALSE(missing_cert);
  EXPECT_EQ(missing_cert.error().key, "server.tls_cert");
  auto missing_key = start(certs.chain.string(), (dir.path() / "missing.pem").string());
  ASSERT_FALSE(missing_key);
  EXPECT_EQ(missing_key.error().key, "server.tls_key");
  auto mismatched = start(certs.chain.string(), certs.foreign_key.string());
  ASSERT_FALSE(mismatched);
  EXPECT_EQ(mismatched.error().key, "server.tls_key");
  EXPECT_TRUE(start(certs.chain.string(), certs.key.string()));
}

/// Inputs no client should send: random bytes, and a valid request with
/// random bytes flipped, dropped or repeated.
std::vector<std::string> garbage(std::size_t count) {
  std::mt19937 random(20240611);
  const std::string valid =
      "POST /events?x=1 HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello";
  std::vector<std::string> inputs;
  for (std::size_t i = 0; i < count; ++i) {
    std::string input = valid;
    if (i % 3 == 0) {
      input.resize(std::uniform_int_distribution<std::size_t>(1, 300)(random));
      for (auto& c : input) {
        c = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(random));
      }
    } else {
      for (int edits = std::uniform_int_distribution<int>(1, 4)(random); edits > 0; --edits) {
        auto at = std::uniform_int_distribution<std::size_t>(0, input.size() - 1)(random);
        switch (std::uniform_int_distribution<int>(0, 2)(random)) {
        case 0: input[at] = static_cast<char>(std::uniform_int_distribution<int>(0, 255)(random)); break;
        case 1: input.erase(at, 1); break;
        default: input.insert(at, input.substr(at, 7)); break;
        }
      }
    }
    inputs.push_back(input);
  }
  return inputs;
}

TEST(HttpServerLimits, ArbitraryBytesNeitherCrashNorHangIt) {
  ServerOptions options;
  options.read_timeout = 150ms;
  options.idle_timeout = 150ms;
  Fixture f(options);
  auto inputs = garbage(60);
  std::vector<std::unique_ptr<RawConnection>> clients;
  for (const auto& input : inputs) {
    clients.push_back(std::make_unique<RawConnection>(f.server->port()));
    clients.back()->send(input);
  }
  for (std::size_t i = 0; i < clients.size(); ++i) {
    EXPECT_TRUE(clients[i]->closed_within(2s)) << "connection " << i << " was left open";
  }
  for (const auto& [path, status] : f.responses()) {
    EXPECT_TRUE(status == 200 || status == 400 || status == 408 || status == 413 || status == 431) << status;
  }
  RawConnection after(f.server->port());
  after.send("GET /still-alive HTTP/1.1\r\nHost: t\r\n\r\n");
  auto response = after.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 200);
}

} // namespace
} // namespace steward::http

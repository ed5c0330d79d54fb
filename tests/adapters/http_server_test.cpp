// The HTTP server over real loopback sockets: requests reach the handler with
// their raw bytes, keep-alive and pipelining work, and every limit and
// timeout is answered with the right status (or a close) without running the
// handler.
#include <atomic>
#include <mutex>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include "adapters/http/server.hpp"
#include "tests/support/net_harness.hpp"

namespace steward::http {
namespace {

namespace net = boost::asio;
using namespace std::chrono_literals;
using testing::IoThread;
using testing::RawConnection;

/// What the handler and the observer saw.
struct Seen {
  std::mutex mutex;
  std::vector<Request> requests;
  std::vector<std::pair<std::string, int>> responses;
  std::atomic<int> handled{0};

  std::vector<std::pair<std::string, int>> observed() {
    std::lock_guard lock(mutex);
    return responses;
  }
};

/// Answers `METHOD target body`, with the peer address in `X-Remote`;
/// "/throw" throws and "/slow" answers after 300 ms.
Handler echo(std::shared_ptr<Seen> seen) {
  return [seen](Request request) -> net::awaitable<Response> {
    {
      std::lock_guard lock(seen->mutex);
      seen->requests.push_back(request);
    }
    if (request.path() == "/throw") {
      throw std::runtime_error("handler exploded");
    }
    if (request.path() == "/slow") {
      net::steady_timer timer(co_await net::this_coro::executor, 300ms);
      co_await timer.async_wait(net::use_awaitable);
    }
    ++seen->handled;
    co_return Response{200,
                       "text/plain",
                       request.method + " " + request.target + " " + request.body,
                       {{"X-Remote", request.remote}}};
  };
}

ResponseObserver observe(std::shared_ptr<Seen> seen) {
  return [seen](std::string_view path, int status, std::chrono::nanoseconds) {
    std::lock_guard lock(seen->mutex);
    seen->responses.emplace_back(std::string(path), status);
  };
}

struct Fixture {
  explicit Fixture(ServerOptions options = {}) {
    options.listen = "127.0.0.1:0";
    auto started = start_server(io.executor(), std::move(options), echo(seen), observe(seen));
    if (!started) {
      throw std::runtime_error(started.error().to_string());
    }
    server = std::move(*started);
  }
  IoThread io;
  std::shared_ptr<Seen> seen = std::make_shared<Seen>();
  std::unique_ptr<Server> server;
};

std::string post(std::string_view target, std::string_view body, std::string_view extra = "") {
  return "POST " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra) +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

TEST(HttpServer, AnswersRequestsAndKeepsTheConnectionAlive) {
  Fixture f;
  RawConnection client(f.server->port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.send(post("/hook?x=1", "hello", "X-Test: v\r\n")));
  auto first = client.read_response();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->result_int(), 200);
  EXPECT_EQ(first->body(), "POST /hook?x=1 hello");
  EXPECT_EQ((*first)["Server"], "steward");
  EXPECT_EQ((*first)["Content-Type"], "text/plain");
  EXPECT_TRUE(first->keep_alive());

  ASSERT_TRUE(client.send("GET /other HTTP/1.1\r\nHost: test\r\n\r\n"));
  auto second = client.read_response();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body(), "GET /other ");
  EXPECT_EQ((*first)["X-Remote"], (*second)["X-Remote"]) << "the second request used a new connection";
  EXPECT_TRUE((*first)["X-Remote"].starts_with("127.0.0.1:"));

  // The observer runs once the response is written, maybe after it is read.
  EXPECT_TRUE(testing::wait_until([&] { return f.seen->observed().size() == 2; }, 1s));
  std::lock_guard lock(f.seen->mutex);
  ASSERT_EQ(f.seen->requests.size(), 2U);
  EXPECT_EQ(f.seen->requests[0].path(), "/hook");
  EXPECT_EQ(f.seen->requests[0].header("x-test"), "v");
  EXPECT_EQ(f.seen->requests[0].header("Content-Length"), "5");
  EXPECT_FALSE(f.seen->requests[0].header("missing"));
  EXPECT_EQ(f.seen->responses, (std::vector<std::pair<std::string, int>>{{"/hook", 200}, {"/other", 200}}));
}

TEST(HttpServer, PipelinedRequestsAreAnsweredInOrder) {
  Fixture f;
  RawConnection client(f.server->port());
  ASSERT_TRUE(client.send(post("/a", "1") + post("/b", "22") + post("/c", "333")));
  for (std::string expected : {"POST /a 1", "POST /b 22", "POST /c 333"}) {
    auto response = client.read_response();
    ASSERT_TRUE(response) << expected;
    EXPECT_EQ(response->body(), expected);
  }
}

TEST(HttpServer, ConnectionCloseIsHonoured) {
  Fixture f;
  RawConnection client(f.server->port());
  ASSERT_TRUE(client.send(post("/a", "x", "Connection: close\r\n")));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.closed_within(1s));
}

TEST(HttpServer, HeadRequestsGetHeadersWithoutABody) {
  Fixture f;
  RawConnection client(f.server->port());
  ASSERT_TRUE(client.send("HEAD /h HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto response = client.read_response(3s, true);
  ASSERT_TRUE(response);
  EXPECT_EQ((*response)["Content-Length"], std::to_string(std::string("HEAD /h ").size()));
  // The next response on the connection starts right after the headers.
  ASSERT_TRUE(client.send(post("/next", "n")));
  auto next = client.read_response();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body(), "POST /next n");
}

TEST(HttpServer, HandlerExceptionBecomes500AndServingGoesOn) {
  Fixture f;
  RawConnection client(f.server->port());
  ASSERT_TRUE(client.send(post("/throw", "secret body")));
  auto failed = client.read_response();
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->result_int(), 500);
  EXPECT_EQ(failed->body().find("secret"), std::string::npos);
  ASSERT_TRUE(client.send(post("/fine", "ok")));
  auto fine = client.read_response();
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->result_int(), 200);
}

TEST(HttpServer, ExpectContinueGetsAnInterimResponseBeforeTheBody) {
  Fixture f;
  RawConnection client(f.server->port());
  ASSERT_TRUE(
      client.send("POST /c HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"));
  auto interim = client.read_response();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->result_int(), 100);
  ASSERT_TRUE(client.send("body"));
  auto response = client.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "POST /c body");
}

TEST(HttpServer, StopClosesConnectionsAndDropsResponsesOfHandlersInFlight) {
  Fixture f;
  RawConnection idle(f.server->port());
  RawConnection busy(f.server->port());
  ASSERT_TRUE(busy.send(post("/slow", "")));
  ASSERT_TRUE(testing::wait_until([&] {
    std::lock_guard lock(f.seen->mutex);
    return !f.seen->requests.empty();
  }));
  f.server->stop();
  f.server->stop(); // idempotent
  EXPECT_FALSE(busy.read_response(2s)) << "a response was sent after stop()";
  EXPECT_TRUE(idle.closed_within(1s));
  EXPECT_TRUE(testing::wait_until([&] { return f.seen->handled.load() == 1; }, 1s))
      << "the in-flight handler did not finish";
  RawConnection late(f.server->port());
  EXPECT_FALSE(late.connected() && late.send(post("/late", "")) && late.read_response(500ms));
}

TEST(HttpServer, ConnectionsBeyondTheLimitAreClosed) {
  ServerOptions options;
  options.max_connections = 1;
  Fixture f(options);
  RawConnection first(f.server->port());
  ASSERT_TRUE(first.send(post("/1", "")));
  ASSERT_TRUE(first.read_response());
  RawConnection second(f.server->port());
  EXPECT_TRUE(second.closed_within(1s));
  ASSERT_TRUE(first.send(post("/1", "again")));
  EXPECT_TRUE(first.read_response());
}

TEST(HttpServer, ListenErrorsNameTheSetting) {
  IoThread io;
  auto noop = [](Request) -> net::awaitable<Response> { co_return Response{}; };
  auto first = start_server(
      io.executor(), testing::with<ServerOptions>([&](ServerOptions& v) { v.listen = "127.0.0.1:0"; }), noop);
  ASSERT_TRUE(first);
  auto taken = "127.0.0.1:" + std::to_string((*first)->port());
  auto busy = start_server(io.executor(),
                           testing::with<ServerOptions>([&](ServerOptions& v) { v.listen = taken; }), noop);
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().key, "server.listen");
  for (std::string bad : {"no-port", "127.0.0.1:99999", "127.0.0.1:x", "no.such.host.invalid:80"}) {
    auto result = start_server(io.executor(),
                               testing::with<ServerOptions>([&](ServerOptions& v) { v.listen = bad; }), noop);
    ASSERT_FALSE(result) << bad;
    EXPECT_EQ(result.error().key, "server.listen") << bad;
  }
}

} // namespace
} // namespace steward::http

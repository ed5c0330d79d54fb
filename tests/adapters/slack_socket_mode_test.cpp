// The Socket Mode client against the fake Slack's WebSocket server over real
// loopback sockets: envelopes acked (with the handler's payload where the
// envelope accepts one), dropped connections re-established, failed opens
// retried with growing, capped, jittered back-off, and a handler failure
// leaving the envelope un-acked so Slack redelivers it.

#include <atomic>
#include <mutex>

#include <gtest/gtest.h>

#include "adapters/http/client.hpp"
#include "adapters/slack/socket_mode.hpp"
#include "adapters/slack/web_api.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/net_harness.hpp"

namespace steward::slack {
namespace {

namespace net = boost::asio;
using namespace std::chrono_literals;
using testing::FakeSlack;
using testing::IoThread;
using testing::wait_until;
using Clock = std::chrono::steady_clock;

nlohmann::json envelope(const std::string& id, bool accepts_response) {
  return {{"envelope_id", id},
          {"type", "slash_commands"},
          {"accepts_response_payload", accepts_response},
          {"payload", {{"command", "/steward"}, {"text", id}}}};
}

class SlackSocketModeTest : public ::testing::Test {
protected:
  SlackSocketModeTest() : m_client(http::make_client(m_io.executor())) {
    WebApiOptions options;
    options.base_url = m_slack.api_base_url();
    options.token = "xoxb-test";
    options.max_attempts = 1;
    m_api = make_web_api(*m_client, options);
  }

  ~SlackSocketModeTest() override {
    if (m_socket) {
      m_io.await(m_socket->stop());
      m_socket.reset();
    }
    m_io.stop();
  }

  void start(int connections, std::chrono::milliseconds base = 100ms, std::chrono::milliseconds max = 60s) {
    SocketModeOptions options;
    options.app_token = "xapp-test";
    options.connections = connections;
    options.reconnect_base = base;
    options.reconnect_max = max;
    m_socket = make_socket_mode(m_io.executor(), *m_api, options,
                                [this](std::string type, std::string payload) -> net::awaitable<std::string> {
                                  return handle(std::move(type), std::move(payload));
                                });
    m_socket->start();
  }

  net::awaitable<std::string> handle(std::string type, std::string payload) {
    const auto text = nlohmann::json::parse(payload).value("text", "");
    {
      const std::lock_guard lock(m_mutex);
      m_handled.push_back(type + ":" + text);
    }
    if (text == "explode") {
      throw std::runtime_error("handler failed");
    }
    co_return nlohmann::json{{"text", "ack for " + text}}.dump();
  }

  std::vector<std::string> handled() {
    const std::lock_guard lock(m_mutex);
    return m_handled;
  }

  std::vector<Clock::time_point> open_times() {
    std::vector<Clock::time_point> out;
    for (const auto& call : m_slack.calls("apps.connections.open")) {
      out.push_back(call.at);
    }
    return out;
  }

  FakeSlack m_slack;
  IoThread m_io{2};
  std::unique_ptr<http::Client> m_client;
  std::unique_ptr<WebApi> m_api;
  std::unique_ptr<SocketMode> m_socket;
  std::mutex m_mutex;
  std::vector<std::string> m_handled;
};

TEST_F(SlackSocketModeTest, AcksEnvelopesWithThePayloadOnlyWhereAccepted) {
  start(1);
  ASSERT_TRUE(m_slack.wait_for_socket_connections(1));
  ASSERT_TRUE(wait_until([&] { return m_socket->open_connections() == 1; }));
  EXPECT_EQ(m_socket->state(), SocketModeState::connected);

  ASSERT_TRUE(m_slack.send_envelope(envelope("e-1", true)));
  ASSERT_TRUE(m_slack.send_envelope(envelope("e-2", false)));
  auto acks = m_slack.wait_for_acks(2);
  ASSERT_EQ(acks.size(), 2U);
  std::map<std::string, nlohmann::json> by_id;
  for (const auto& ack : acks) {
    by_id[ack.value("envelope_id", "")] = ack;
  }
  ASSERT_EQ(by_id.count("e-1"), 1U);
  ASSERT_EQ(by_id.count("e-2"), 1U);
  EXPECT_EQ(by_id["e-1"].at("payload").value("text", ""), "ack for e-1");
  EXPECT_FALSE(by_id["e-2"].contains("payload"));
  EXPECT_EQ(handled().size(), 2U);
}

TEST_F(SlackSocketModeTest, AFailingHandlerLeavesTheEnvelopeUnacked) {
  start(1);
  ASSERT_TRUE(m_slack.wait_for_socket_connections(1));
  ASSERT_TRUE(m_slack.send_envelope(envelope("explode", true)));
  ASSERT_TRUE(m_slack.send_envelope(envelope("after", true)));
  auto acks = m_slack.wait_for_acks(1);
  ASSERT_EQ(acks.size(), 1U);
  EXPECT_EQ(acks[0].value("envelope_id", ""), "after");
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(m_slack.acks().size(), 1U);
  EXPECT_EQ(handled().size(), 2U);
  // The connection survived the failure.
  EXPECT_EQ(m_socket->open_connections(), 1);
}

TEST_F(SlackSocketModeTest, ADroppedConnectionIsReplacedAndEnvelopesFlowAgain) {
  start(2);
  ASSERT_TRUE(m_slack.wait_for_socket_connections(2));
  ASSERT_EQ(m_slack.drop_socket_connections(), 2);
  // Each loop reconnects after backoff(0) (50-100 ms): two new connections.
  ASSERT_TRUE(wait_until([&] { return m_slack.socket_connects() >= 4; }, 5s));
  ASSERT_TRUE(m_slack.wait_for_socket_connections(2));
  ASSERT_TRUE(wait_until([&] { return m_socket->open_connections() == 2; }));
  EXPECT_EQ(m_slack.calls("apps.connections.open").size(), 4U);

  ASSERT_TRUE(m_slack.send_envelope(envelope("again", true)));
  auto acks = m_slack.wait_for_acks(1);
  ASSERT_EQ(acks.size(), 1U);
  EXPECT_EQ(acks[0].value("envelope_id", ""), "again");
}

TEST_F(SlackSocketModeTest, FailedOpensBackOffExponentiallyWithJitter) {
  for (int i = 0; i < 4; ++i) {
    m_slack.error_next("apps.connections.open", "internal_error");
  }
  start(1, 100ms);
  ASSERT_TRUE(m_slack.wait_for_socket_connections(1, 10s));
  auto times = open_times();
  ASSERT_EQ(times.size(), 5U);
  // Failure n waits 100 ms * 2^n * [0.5, 1]: [50,100], [100,200], [200,400], [400,800].
  const std::vector<std::pair<std::chrono::milliseconds, std::chrono::milliseconds>> bounds = {
      {50ms, 100ms}, {100ms, 200ms}, {200ms, 400ms}, {400ms, 800ms}};
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(times[i + 1] - times[i]);
    EXPECT_GE(gap, bounds[i].first - 5ms) << "gap " << i;
    EXPECT_LE(gap, bounds[i].second + 150ms) << "gap " << i; // scheduling slack on a busy machine
  }
  EXPECT_TRUE(wait_until([&] { return m_socket->state() == SocketModeState::connected; }));
}

TEST_F(SlackSocketModeTest, BackOffIsCappedAndNotConnectedMeansConnecting) {
  for (int i = 0; i < 6; ++i) {
    m_slack.error_next("apps.connections.open", "internal_error");
  }
  start(1, 100ms, 150ms);
  EXPECT_EQ(m_socket->state(), SocketModeState::connecting);
  ASSERT_TRUE(m_slack.wait_for_socket_connections(1, 10s));
  auto times = open_times();
  ASSERT_EQ(times.size(), 7U);
  for (std::size_t i = 2; i + 1 < times.size(); ++i) {
    const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(times[i + 1] - times[i]);
    EXPECT_GE(gap, 70ms) << "gap " << i;  // 150 ms * 0.5
    EXPECT_LE(gap, 300ms) << "gap " << i; // 150 ms + slack
  }
}

TEST_F(SlackSocketModeTest, StopClosesCleanlyAndDoesNotReconnect) {
  start(2);
  ASSERT_TRUE(m_slack.wait_for_socket_connections(2));
  m_io.await(m_socket->stop());
  EXPECT_EQ(m_socket->state(), SocketModeState::stopped);
  ASSERT_TRUE(wait_until([&] { return m_slack.socket_connections() == 0; }));
  const int connects = m_slack.socket_connects();
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(m_slack.socket_connects(), connects);
  EXPECT_EQ(m_socket->open_connections(), 0);
}

} // namespace
} // namespace steward::slack

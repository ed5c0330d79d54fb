// End-to-end Socket Mode: `steward serve` with slack.mode socket connects to
// the fake Slack's WebSocket server, acks envelopes and answers them.

#include <gtest/gtest.h>

#include "tests/support/fake_slack.hpp"
#include "tests/support/http_call.hpp"
#include "tests/support/slack_payloads.hpp"
#include "tests/support/steward_daemon.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::testing {
namespace {

using namespace std::chrono_literals;

nlohmann::json envelope(const std::string& id, const std::string& type, nlohmann::json payload,
                        bool accepts_response = false) {
  return {{"envelope_id", id},
          {"payload", std::move(payload)},
          {"type", type},
          {"accepts_response_payload", accepts_response}};
}

class ServeSocketTest : public ::testing::Test {
protected:
  void SetUp() override {
    DaemonSettings settings;
    settings.mode = "socket";
    m_daemon = std::make_unique<StewardDaemon>(m_dir.path(), m_slack, settings);
    ASSERT_TRUE(m_daemon->start()) << m_daemon->output();
    ASSERT_TRUE(m_slack.wait_for_socket_connections(2)) << m_daemon->output();
  }

  int ready_status() {
    HttpCall ready;
    ready.method = "GET";
    ready.target = "/readyz";
    return http_call(m_daemon->port(), ready).status;
  }

  TempDir m_dir;
  FakeSlack m_slack;
  std::unique_ptr<StewardDaemon> m_daemon;
};

TEST_F(ServeSocketTest, OpensTwoConnectionsWithTheAppTokenAndIsReady) {
  auto opened = m_slack.calls("apps.connections.open");
  ASSERT_GE(opened.size(), 2U);
  for (const RecordedCall& call : opened) {
    bool app_token = false;
    for (const auto& [name, value] : call.headers) {
      app_token = app_token || value == "Bearer xapp-test";
    }
    EXPECT_TRUE(app_token);
  }
  EXPECT_EQ(ready_status(), 200);
  // Socket Mode has no HTTP endpoint for Slack.
  HttpCall events = slack_request(k_signing_secret, "{}");
  EXPECT_EQ(http_call(m_daemon->port(), events).status, 404);
}

TEST_F(ServeSocketTest, AcksAnEventEnvelopeAndAnswersInTheThread) {
  ASSERT_TRUE(m_slack.send_envelope(envelope(
      "env-1", "events_api", event_callback("EvS1", mention("what is fct_orders?", "1700001000.000100")))));
  auto acks = m_slack.wait_for_acks(1);
  ASSERT_EQ(acks.size(), 1U);
  EXPECT_EQ(acks[0]["envelope_id"], "env-1");
  auto updated = m_slack.wait_for_calls("chat.update", 1);
  ASSERT_EQ(updated.size(), 1U) << m_daemon->output();
  EXPECT_EQ(m_slack.calls("chat.postMessage").at(0).args["thread_ts"], "1700001000.000100");
}

TEST_F(ServeSocketTest, SlashCommandAckCarriesTheEphemeralResponse) {
  nlohmann::json command = {{"token", "x"},
                            {"team_id", "T0TEAM"},
                            {"channel_id", "C111"},
                            {"user_id", "U111"},
                            {"command", "/steward"},
                            {"text", "help"},
                            {"response_url", m_slack.url("/response/9")},
                            {"trigger_id", "trig.9"}};
  ASSERT_TRUE(m_slack.send_envelope(envelope("env-cmd", "slash_commands", command, true)));
  auto acks = m_slack.wait_for_acks(1);
  ASSERT_EQ(acks.size(), 1U);
  EXPECT_EQ(acks[0]["envelope_id"], "env-cmd");
  ASSERT_TRUE(acks[0].contains("payload")) << acks[0].dump();
  EXPECT_EQ(acks[0]["payload"]["response_type"], "ephemeral");
}

TEST_F(ServeSocketTest, RefreshRequestedLosesNoEnvelope) {
  const int connects_before = m_slack.socket_connects();
  constexpr int k_envelopes = 12;
  for (int i = 0; i < k_envelopes; ++i) {
    if (i == 4) {
      ASSERT_TRUE(m_slack.send_disconnect("refresh_requested"));
    }
    const std::string ts = "1700002000.0001" + std::to_string(10 + i);
    // The fake sends on the oldest open connection; one must always be open.
    ASSERT_TRUE(
        m_slack.send_envelope(envelope("env-r" + std::to_string(i), "events_api",
                                       event_callback("EvR" + std::to_string(i), mention("stats", ts)))))
        << "no open connection for envelope " << i;
    std::this_thread::sleep_for(50ms);
  }
  auto acks = m_slack.wait_for_acks(k_envelopes, 15s);
  ASSERT_EQ(acks.size(), static_cast<std::size_t>(k_envelopes)) << m_daemon->output();
  EXPECT_GT(m_slack.socket_connects(), connects_before); // the replacement was opened
  EXPECT_EQ(m_slack.wait_for_calls("chat.update", k_envelopes, 30s).size(),
            static_cast<std::size_t>(k_envelopes));
  EXPECT_TRUE(m_slack.wait_for_socket_connections(2));
}

TEST_F(ServeSocketTest, LinkDisabledStopsReconnectingAndReportsNotReady) {
  ASSERT_TRUE(m_slack.send_disconnect("link_disabled"));
  ASSERT_TRUE(m_slack.send_disconnect("link_disabled"));
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(m_slack.socket_connections(), 0);
  EXPECT_EQ(ready_status(), 503);
}

} // namespace
} // namespace steward::testing

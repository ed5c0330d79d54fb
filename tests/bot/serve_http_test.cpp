// `steward serve` as a process, driven over HTTP the way Slack drives it:
// request verification, status codes, health, readiness and metrics.

#include <gtest/gtest.h>

#include "tests/support/fake_slack.hpp"
#include "tests/support/http_call.hpp"
#include "tests/support/slack_payloads.hpp"
#include "tests/support/steward_daemon.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::testing {
namespace {

class ServeHttpTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_daemon = std::make_unique<StewardDaemon>(m_dir.path(), m_slack);
    ASSERT_TRUE(m_daemon->start()) << m_daemon->output();
  }

  HttpReply call(const HttpCall& request) { return http_call(m_daemon->port(), request); }

  TempDir m_dir;
  FakeSlack m_slack;
  std::unique_ptr<StewardDaemon> m_daemon;
};

TEST_F(ServeHttpTest, AnswersUrlVerificationWithTheChallenge) {
  const std::string body =
      R"({"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"})";
  HttpReply reply = call(slack_request(k_signing_secret, body));
  ASSERT_EQ(reply.status, 200) << reply.error;
  EXPECT_EQ(nlohmann::json::parse(reply.body)["challenge"],
            "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
}

TEST_F(ServeHttpTest, RejectsBadMissingAndStaleSignaturesWith401) {
  const std::string body =
      event_callback("EvSig", mention("what is fct_orders?", "1700000001.000100")).dump();
  HttpCall forged = slack_request("not-the-secret", body);
  EXPECT_EQ(call(forged).status, 401);

  HttpCall unsigned_call = slack_request(k_signing_secret, body);
  unsigned_call.headers.resize(1); // Content-Type only
  EXPECT_EQ(call(unsigned_call).status, 401);

  const long long now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  EXPECT_EQ(call(slack_request(k_signing_secret, body, "application/json", now - 301)).status, 401);
  EXPECT_EQ(call(slack_request(k_signing_secret, body, "application/json", now + 301)).status, 401);

  HttpCall tampered = slack_request(k_signing_secret, body);
  tampered.body += " ";
  EXPECT_EQ(call(tampered).status, 401);
  // None of them reached Slack.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_TRUE(m_slack.calls("chat.postMessage").empty());
}

TEST_F(ServeHttpTest, AnswersSslCheckWithoutASignature) {
  HttpCall check;
  check.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  check.body = "ssl_check=1&token=xyzz0WbapA4vBCDEFasx0q6G";
  HttpReply reply = call(check);
  EXPECT_EQ(reply.status, 200);
  EXPECT_TRUE(reply.body.empty());
}

TEST_F(ServeHttpTest, MalformedSignedBodiesGet400) {
  for (const std::string& body : {std::string("{\"type\":"), std::string("[1,2]"),
                                  std::string("{\"type\":\"nope\"}"), std::string("\xff\xfe garbage")}) {
    HttpReply reply = call(slack_request(k_signing_secret, body));
    EXPECT_EQ(reply.status, 400) << body;
  }
  HttpReply form =
      call(slack_request(k_signing_secret, "payload=%7B%22type", "application/x-www-form-urlencoded"));
  EXPECT_EQ(form.status, 400);
}

TEST_F(ServeHttpTest, OversizedBodiesGet413AndTheServerKeepsServing) {
  HttpCall big = slack_request(k_signing_secret, std::string(2 * 1024 * 1024, 'x'));
  EXPECT_EQ(call(big).status, 413);
  HttpCall health;
  health.method = "GET";
  health.target = "/healthz";
  EXPECT_EQ(call(health).status, 200);
}

TEST_F(ServeHttpTest, UnknownPathsAre404AndWrongMethods405) {
  HttpCall get_events;
  get_events.method = "GET";
  EXPECT_EQ(call(get_events).status, 405);
  HttpCall nowhere;
  nowhere.method = "GET";
  nowhere.target = "/wp-admin";
  EXPECT_EQ(call(nowhere).status, 404);
  HttpCall post_health;
  post_health.target = "/healthz";
  EXPECT_EQ(call(post_health).status, 405);
}

TEST_F(ServeHttpTest, ReadyWhenProjectAndStoreAreAndMetricsCountRequests) {
  HttpCall ready;
  ready.method = "GET";
  ready.target = "/readyz";
  HttpReply reply = call(ready);
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto checks = nlohmann::json::parse(reply.body)["checks"];
  EXPECT_EQ(checks["store"], "ok: sqlite");

  call(slack_request("wrong", "{}"));
  HttpCall metrics;
  metrics.method = "GET";
  metrics.target = "/metrics";
  HttpReply page = call(metrics);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.header("Content-Type").find("text/plain"), std::string::npos);
  EXPECT_NE(page.body.find(R"(steward_http_requests_total{route="/slack/events",status="401"} 1)"),
            std::string::npos)
      << page.body;
  EXPECT_NE(page.body.find(R"(steward_http_requests_total{route="/readyz",status="200"} 1)"),
            std::string::npos);
  EXPECT_NE(page.body.find("steward_http_request_seconds_bucket"), std::string::npos);
  EXPECT_NE(page.body.find("steward_queue_jobs{state=\"queued\"}"), std::string::npos);
}

TEST_F(ServeHttpTest, SigtermStopsCleanly) {
  EXPECT_EQ(m_daemon->stop(), 0);
}

TEST(ServeStartup, MissingSlackCredentialsExitWithKeyAndReason) {
  TempDir dir;
  FakeSlack slack;
  StewardDaemon daemon(dir.path(), slack);
  std::filesystem::remove(dir.path() / "signing_secret");
  EXPECT_FALSE(daemon.start(std::chrono::seconds(10)));
  EXPECT_NE(daemon.output().find("slack.signing_secret"), std::string::npos) << daemon.output();
  EXPECT_EQ(daemon.stop(), 2);
}

TEST(ServeStartup, RejectedBotTokenExitsWithAuthTestError) {
  TempDir dir;
  FakeSlack slack;
  StewardDaemon daemon(dir.path(), slack);
  slack.error_next("auth.test", "invalid_auth");
  EXPECT_FALSE(daemon.start(std::chrono::seconds(20)));
  EXPECT_NE(daemon.output().find("slack.bot_token: auth.test failed: invalid_auth"), std::string::npos)
      << daemon.output();
  EXPECT_EQ(daemon.stop(), 2);
}

} // namespace
} // namespace steward::testing

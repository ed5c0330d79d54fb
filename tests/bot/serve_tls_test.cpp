// `steward serve` with server.tls_cert/tls_key: Slack's requests arrive over
// HTTPS (verified against a test CA, by host name), plain HTTP on that port
// gets nothing useful, and a key that does not match the certificate stops
// startup with `server.tls_key: reason`.

#include <gtest/gtest.h>

#include "adapters/http/client.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/http_call.hpp"
#include "tests/support/net_harness.hpp"
#include "tests/support/steward_daemon.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_certs.hpp"

namespace steward::testing {
namespace {

using namespace std::chrono_literals;

DaemonSettings tls_settings(const TestCertificates& certs, const std::filesystem::path& key) {
  DaemonSettings settings;
  settings.server_yaml = "  tls_cert: " + certs.chain.string() + "\n  tls_key: " + key.string() + "\n";
  return settings;
}

class ServeTlsTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::filesystem::create_directories(m_dir.path() / "tls");
    m_certs = make_test_certificates(m_dir.path() / "tls");
  }

  http::ClientResult<http::ClientResponse> send(http::ClientRequest request) {
    http::ClientOptions options;
    options.ca_file = m_certs.ca.string();
    auto client = http::make_client(m_io.executor(), options);
    return m_io.await(client->send(std::move(request)));
  }

  TempDir m_dir;
  TestCertificates m_certs;
  FakeSlack m_slack;
  IoThread m_io;
};

TEST_F(ServeTlsTest, ServesSlackOverHttpsOnly) {
  StewardDaemon daemon(m_dir.path(), m_slack, tls_settings(m_certs, m_certs.key));
  ASSERT_TRUE(daemon.start()) << daemon.output();
  EXPECT_EQ(daemon.scheme(), "https");
  const std::string base = "https://localhost:" + std::to_string(daemon.port());

  http::ClientRequest health;
  health.method = "GET";
  health.url = base + "/healthz";
  auto healthy = send(health);
  ASSERT_TRUE(healthy) << healthy.error().error.to_string();
  EXPECT_EQ(healthy->status, 200);

  const std::string body = R"({"token":"t","challenge":"tls-challenge-1","type":"url_verification"})";
  HttpCall signed_call = slack_request(k_signing_secret, body);
  http::ClientRequest verification;
  verification.url = base + "/slack/events";
  verification.headers = signed_call.headers;
  verification.body = body;
  auto verified = send(verification);
  ASSERT_TRUE(verified) << verified.error().error.to_string();
  EXPECT_EQ(verified->status, 200);
  EXPECT_EQ(nlohmann::json::parse(verified->body).value("challenge", ""), "tls-challenge-1");

  // Signatures are still checked behind TLS.
  verification.headers = slack_request("wrong-secret", body).headers;
  auto forged = send(verification);
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 401);

  // Plain HTTP to the TLS port gets no HTTP answer.
  HttpCall plain;
  plain.method = "GET";
  plain.target = "/healthz";
  plain.timeout = 3000ms;
  EXPECT_NE(http_call(daemon.port(), plain).status, 200);
  // ...and the server is still fine afterwards.
  auto again = send(health);
  ASSERT_TRUE(again) << again.error().error.to_string();
  EXPECT_EQ(again->status, 200);
}

TEST_F(ServeTlsTest, AClientThatDoesNotTrustTheCertificateIsRefused) {
  StewardDaemon daemon(m_dir.path(), m_slack, tls_settings(m_certs, m_certs.key));
  ASSERT_TRUE(daemon.start()) << daemon.output();
  auto client = http::make_client(m_io.executor()); // system CAs only
  http::ClientRequest health;
  health.method = "GET";
  health.url = "https://localhost:" + std::to_string(daemon.port()) + "/healthz";
  auto reply = m_io.await(client->send(health));
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().kind, http::FailureKind::tls);
}

TEST_F(ServeTlsTest, AKeyThatDoesNotMatchTheCertificateStopsStartup) {
  StewardDaemon daemon(m_dir.path(), m_slack, tls_settings(m_certs, m_certs.foreign_key));
  EXPECT_FALSE(daemon.start(20s));
  EXPECT_NE(daemon.output().find("server.tls_key:"), std::string::npos) << daemon.output();
  EXPECT_NE(daemon.stop(), 0);
}

} // namespace
} // namespace steward::testing

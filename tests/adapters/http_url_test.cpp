// URL parsing for the HTTP and WebSocket clients: defaults, IPv6 literals,
// the Host header form, and refusals that never echo the URL.
#include <gtest/gtest.h>

#include "adapters/http/url.hpp"

namespace steward::http {
namespace {

TEST(HttpUrl, DefaultsThePortAndPath) {
  auto url = parse_url("HTTPS://Slack.com");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "slack.com");
  EXPECT_EQ(url->port, "443");
  EXPECT_EQ(url->target, "/");
  EXPECT_TRUE(url->tls);
  EXPECT_EQ(url->authority(), "slack.com");
  EXPECT_EQ(url->origin(), "https://slack.com:443");
}

TEST(HttpUrl, KeepsPathAndQueryButNotTheFragment) {
  auto url = parse_url("ws://127.0.0.1:8080/link/?ticket=abc&n=2#top");
  ASSERT_TRUE(url);
  EXPECT_FALSE(url->tls);
  EXPECT_EQ(url->port, "8080");
  EXPECT_EQ(url->target, "/link/?ticket=abc&n=2");
  EXPECT_EQ(url->authority(), "127.0.0.1:8080");
  auto query_only = parse_url("http://h?x=1");
  ASSERT_TRUE(query_only);
  EXPECT_EQ(query_only->target, "/?x=1");
}

TEST(HttpUrl, BracketsIpv6Literals) {
  auto url = parse_url("wss://[::1]:9443/x");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->authority(), "[::1]:9443");
  auto default_port = parse_url("http://[::1]:80/");
  ASSERT_TRUE(default_port);
  EXPECT_EQ(default_port->authority(), "[::1]");
}

TEST(HttpUrl, RefusesWhatItCannotUse) {
  for (std::string bad :
       {"", "slack.com/api", "ftp://h/", "http:///path", "http://h:/", "http://h:65536/", "http://h:12ab/",
        "http://[::1/", "http://[::1]x/", "http://u:pw@h/", "http://h/a b"}) {
    auto url = parse_url(bad);
    ASSERT_FALSE(url) << bad;
    EXPECT_EQ(url.error().key, "url");
    if (!bad.empty()) {
      EXPECT_EQ(url.error().reason.find(bad), std::string::npos) << url.error().reason;
    }
  }
}

} // namespace
} // namespace steward::http

#pragma once

// A blocking HTTP/1.1 call over a fresh loopback connection, for tests that
// drive `steward serve` from outside (the test plays Slack's side).

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace steward::testing {

struct HttpReply {
  int status = 0; ///< 0: no response (connection failed or timed out)
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::microseconds elapsed{0};
  std::string error; ///< why `status` is 0

  [[nodiscard]] std::string header(const std::string& name) const;
};

struct HttpCall {
  std::string method = "POST";
  std::string target = "/slack/events";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{5000};
};

HttpReply http_call(unsigned short port, const HttpCall& call);

/// A Slack-signed POST of `body` to /slack/events (`content_type` JSON or
/// form), signed with `secret` at `timestamp` (default: now).
HttpCall slack_request(const std::string& secret, std::string body,
                       std::string content_type = "application/json", long long timestamp = 0);

} // namespace steward::testing

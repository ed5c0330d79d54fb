#pragma once

// A fake Slack on 127.0.0.1 for tests: the Web API (HTTP, JSON and form
// bodies), `response_url`s, file upload URLs and a Socket Mode WebSocket
// server, all speaking Slack's real protocols. It records every call and can
// be told to answer the next call of a method with 429, 5xx, `ok:false` or a
// delay. It runs on its own thread; every member is thread-safe.
//
// Default behaviour (tokens: bot `xoxb-test`, app `xapp-test`, sent as
// `Authorization: Bearer` or a `token` argument; any other token gets
// `invalid_auth`, no token `not_authed`, and the app token on a bot method or
// the bot token on apps.connections.open `not_allowed_token_type`):
// - auth.test → user_id "U0BOT", bot_id "B0BOT", team_id "T0TEAM".
// - chat.postMessage → stores the message (with `metadata`) under its
//   channel/thread and returns a fresh `ts` ("1700000000.000100", ...).
// - chat.update → replaces the stored message's text/blocks.
// - conversations.replies → the stored thread, oldest first, with metadata.
// - users.lookupByEmail → the user `add_user` registered with that email,
//   else `users_not_found`; usergroups.users.list → the members
//   `add_user_group` registered, else `no_such_subteam`.
// - chat.postEphemeral, reactions.add, views.open, users.info,
//   files.getUploadURLExternal (upload_url on this server),
//   files.completeUploadExternal → ok.
// - apps.connections.open (app token) → {"ok":true,"url":"ws://127.0.0.1:P/link?n=K"}.
// - POST /response/<anything> (a response_url) → 200 "ok"; recorded as
//   method "response_url".
// - POST /upload/<anything> (an upload_url) → 200 "OK - <bytes>"; recorded
//   as method "upload".
// - Web API calls take JSON or form bodies; form values that look like JSON
//   (`[`, `{`) appear parsed in `RecordedCall::args`. As on Slack, the read
//   methods conversations.replies, users.info, users.lookupByEmail and
//   usergroups.users.list ignore JSON bodies (their
//   arguments must be form-encoded): they answer `channel_not_found` /
//   `user_not_found`.
// - 429 answers carry `Retry-After` and `{"ok":false,"error":"ratelimited"}`.
// - Socket Mode: WebSocket upgrades on /link get a `hello` frame; every text
//   frame with an `envelope_id` is recorded as an ack. Pings are answered.
// - Unknown methods → ok:false "unknown_method".

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace steward::testing {

struct RecordedCall {
  std::string method; ///< Web API method, or "response_url", "upload"
  std::string path;   ///< request target
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;    ///< raw
  nlohmann::json args; ///< JSON body, or form fields as a JSON object (JSON-looking values parsed)
  std::chrono::steady_clock::time_point at;
};

struct StoredMessage {
  std::string channel;
  std::string ts;
  std::string thread_ts; ///< empty for top-level
  std::string text;
  nlohmann::json blocks;
  nlohmann::json metadata;
  std::string bot_id; ///< "B0BOT" for messages posted through the API
  std::string
      user; ///< "U0BOT" for messages posted through the API; `add_user_message` defaults it to "U0USER"
};

class FakeSlack {
public:
  FakeSlack();
  ~FakeSlack();
  FakeSlack(const FakeSlack&) = delete;
  FakeSlack& operator=(const FakeSlack&) = delete;

  [[nodiscard]] unsigned short port() const;
  /// "http://127.0.0.1:P/api/"
  [[nodiscard]] std::string api_base_url() const;
  /// "http://127.0.0.1:P" + `path`
  [[nodiscard]] std::string url(std::string_view path) const;

  // --- Scripting: each applies to the next call of `method` only, in order.
  void rate_limit_next(std::string method, int retry_after_seconds);
  void fail_next(std::string method, int status = 500);
  void error_next(std::string method, std::string code);
  void delay_next(std::string method, std::chrono::milliseconds delay);
  /// Holds every call of `method` unanswered until `release(method)` (tests
  /// that kill the daemon mid-call).
  void hold(std::string method);
  void release(std::string method);

  // --- Inspection
  [[nodiscard]] std::vector<RecordedCall> calls(std::string_view method = {}) const;
  /// Waits until at least `count` calls of `method` were recorded (answered
  /// or held); returns them (fewer on timeout).
  std::vector<RecordedCall>
  wait_for_calls(std::string_view method, std::size_t count,
                 std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  [[nodiscard]] std::vector<StoredMessage> messages(std::string_view channel) const;
  /// Adds a message as if a user posted it (for conversations.replies).
  void add_user_message(StoredMessage message);
  /// Registers user `id` with `email` (for users.lookupByEmail).
  void add_user(std::string id, std::string email);
  /// Registers user group `id` with `members` (for usergroups.users.list).
  void add_user_group(std::string id, std::vector<std::string> members);

  // --- Socket Mode
  /// Open WebSocket connections that were sent `hello`.
  [[nodiscard]] int socket_connections() const;
  bool wait_for_socket_connections(int count,
                                   std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  /// Sends `envelope` (a whole Socket Mode frame) on the oldest open
  /// connection; false when none is open.
  bool send_envelope(const nlohmann::json& envelope);
  /// Sends `{"type":"disconnect","reason":reason}` on the oldest open connection.
  /// Like Slack, the fake sends no further envelopes on that connection;
  /// `send_envelope` picks the oldest connection not sent a disconnect.
  bool send_disconnect(std::string_view reason);
  /// Closes every open Socket Mode connection abruptly (TCP close, no
  /// WebSocket close frame), as a network failure would; returns how many.
  int drop_socket_connections();
  /// Ack frames received, in order (parsed JSON).
  [[nodiscard]] std::vector<nlohmann::json> acks() const;
  std::vector<nlohmann::json>
  wait_for_acks(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  /// Total WebSocket connections ever accepted.
  [[nodiscard]] int socket_connects() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace steward::testing

// The fake Slack, driven by a small synchronous Beast client over 127.0.0.1.

#include <algorithm>
#include <future>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <gtest/gtest.h>

#include "tests/support/fake_slack.hpp"

namespace steward::testing {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

constexpr std::string_view k_json = "application/json; charset=utf-8";
constexpr std::string_view k_form = "application/x-www-form-urlencoded";

struct Reply {
  unsigned status = 0;
  std::string retry_after;
  std::string body;
  nlohmann::json json; ///< the body parsed, or discarded
};

Reply post(unsigned short port, std::string_view target, std::string body,
           std::string_view content_type = k_json, std::string_view token = "xoxb-test") {
  net::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> request{http::verb::post, target, 11};
  request.set(http::field::host, "127.0.0.1");
  request.set(http::field::content_type, content_type);
  if (!token.empty()) {
    request.set(http::field::authorization, "Bearer " + std::string(token));
  }
  request.body() = std::move(body);
  request.prepare_payload();
  http::write(socket, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(socket, buffer, response);
  Reply reply{response.result_int(), std::string(response[http::field::retry_after]), response.body(), {}};
  reply.json = nlohmann::json::parse(reply.body, nullptr, false);
  return reply;
}

Reply api(const FakeSlack& slack, std::string_view method, const nlohmann::json& args,
          std::string_view token = "xoxb-test") {
  return post(slack.port(), "/api/" + std::string(method), args.dump(), k_json, token);
}

TEST(FakeSlack, RecordsCallsAndAnswersWithIncreasingTs) {
  FakeSlack slack;
  const Reply first = api(slack, "chat.postMessage", {{"channel", "C1"}, {"text", "hello"}});
  const Reply second = api(slack, "chat.postMessage", {{"channel", "C1"}, {"text", "again"}});
  ASSERT_EQ(first.status, 200U);
  EXPECT_EQ(first.json["ok"], true);
  EXPECT_EQ(first.json["channel"], "C1");
  const std::string ts1 = first.json["ts"];
  const std::string ts2 = second.json["ts"];
  EXPECT_EQ(ts1, "1700000000.000100");
  EXPECT_LT(ts1, ts2);

  const auto calls = slack.calls("chat.postMessage");
  ASSERT_EQ(calls.size(), 2U);
  EXPECT_EQ(calls[0].path, "/api/chat.postMessage");
  EXPECT_EQ(calls[0].args["text"], "hello");
  EXPECT_EQ(calls[1].body, R"({"channel":"C1","text":"again"})");
  const auto auth = std::find_if(calls[0].headers.begin(), calls[0].headers.end(),
                                 [](const auto& h) { return h.first == "Authorization"; });
  ASSERT_NE(auth, calls[0].headers.end());
  EXPECT_EQ(auth->second, "Bearer xoxb-test");
  EXPECT_EQ(slack.messages("C1").size(), 2U);
  EXPECT_TRUE(slack.calls("chat.update").empty());
}

TEST(FakeSlack, FormBodiesParseJsonLookingValues) {
  FakeSlack slack;
  const Reply reply =
      post(slack.port(), "/api/chat.postMessage",
           "channel=C2&text=hi+there&blocks=%5B%7B%22type%22%3A%22divider%22%7D%5D&"
           "metadata=%7B%22event_type%22%3A%22steward_answer%22%2C%22event_payload%22%3A%7B%22q%22%3A1%7D%7D",
           k_form);
  EXPECT_EQ(reply.json["ok"], true);
  const RecordedCall call = slack.calls("chat.postMessage").at(0);
  EXPECT_EQ(call.args["text"], "hi there");
  EXPECT_EQ(call.args["blocks"], nlohmann::json::parse(R"([{"type":"divider"}])"));
  const StoredMessage stored = slack.messages("C2").at(0);
  EXPECT_EQ(stored.metadata["event_type"], "steward_answer");
  EXPECT_EQ(stored.bot_id, "B0BOT");
}

TEST(FakeSlack, ChecksTokens) {
  FakeSlack slack;
  const Reply ok = api(slack, "auth.test", nlohmann::json::object());
  EXPECT_EQ(ok.json["user_id"], "U0BOT");
  EXPECT_EQ(ok.json["bot_id"], "B0BOT");
  EXPECT_EQ(ok.json["team_id"], "T0TEAM");
  EXPECT_EQ(api(slack, "auth.test", {}, "xoxb-wrong").json["error"], "invalid_auth");
  EXPECT_EQ(api(slack, "auth.test", {}, "").json["error"], "not_authed");
  EXPECT_EQ(api(slack, "chat.postMessage", {{"channel", "C1"}, {"text", "x"}}, "xapp-test").json["error"],
            "not_allowed_token_type");
  EXPECT_EQ(api(slack, "apps.connections.open", {}).json["error"], "not_allowed_token_type");
  const Reply link = api(slack, "apps.connections.open", {}, "xapp-test");
  EXPECT_EQ(link.json["url"], "ws://127.0.0.1:" + std::to_string(slack.port()) + "/link?n=1");
  EXPECT_EQ(api(slack, "no.such.method", {}).json["error"], "unknown_method");
}

TEST(FakeSlack, ScriptedAnswersApplyInOrderToOneCallEach) {
  FakeSlack slack;
  slack.rate_limit_next("chat.postMessage", 7);
  slack.fail_next("chat.postMessage", 503);
  slack.error_next("chat.postMessage", "channel_not_found");
  const nlohmann::json args{{"channel", "C1"}, {"text", "x"}};
  const Reply limited = api(slack, "chat.postMessage", args);
  EXPECT_EQ(limited.status, 429U);
  EXPECT_EQ(limited.retry_after, "7");
  EXPECT_EQ(limited.json, nlohmann::json::parse(R"({"ok":false,"error":"ratelimited"})"));
  EXPECT_EQ(api(slack, "chat.postMessage", args).status, 503U);
  const Reply error = api(slack, "chat.postMessage", args);
  EXPECT_EQ(error.status, 200U);
  EXPECT_EQ(error.json["error"], "channel_not_found");
  EXPECT_EQ(api(slack, "chat.postMessage", args).json["ok"], true);
  EXPECT_EQ(slack.calls("chat.postMessage").size(), 4U);
  EXPECT_EQ(slack.messages("C1").size(), 1U);
}

TEST(FakeSlack, DelayAndHold) {
  FakeSlack slack;
  slack.delay_next("users.info", 200ms);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(post(slack.port(), "/api/users.info", "user=U1", k_form).json["user"]["id"], "U1");
  EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);

  slack.hold("reactions.add");
  auto held = std::async(std::launch::async, [&] {
    return api(slack, "reactions.add", {{"channel", "C1"}, {"timestamp", "1.2"}, {"name", "eyes"}});
  });
  EXPECT_EQ(slack.wait_for_calls("reactions.add", 1).size(), 1U);
  EXPECT_EQ(held.wait_for(150ms), std::future_status::timeout);
  slack.release("reactions.add");
  ASSERT_EQ(held.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(held.get().json["ok"], true);
}

TEST(FakeSlack, ThreadsWithMetadataAndUpdates) {
  FakeSlack slack;
  StoredMessage question;
  question.channel = "C1";
  question.text = "what feeds orders?";
  question.user = "U1";
  slack.add_user_message(question);
  const std::string parent = slack.messages("C1").at(0).ts;
  const nlohmann::json metadata{{"event_type", "steward_answer"}, {"event_payload", {{"question_id", 42}}}};
  const Reply reply =
      api(slack, "chat.postMessage",
          {{"channel", "C1"}, {"text", "thinking"}, {"thread_ts", parent}, {"metadata", metadata}});
  const std::string reply_ts = reply.json["ts"];
  EXPECT_EQ(
      api(slack, "chat.update", {{"channel", "C1"}, {"ts", reply_ts}, {"text", "stg_orders"}}).json["ok"],
      true);
  EXPECT_EQ(api(slack, "chat.update", {{"channel", "C1"}, {"ts", "1.1"}, {"text", "x"}}).json["error"],
            "message_not_found");

  const Reply thread = post(slack.port(), "/api/conversations.replies", "channel=C1&ts=" + parent, k_form);
  const nlohmann::json& messages = thread.json["messages"];
  ASSERT_EQ(messages.size(), 2U);
  EXPECT_EQ(messages[0]["ts"], parent);
  EXPECT_EQ(messages[0]["thread_ts"], parent);
  EXPECT_EQ(messages[0]["user"], "U1");
  EXPECT_FALSE(messages[0].contains("bot_id"));
  EXPECT_EQ(messages[1]["ts"], reply_ts);
  EXPECT_EQ(messages[1]["thread_ts"], parent);
  EXPECT_EQ(messages[1]["text"], "stg_orders");
  EXPECT_EQ(messages[1]["bot_id"], "B0BOT");
  EXPECT_EQ(messages[1]["metadata"], metadata);
  EXPECT_EQ(thread.json["has_more"], false);

  const Reply page =
      post(slack.port(), "/api/conversations.replies", "channel=C1&ts=" + parent + "&limit=1", k_form);
  ASSERT_EQ(page.json["messages"].size(), 1U);
  EXPECT_EQ(page.json["has_more"], true);
  const std::string cursor = page.json["response_metadata"]["next_cursor"];
  const Reply rest = post(
      slack.port(), "/api/conversations.replies?channel=C1&ts=" + parent + "&cursor=" + cursor, "", k_form);
  ASSERT_EQ(rest.json["messages"].size(), 1U);
  EXPECT_EQ(rest.json["messages"][0]["ts"], reply_ts);
  EXPECT_EQ(post(slack.port(), "/api/conversations.replies", "channel=C9&ts=" + parent, k_form).json["error"],
            "thread_not_found");
  // Like Slack, read methods ignore JSON bodies.
  EXPECT_EQ(api(slack, "conversations.replies", {{"channel", "C1"}, {"ts", parent}}).json["error"],
            "channel_not_found");
  EXPECT_EQ(api(slack, "users.info", {{"user", "U1"}}).json["error"], "user_not_found");
}

TEST(FakeSlack, ResponseUrlsAndUploads) {
  FakeSlack slack;
  const Reply respond =
      post(slack.port(), "/response/T1/123/abc", R"({"text":"done","replace_original":true})", k_json, "");
  EXPECT_EQ(respond.status, 200U);
  EXPECT_EQ(respond.body, "ok");
  EXPECT_EQ(slack.calls("response_url").at(0).args["replace_original"], true);

  const Reply url = api(slack, "files.getUploadURLExternal", {{"filename", "lineage.svg"}, {"length", 5}});
  const std::string upload_url = url.json["upload_url"];
  const std::string prefix = slack.url("");
  ASSERT_TRUE(upload_url.starts_with(prefix)) << upload_url;
  const Reply uploaded = post(slack.port(), upload_url.substr(prefix.size()), "<svg>", "image/svg+xml");
  EXPECT_EQ(uploaded.status, 200U);
  EXPECT_EQ(slack.calls("upload").at(0).body, "<svg>");
  const nlohmann::json files = nlohmann::json::array({{{"id", url.json["file_id"]}, {"title", "Lineage"}}});
  EXPECT_EQ(api(slack, "files.completeUploadExternal", {{"files", files}, {"channel_id", "C1"}}).json["ok"],
            true);
}

/// A synchronous Socket Mode client.
struct SocketClient {
  net::io_context ioc;
  websocket::stream<tcp::socket> ws{ioc};

  SocketClient(unsigned short port, const std::string& target) {
    ws.next_layer().connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    ws.handshake("127.0.0.1:" + std::to_string(port), target);
  }
  nlohmann::json read() {
    beast::flat_buffer buffer;
    ws.read(buffer);
    return nlohmann::json::parse(beast::buffers_to_string(buffer.data()));
  }
};

std::string link_target(const FakeSlack& slack) {
  const std::string url = api(slack, "apps.connections.open", {}, "xapp-test").json["url"];
  return url.substr(url.find("/link"));
}

TEST(FakeSlack, SocketModeHelloEnvelopeAck) {
  FakeSlack slack;
  EXPECT_FALSE(slack.send_envelope({{"type", "events_api"}}));
  SocketClient client(slack.port(), link_target(slack));
  const nlohmann::json hello = client.read();
  EXPECT_EQ(hello["type"], "hello");
  EXPECT_EQ(hello["num_connections"], 1);
  ASSERT_TRUE(slack.wait_for_socket_connections(1));

  bool ponged = false;
  client.ws.control_callback([&](websocket::frame_type kind, beast::string_view) {
    ponged = ponged || kind == websocket::frame_type::pong;
  });
  // The ping goes before the ack, so the server has answered it by the time
  // the ack is recorded, and the pong precedes the envelope on the wire.
  client.ws.ping({});
  client.ws.write(net::buffer(std::string(R"({"envelope_id":"e-0"})")));
  const auto acks = slack.wait_for_acks(1);
  ASSERT_EQ(acks.size(), 1U);
  EXPECT_EQ(acks[0]["envelope_id"], "e-0");

  const nlohmann::json envelope{{"envelope_id", "e-1"},
                                {"type", "events_api"},
                                {"payload", {{"type", "event_callback"}, {"event_id", "Ev1"}}},
                                {"accepts_response_payload", false}};
  ASSERT_TRUE(slack.send_envelope(envelope));
  EXPECT_EQ(client.read(), envelope);
  EXPECT_TRUE(ponged);
  client.ws.write(net::buffer(std::string(R"({"envelope_id":"e-1","payload":{"text":"ok"}})")));
  const auto both = slack.wait_for_acks(2);
  ASSERT_EQ(both.size(), 2U);
  EXPECT_EQ(both[1]["payload"]["text"], "ok");

  ASSERT_TRUE(slack.send_disconnect("refresh_requested"));
  const nlohmann::json disconnect = client.read();
  EXPECT_EQ(disconnect["type"], "disconnect");
  EXPECT_EQ(disconnect["reason"], "refresh_requested");
}

TEST(FakeSlack, EnvelopesGoToTheOldestOpenConnection) {
  FakeSlack slack;
  auto first = std::make_unique<SocketClient>(slack.port(), link_target(slack));
  EXPECT_EQ(first->read()["type"], "hello");
  ASSERT_TRUE(slack.wait_for_socket_connections(1));
  SocketClient second(slack.port(), link_target(slack));
  EXPECT_EQ(second.read()["num_connections"], 2);
  ASSERT_TRUE(slack.wait_for_socket_connections(2));

  ASSERT_TRUE(slack.send_envelope({{"envelope_id", "to-first"}}));
  EXPECT_EQ(first->read()["envelope_id"], "to-first");
  first->ws.close(websocket::close_code::normal);
  first.reset();
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (slack.socket_connections() > 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(slack.socket_connections(), 1);
  ASSERT_TRUE(slack.send_envelope({{"envelope_id", "to-second"}}));
  EXPECT_EQ(second.read()["envelope_id"], "to-second");
  EXPECT_EQ(slack.socket_connects(), 2);
}

} // namespace
} // namespace steward::testing

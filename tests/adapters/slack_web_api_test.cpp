// The Slack Web API client and SlackChat against the fake Slack over real
// loopback HTTP: tokens and bodies as Slack expects them, `ok:false`
// surfaced with Slack's code and not retried, 5xx and dead servers retried a
// bounded number of times with back-off, 429 honoured with Retry-After (and
// abandoned when waiting would exceed `max_wait`), and the Chat port's calls
// (threads, splitting, metadata markers, reactions, users, file upload).

#include <algorithm>
#include <cctype>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include "adapters/http/client.hpp"
#include "adapters/slack/chat.hpp"
#include "adapters/slack/web_api.hpp"
#include "core/metrics/registry.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/net_harness.hpp"

namespace steward::slack {
namespace {

using namespace std::chrono_literals;
using testing::FakeSlack;
using testing::IoThread;
using testing::RecordedCall;
using Clock = std::chrono::steady_clock;

std::string header(const RecordedCall& call, std::string_view name) {
  for (const auto& [key, value] : call.headers) {
    if (key.size() == name.size() && std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      return value;
    }
  }
  return {};
}

class SlackWebApiTest : public ::testing::Test {
protected:
  SlackWebApiTest() : m_client(http::make_client(m_io.executor())) {}

  ~SlackWebApiTest() override {
    m_api.reset();
    m_io.stop();
  }

  WebApi& api(WebApiOptions options = {}) {
    if (options.base_url == WebApiOptions{}.base_url) {
      options.base_url = m_slack.api_base_url();
    }
    if (options.token.empty()) {
      options.token = "xoxb-test";
    }
    options.retry_base = 20ms;
    options.retry_max = 200ms;
    m_api = make_web_api(*m_client, std::move(options), &m_registry);
    return *m_api;
  }

  ApiResult<nlohmann::json> call(WebApi& api, std::string method, nlohmann::json args,
                                 CallOptions options = {}) {
    return m_io.await(api.call(std::move(method), std::move(args), std::move(options)), 30s);
  }

  FakeSlack m_slack;
  IoThread m_io{2};
  std::unique_ptr<http::Client> m_client;
  metrics::Registry m_registry;
  std::unique_ptr<WebApi> m_api;
};

TEST_F(SlackWebApiTest, SendsJsonWithTheBotTokenAndReturnsTheWholeAnswer) {
  auto reply = call(api(), "chat.postMessage", {{"channel", "C1"}, {"text", "hello"}});
  ASSERT_TRUE(reply) << reply.error().error.to_string();
  EXPECT_TRUE(reply->value("ok", false));
  EXPECT_FALSE(reply->value("ts", "").empty());

  auto calls = m_slack.calls("chat.postMessage");
  ASSERT_EQ(calls.size(), 1U);
  EXPECT_EQ(header(calls[0], "Authorization"), "Bearer xoxb-test");
  EXPECT_TRUE(header(calls[0], "Content-Type").starts_with("application/json"));
  EXPECT_EQ(calls[0].args.value("text", ""), "hello");
  ASSERT_EQ(m_slack.messages("C1").size(), 1U);
  EXPECT_EQ(
      m_registry.value("steward_slack_api_calls_total", {{"method", "chat.postMessage"}, {"status", "ok"}}),
      1);
}

TEST_F(SlackWebApiTest, FormCallsReachReadMethodsAndTheTokenCanBeOverridden) {
  WebApi& client = api();
  ASSERT_TRUE(call(client, "chat.postMessage", {{"channel", "C1"}, {"text", "root"}}));
  const std::string root = m_slack.messages("C1").at(0).ts;

  CallOptions form;
  form.form = true;
  auto replies =
      call(client, "conversations.replies", {{"channel", "C1"}, {"ts", root}, {"limit", 10}}, form);
  ASSERT_TRUE(replies) << replies.error().error.to_string();
  ASSERT_EQ(replies->at("messages").size(), 1U);
  EXPECT_TRUE(header(m_slack.calls("conversations.replies").at(0), "Content-Type")
                  .starts_with("application/x-www-form-urlencoded"));
  // A JSON body is ignored by conversations.replies, as on Slack.
  EXPECT_FALSE(call(client, "conversations.replies", {{"channel", "C1"}, {"ts", root}}));

  CallOptions app;
  app.token = "xapp-test";
  auto link = call(client, "apps.connections.open", nlohmann::json::object(), app);
  ASSERT_TRUE(link) << link.error().error.to_string();
  EXPECT_TRUE(link->value("url", "").starts_with("ws://127.0.0.1:"));
  EXPECT_EQ(header(m_slack.calls("apps.connections.open").at(0), "Authorization"), "Bearer xapp-test");
}

TEST_F(SlackWebApiTest, OkFalseIsAnErrorWithSlacksCodeAndIsNotRetried) {
  m_slack.error_next("chat.postMessage", "channel_not_found");
  auto reply = call(api(), "chat.postMessage", {{"channel", "C404"}, {"text", "x"}});
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, "channel_not_found");
  EXPECT_EQ(reply.error().error.key, "slack.chat.postMessage");
  EXPECT_EQ(reply.error().error.reason, "channel_not_found");
  EXPECT_FALSE(reply.error().retryable);
  EXPECT_EQ(m_slack.calls("chat.postMessage").size(), 1U);
  EXPECT_EQ(m_registry.value("steward_slack_api_calls_total",
                             {{"method", "chat.postMessage"}, {"status", "channel_not_found"}}),
            1);
}

TEST_F(SlackWebApiTest, AWrongTokenIsReportedWithoutTheToken) {
  WebApiOptions options;
  options.token = "xoxb-wrong-secret";
  auto reply = call(api(options), "auth.test", nlohmann::json::object());
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, "invalid_auth");
  EXPECT_EQ(reply.error().error.to_string().find("xoxb-wrong-secret"), std::string::npos);
}

TEST_F(SlackWebApiTest, ServerErrorsAreRetriedWithBackOffUntilOneSucceeds) {
  m_slack.fail_next("chat.postMessage", 500);
  m_slack.fail_next("chat.postMessage", 503);
  auto reply = call(api(), "chat.postMessage", {{"channel", "C1"}, {"text", "third time"}});
  ASSERT_TRUE(reply) << reply.error().error.to_string();
  auto calls = m_slack.calls("chat.postMessage");
  ASSERT_EQ(calls.size(), 3U);
  // Back-off: attempt n waits retry_base * 2^(n-1) * [0.5, 1].
  EXPECT_GE(calls[1].at - calls[0].at, 10ms);
  EXPECT_GE(calls[2].at - calls[1].at, 20ms);
  EXPECT_EQ(m_slack.messages("C1").size(), 1U);
  EXPECT_EQ(m_registry.value("steward_slack_api_calls_total",
                             {{"method", "chat.postMessage"}, {"status", "http_500"}}),
            1);
}

TEST_F(SlackWebApiTest, RetriesAreBoundedByMaxAttempts) {
  for (int i = 0; i < 5; ++i) {
    m_slack.fail_next("chat.postMessage", 502);
  }
  WebApiOptions options;
  options.max_attempts = 3;
  auto reply = call(api(options), "chat.postMessage", {{"channel", "C1"}, {"text", "never"}});
  ASSERT_FALSE(reply);
  EXPECT_TRUE(reply.error().retryable);
  EXPECT_NE(reply.error().error.reason.find("HTTP 502"), std::string::npos) << reply.error().error.reason;
  EXPECT_NE(reply.error().error.reason.find("3 attempts"), std::string::npos) << reply.error().error.reason;
  EXPECT_EQ(m_slack.calls("chat.postMessage").size(), 3U);
  EXPECT_TRUE(m_slack.messages("C1").empty());
}

TEST_F(SlackWebApiTest, ClientErrorsOtherThan429AreNotRetried) {
  m_slack.fail_next("chat.postMessage", 400);
  auto reply = call(api(), "chat.postMessage", {{"channel", "C1"}, {"text", "x"}});
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().error.reason, "HTTP 400");
  EXPECT_FALSE(reply.error().retryable);
  EXPECT_EQ(m_slack.calls("chat.postMessage").size(), 1U);
}

TEST_F(SlackWebApiTest, AnUnreachableSlackFailsAfterBoundedAttempts) {
  std::string dead_url;
  {
    FakeSlack gone; // a port that was listening and no longer is
    dead_url = gone.api_base_url();
  }
  WebApiOptions options;
  options.base_url = dead_url;
  options.max_attempts = 2;
  const auto started = Clock::now();
  auto reply = call(api(options), "auth.test", nlohmann::json::object());
  ASSERT_FALSE(reply);
  EXPECT_TRUE(reply.error().retryable);
  EXPECT_TRUE(reply.error().code.empty());
  EXPECT_EQ(reply.error().error.key, "slack.auth.test");
  EXPECT_NE(reply.error().error.reason.find("2 attempts"), std::string::npos) << reply.error().error.reason;
  EXPECT_LT(Clock::now() - started, 10s);
}

TEST_F(SlackWebApiTest, RateLimitedCallWaitsForRetryAfterThenSucceeds) {
  m_slack.rate_limit_next("chat.postMessage", 1);
  auto reply = call(api(), "chat.postMessage", {{"channel", "C1"}, {"text", "after the pause"}});
  ASSERT_TRUE(reply) << reply.error().error.to_string();
  auto calls = m_slack.calls("chat.postMessage");
  ASSERT_EQ(calls.size(), 2U);
  EXPECT_GE(calls[1].at - calls[0].at, 950ms);
  EXPECT_EQ(m_slack.messages("C1").size(), 1U);
  EXPECT_EQ(m_registry.value("steward_slack_rate_limited_total", {{"method", "chat.postMessage"}}), 1);
}

TEST_F(SlackWebApiTest, RateLimitsDoNotCountAsAttempts) {
  m_slack.rate_limit_next("reactions.add", 1);
  m_slack.rate_limit_next("reactions.add", 1);
  WebApiOptions options;
  options.max_attempts = 1;
  auto reply =
      call(api(options), "reactions.add", {{"channel", "C1"}, {"timestamp", "1.1"}, {"name", "eyes"}});
  ASSERT_TRUE(reply) << reply.error().error.to_string();
  EXPECT_EQ(m_slack.calls("reactions.add").size(), 3U);
}

TEST_F(SlackWebApiTest, GivesUpAtOnceWhenRetryAfterExceedsMaxWait) {
  m_slack.rate_limit_next("chat.postMessage", 30);
  WebApiOptions options;
  options.max_wait = 2s;
  const auto started = Clock::now();
  auto reply = call(api(options), "chat.postMessage", {{"channel", "C1"}, {"text", "x"}});
  ASSERT_FALSE(reply);
  EXPECT_EQ(reply.error().code, "ratelimited");
  EXPECT_TRUE(reply.error().retryable);
  EXPECT_LT(Clock::now() - started, 2s);
  EXPECT_EQ(m_slack.calls("chat.postMessage").size(), 1U);
}

TEST_F(SlackWebApiTest, ARateLimitPausesTheMethodForOtherCallersToo) {
  WebApi& client = api();
  m_slack.rate_limit_next("reactions.add", 1);
  auto first = call(client, "reactions.add", {{"channel", "C1"}, {"timestamp", "1.1"}, {"name", "a"}});
  ASSERT_TRUE(first);
  // The pause is over by now; a second caller goes through at once.
  const auto started = Clock::now();
  ASSERT_TRUE(call(client, "reactions.add", {{"channel", "C1"}, {"timestamp", "1.1"}, {"name", "b"}}));
  EXPECT_LT(Clock::now() - started, 900ms);

  // While a method is paused, a concurrent call waits for the pause too.
  m_slack.rate_limit_next("views.open", 1);
  auto paused = boost::asio::co_spawn(
      m_io.io(), client.call("views.open", {{"trigger_id", "t1"}, {"view", {}}}), boost::asio::use_future);
  ASSERT_EQ(m_slack.wait_for_calls("views.open", 1).size(), 1U);
  std::this_thread::sleep_for(100ms);
  auto second = call(client, "views.open", {{"trigger_id", "t2"}, {"view", {}}});
  ASSERT_TRUE(second);
  ASSERT_EQ(paused.wait_for(5s), std::future_status::ready);
  auto calls = m_slack.calls("views.open");
  ASSERT_EQ(calls.size(), 3U);
  EXPECT_GE(calls[1].at - calls[0].at, 900ms);
  EXPECT_GE(calls[2].at - calls[0].at, 900ms);
}

TEST_F(SlackWebApiTest, PostRawReachesResponseUrlsWithRetries) {
  m_slack.fail_next("response_url", 500);
  auto sent =
      m_io.await(api().post_raw(m_slack.url("/response/T1/abc"), "application/json", R"({"text":"hi"})"));
  ASSERT_TRUE(sent) << sent.error().error.to_string();
  EXPECT_EQ(*sent, "ok");
  auto calls = m_slack.calls("response_url");
  ASSERT_EQ(calls.size(), 2U);
  EXPECT_EQ(calls[1].body, R"({"text":"hi"})");
  // A response_url is not a Web API method: no bot token goes with it.
  EXPECT_TRUE(header(calls[1], "Authorization").empty());
}

// --- SlackChat: the Chat port over the Web API.

class SlackChatTest : public SlackWebApiTest {
protected:
  SlackChat& chat() {
    if (!m_chat) {
      m_chat = make_slack_chat(api(), m_io.executor());
    }
    return *m_chat;
  }

  std::unique_ptr<SlackChat> m_chat;
};

answer::Answer long_answer(std::size_t paragraphs) {
  answer::Answer out;
  out.summary = "long";
  out.blocks.emplace_back(answer::Header{"A long answer"});
  for (std::size_t i = 0; i < paragraphs; ++i) {
    out.blocks.emplace_back(answer::Paragraph{"Paragraph number " + std::to_string(i)});
  }
  return out;
}

TEST_F(SlackChatTest, PostsInTheThreadWithTheMarkerAndReadsItBack) {
  testing::StoredMessage root;
  root.channel = "C1";
  root.ts = "1700000000.000001";
  root.text = "what feeds fct_orders?";
  m_slack.add_user_message(root);
  auto posted = chat().post({"T1", "C1", "1700000000.000001"}, long_answer(2), {"steward-job:7"});
  ASSERT_TRUE(posted) << posted.error().to_string();
  ASSERT_EQ(posted->size(), 1U);
  EXPECT_EQ(posted->front().channel, "C1");

  auto messages = m_slack.messages("C1");
  ASSERT_EQ(messages.size(), 2U);
  EXPECT_EQ(messages[1].thread_ts, "1700000000.000001");
  EXPECT_EQ(messages[1].ts, posted->front().message);
  EXPECT_EQ(messages[1].metadata.value("event_type", ""), "steward_marker");

  auto thread = chat().thread_messages("C1", "1700000000.000001", 50);
  ASSERT_TRUE(thread) << thread.error().to_string();
  ASSERT_EQ(thread->size(), 2U);
  EXPECT_EQ(thread->front().user, "U0USER");
  EXPECT_TRUE(thread->front().marker.empty());
  EXPECT_EQ(thread->back().marker, "steward-job:7");
  EXPECT_EQ(thread->back().bot_id, "B0BOT");
}

TEST_F(SlackChatTest, AnAnswerOverTheBlockLimitIsSplitIntoTheFirstMessagesThread) {
  auto posted = chat().post({"T1", "C2", ""}, long_answer(120));
  ASSERT_TRUE(posted) << posted.error().to_string();
  ASSERT_GE(posted->size(), 3U); // 121 blocks at 50 per message
  auto messages = m_slack.messages("C2");
  ASSERT_EQ(messages.size(), posted->size());
  EXPECT_TRUE(messages[0].thread_ts.empty());
  for (std::size_t i = 1; i < messages.size(); ++i) {
    EXPECT_EQ(messages[i].thread_ts, messages[0].ts);
  }
  std::size_t blocks = 0;
  for (const auto& message : messages) {
    EXPECT_LE(message.blocks.size(), 50U);
    blocks += message.blocks.size();
  }
  EXPECT_GE(blocks, 121U);
}

TEST_F(SlackChatTest, UpdateReplacesInPlaceAndPostsContinuationsInTheThread) {
  auto posted = chat().post({"T1", "C3", "1700000000.000009"}, long_answer(1));
  ASSERT_TRUE(posted);
  auto updated = chat().update(posted->front(), "1700000000.000009", long_answer(60));
  ASSERT_TRUE(updated) << updated.error().to_string();
  ASSERT_EQ(updated->size(), 2U);
  EXPECT_EQ(updated->front().message, posted->front().message);
  auto messages = m_slack.messages("C3");
  ASSERT_EQ(messages.size(), 2U);
  EXPECT_LE(messages[0].blocks.size(), 50U);
  EXPECT_GT(messages[0].blocks.size(), 2U); // the two-block original was replaced
  EXPECT_EQ(messages[1].thread_ts, "1700000000.000009");
}

TEST_F(SlackChatTest, ErrorsCarryTheMethodAndSlacksCode) {
  m_slack.error_next("chat.update", "message_not_found");
  auto updated = chat().update({"slack", "T1", "C1", "1.2"}, "", long_answer(1));
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().key, "slack.chat.update");
  EXPECT_EQ(updated.error().reason, "message_not_found");
}

TEST_F(SlackChatTest, AnExistingReactionIsSuccess) {
  m_slack.error_next("reactions.add", "already_reacted");
  EXPECT_TRUE(chat().react({"slack", "T1", "C1", "1.2"}, "white_check_mark"));
  m_slack.error_next("reactions.add", "invalid_name");
  auto bad = chat().react({"slack", "T1", "C1", "1.2"}, "no such emoji");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().reason, "invalid_name");
}

TEST_F(SlackChatTest, UserInfoPicksTheFriendliestNameAndTimeZone) {
  auto user = chat().user("U0ALICE");
  ASSERT_TRUE(user) << user.error().to_string();
  EXPECT_EQ(user->id, "U0ALICE");
  EXPECT_FALSE(user->name.empty());
  EXPECT_EQ(user->time_zone, "Europe/Amsterdam");
  EXPECT_FALSE(user->is_bot);
  auto bot = chat().user("U0BOT");
  ASSERT_TRUE(bot);
  EXPECT_TRUE(bot->is_bot);
}

TEST_F(SlackChatTest, UploadGoesThroughTheExternalUploadFlow) {
  const std::string bytes = "id,name\n1,alice\n2,bob\n";
  auto file = chat().upload({"T1", "C4", "1700000000.000002"}, "result.csv", "Query result", bytes);
  ASSERT_TRUE(file) << file.error().to_string();
  EXPECT_FALSE(file->empty());

  auto slot = m_slack.calls("files.getUploadURLExternal");
  ASSERT_EQ(slot.size(), 1U);
  EXPECT_EQ(slot[0].args.value("filename", ""), "result.csv");
  EXPECT_EQ(slot[0].args.at("length"), nlohmann::json(std::to_string(bytes.size())));

  auto uploads = m_slack.calls("upload");
  ASSERT_EQ(uploads.size(), 1U);
  EXPECT_EQ(uploads[0].body, bytes);

  auto complete = m_slack.calls("files.completeUploadExternal");
  ASSERT_EQ(complete.size(), 1U);
  EXPECT_EQ(complete[0].args.value("channel_id", ""), "C4");
  EXPECT_EQ(complete[0].args.value("thread_ts", ""), "1700000000.000002");
  EXPECT_EQ(complete[0].args.at("files").at(0).value("id", ""), *file);
  EXPECT_EQ(complete[0].args.at("files").at(0).value("title", ""), "Query result");
  // Order: slot, bytes, share.
  EXPECT_LE(slot[0].at, uploads[0].at);
  EXPECT_LE(uploads[0].at, complete[0].at);
}

TEST_F(SlackChatTest, AFailedUploadIsNotShared) {
  m_slack.fail_next("upload", 400);
  auto file = chat().upload({"T1", "C4", ""}, "x.csv", "x", "a,b\n");
  ASSERT_FALSE(file);
  EXPECT_TRUE(m_slack.calls("files.completeUploadExternal").empty());
}

TEST_F(SlackChatTest, RespondAndOpenViewSendSlacksShapes) {
  ASSERT_TRUE(chat().respond(m_slack.url("/response/T1/xyz"), long_answer(1), true, false));
  auto responses = m_slack.calls("response_url");
  ASSERT_EQ(responses.size(), 1U);
  EXPECT_EQ(responses[0].args.value("response_type", ""), "in_channel");
  EXPECT_FALSE(responses[0].args.value("replace_original", true));
  EXPECT_TRUE(responses[0].args.at("blocks").is_array());

  nlohmann::json view = {{"type", "modal"}, {"title", {{"type", "plain_text"}, {"text", "Feedback"}}}};
  ASSERT_TRUE(chat().open_view("trigger-1", view));
  auto opened = m_slack.calls("views.open");
  ASSERT_EQ(opened.size(), 1U);
  EXPECT_EQ(opened[0].args.value("trigger_id", ""), "trigger-1");
  EXPECT_EQ(opened[0].args.at("view").value("type", ""), "modal");
}

} // namespace
} // namespace steward::slack

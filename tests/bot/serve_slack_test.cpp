// End-to-end: `steward serve` as a process between a signed Slack delivery
// and a fake Slack Web API. What the user would see in Slack is what the
// fake recorded.

#include <gtest/gtest.h>

#include "tests/support/fake_slack.hpp"
#include "tests/support/http_call.hpp"
#include "tests/support/slack_payloads.hpp"
#include "tests/support/steward_daemon.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::testing {
namespace {

using namespace std::chrono_literals;

class ServeSlackTest : public ::testing::Test {
protected:
  void start(DaemonSettings settings = {}) {
    m_daemon = std::make_unique<StewardDaemon>(m_dir.path(), m_slack, std::move(settings));
    ASSERT_TRUE(m_daemon->start()) << m_daemon->output();
  }

  HttpReply deliver(const nlohmann::json& body, int retry = 0) {
    HttpCall request = slack_request(k_signing_secret, body.dump());
    if (retry > 0) {
      request.headers.emplace_back("X-Slack-Retry-Num", std::to_string(retry));
      request.headers.emplace_back("X-Slack-Retry-Reason", "http_timeout");
    }
    return http_call(m_daemon->port(), request);
  }

  /// Text of every block of a recorded chat.* call, joined.
  static std::string shown(const RecordedCall& call) {
    std::string text = call.args.value("text", "");
    if (call.args.contains("blocks")) {
      text += call.args["blocks"].dump();
    }
    return text;
  }

  TempDir m_dir;
  FakeSlack m_slack;
  std::unique_ptr<StewardDaemon> m_daemon;
};

TEST_F(ServeSlackTest, SignedMentionGetsAThreadedAnswerInPlaceOfAPlaceholder) {
  start();
  HttpReply ack = deliver(event_callback("Ev1", mention("what is fct_orders?", "1700000100.000100")));
  ASSERT_EQ(ack.status, 200) << ack.error;
  EXPECT_LT(ack.elapsed, 3s);

  auto posted = m_slack.wait_for_calls("chat.postMessage", 1);
  ASSERT_EQ(posted.size(), 1U) << m_daemon->output();
  EXPECT_EQ(posted[0].args["channel"], "C111");
  EXPECT_EQ(posted[0].args["thread_ts"], "1700000100.000100"); // a string, in the mention's thread
  EXPECT_EQ(posted[0].headers.end() !=
                std::find_if(posted[0].headers.begin(), posted[0].headers.end(),
                             [](const auto& h) { return h.second == "Bearer xoxb-test"; }),
            true);
  auto updated = m_slack.wait_for_calls("chat.update", 1);
  ASSERT_EQ(updated.size(), 1U) << m_daemon->output();
  EXPECT_EQ(updated[0].args["channel"], "C111");
  const std::vector<StoredMessage> messages = m_slack.messages("C111");
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(updated[0].args["ts"], messages[0].ts);
  EXPECT_NE(shown(updated[0]).find("fct_orders"), std::string::npos) << shown(updated[0]);
  EXPECT_NE(shown(updated[0]).find("steward.feedback"), std::string::npos);
}

TEST_F(ServeSlackTest, TheSameEventDeliveredThreeTimesIsAnsweredOnce) {
  start();
  const nlohmann::json body = event_callback("EvDup", mention("describe dim_customers", "1700000200.000100"));
  for (int retry = 0; retry < 3; ++retry) {
    EXPECT_EQ(deliver(body, retry).status, 200);
  }
  ASSERT_EQ(m_slack.wait_for_calls("chat.update", 1).size(), 1U) << m_daemon->output();
  std::this_thread::sleep_for(1500ms); // long enough for a duplicate job to have posted
  EXPECT_EQ(m_slack.calls("chat.postMessage").size(), 1U);
  EXPECT_EQ(m_slack.calls("chat.update").size(), 1U);
}

TEST_F(ServeSlackTest, RateLimitedPostIsRetriedAfterRetryAfter) {
  start();
  m_slack.rate_limit_next("chat.postMessage", 1);
  ASSERT_EQ(deliver(event_callback("Ev429", mention("lineage fct_orders", "1700000300.000100"))).status, 200);
  auto posted = m_slack.wait_for_calls("chat.postMessage", 2);
  ASSERT_EQ(posted.size(), 2U) << m_daemon->output();
  EXPECT_GE(posted[1].at - posted[0].at, 950ms);
  ASSERT_EQ(m_slack.wait_for_calls("chat.update", 1).size(), 1U);
  EXPECT_EQ(m_slack.messages("C111").size(), 1U); // one reply, not two
}

TEST_F(ServeSlackTest, KilledMidJobThenRestartedRepliesExactlyOnce) {
  start();
  // The question exists in Slack, so the restarted daemon can read its thread.
  m_slack.add_user_message({"C111", "1700000400.000100", "",
                            "<@U0BOT> what breaks if stg_shop__orders changes?", nullptr, nullptr, "",
                            "U111"});
  m_slack.hold("chat.update");
  ASSERT_EQ(deliver(event_callback("EvKill",
                                   mention("what breaks if stg_shop__orders changes?", "1700000400.000100")))
                .status,
            200);
  ASSERT_EQ(m_slack.wait_for_calls("chat.update", 1).size(), 1U) << m_daemon->output();
  m_daemon->kill_hard(); // mid-job: the placeholder is posted, the answer is not
  m_slack.release("chat.update");

  start(); // same state dir: the job is still leased to the dead process
  auto updates = m_slack.wait_for_calls("chat.update", 2, 20s);
  ASSERT_EQ(updates.size(), 2U) << m_daemon->output();
  EXPECT_EQ(m_slack.calls("chat.postMessage").size(), 1U); // the retry reused the placeholder
  EXPECT_FALSE(m_slack.calls("conversations.replies").empty());
  std::vector<StoredMessage> replies;
  for (const StoredMessage& message : m_slack.messages("C111")) {
    if (message.bot_id == "B0BOT") {
      replies.push_back(message);
    }
  }
  ASSERT_EQ(replies.size(), 1U);
  EXPECT_EQ(replies[0].thread_ts, "1700000400.000100");
  EXPECT_NE(replies[0].text.find("stg_shop__orders"), std::string::npos) << replies[0].text;
}

TEST_F(ServeSlackTest, OwnMessagesAndEditsAreIgnored) {
  start();
  nlohmann::json own = mention("I am the bot", "1700000500.000100");
  own["bot_id"] = "B0BOT";
  EXPECT_EQ(deliver(event_callback("EvOwn", own)).status, 200);
  nlohmann::json edited = {{"type", "message"},
                           {"subtype", "message_changed"},
                           {"hidden", true},
                           {"channel", "D111"},
                           {"channel_type", "im"},
                           {"ts", "1700000500.000200"},
                           {"event_ts", "1700000500.000200"}};
  EXPECT_EQ(deliver(event_callback("EvEdit", edited)).status, 200);
  nlohmann::json channel_message = {{"type", "message"},
                                    {"channel", "C111"},
                                    {"channel_type", "channel"},
                                    {"user", "U111"},
                                    {"text", "<@U0BOT> hi"},
                                    {"ts", "1700000500.000300"},
                                    {"event_ts", "1700000500.000300"}};
  EXPECT_EQ(deliver(event_callback("EvChan", channel_message)).status, 200); // arrives as app_mention too
  std::this_thread::sleep_for(1500ms);
  EXPECT_TRUE(m_slack.calls("chat.postMessage").empty());
}

TEST_F(ServeSlackTest, FollowUpInTheThreadContinuesTheConversation) {
  start();
  ASSERT_EQ(deliver(event_callback("EvQ1", mention("what is dim_customers?", "1700000600.000100"))).status,
            200);
  ASSERT_EQ(m_slack.wait_for_calls("chat.update", 1).size(), 1U);
  ASSERT_EQ(deliver(event_callback(
                        "EvQ2", mention("what feeds it?", "1700000600.000200", "C111", "1700000600.000100")))
                .status,
            200);
  auto updates = m_slack.wait_for_calls("chat.update", 2);
  ASSERT_EQ(updates.size(), 2U);
  auto posted = m_slack.calls("chat.postMessage");
  ASSERT_EQ(posted.size(), 2U);
  EXPECT_EQ(posted[1].args["thread_ts"], "1700000600.000100");
  // "it" is dim_customers: the upstream answer names its staging model.
  EXPECT_NE(shown(updates[1]).find("stg_shop__customers"), std::string::npos) << shown(updates[1]);
}

TEST_F(ServeSlackTest, SlashCommandAcksEphemerallyThenPostsTheAnswer) {
  start();
  HttpCall command = slack_request(
      k_signing_secret, slash_command("lineage fct_orders", "398738663015.1", m_slack.url("/response/1")),
      "application/x-www-form-urlencoded");
  HttpReply ack = http_call(m_daemon->port(), command);
  ASSERT_EQ(ack.status, 200);
  auto body = nlohmann::json::parse(ack.body);
  EXPECT_EQ(body["response_type"], "ephemeral");
  auto posted = m_slack.wait_for_calls("chat.postMessage", 1);
  ASSERT_EQ(posted.size(), 1U) << m_daemon->output();
  EXPECT_EQ(posted[0].args["channel"], "C111");
  EXPECT_NE(shown(posted[0]).find("fct_orders"), std::string::npos);

  HttpCall help =
      slack_request(k_signing_secret, slash_command("help", "398738663015.2", m_slack.url("/response/2")),
                    "application/x-www-form-urlencoded");
  HttpReply help_ack = http_call(m_daemon->port(), help);
  ASSERT_EQ(help_ack.status, 200);
  auto help_body = nlohmann::json::parse(help_ack.body);
  EXPECT_EQ(help_body["response_type"], "ephemeral");
  EXPECT_NE(help_body.dump().find("lineage"), std::string::npos);
}

TEST_F(ServeSlackTest, ThumbsDownButtonOpensTheFeedbackModalAndApprovalsNeedAnApprover) {
  start();
  ASSERT_EQ(deliver(event_callback("EvFb", mention("what is fct_orders?", "1700000700.000100"))).status, 200);
  ASSERT_EQ(m_slack.wait_for_calls("chat.update", 1).size(), 1U);
  const std::string answer_ts = m_slack.messages("C111").at(0).ts;

  HttpCall click = slack_request(
      k_signing_secret, interaction_form(block_actions("U111", "steward.feedback#1", "-1", answer_ts, "t.1")),
      "application/x-www-form-urlencoded");
  ASSERT_EQ(http_call(m_daemon->port(), click).status, 200);
  auto opened = m_slack.wait_for_calls("views.open", 1);
  ASSERT_EQ(opened.size(), 1U) << m_daemon->output();
  EXPECT_EQ(opened[0].args["trigger_id"], "t.1");

  HttpCall approve = slack_request(
      k_signing_secret, interaction_form(block_actions("U999", "steward.approve", "1", answer_ts, "t.2")),
      "application/x-www-form-urlencoded");
  ASSERT_EQ(http_call(m_daemon->port(), approve).status, 200);
  auto refused = m_slack.wait_for_calls("chat.postEphemeral", 1);
  ASSERT_EQ(refused.size(), 1U) << m_daemon->output();
  EXPECT_EQ(refused[0].args["user"], "U999");
  EXPECT_NE(shown(refused[0]).find("approver"), std::string::npos) << shown(refused[0]);
}

} // namespace
} // namespace steward::testing

#include <functional>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/slack/form.hpp"
#include "core/slack/inbound.hpp"
#include "tests/core/slack_payloads.hpp"

namespace steward::slack {
namespace {

const SelfIdentity k_self{std::string(payloads::k_self_bot_id), std::string(payloads::k_self_user_id)};

std::string edit(std::string_view json, const std::function<void(nlohmann::json&)>& change) {
  nlohmann::json value = nlohmann::json::parse(json);
  change(value);
  return value.dump();
}

Work work_of(InboundKind kind, std::string_view payload) {
  auto work = interpret(kind, payload, k_self);
  EXPECT_TRUE(work.has_value()) << (work ? "" : work.error().to_string());
  return work.value_or(Work{Ignored{"(error)"}});
}

/// The ignore reason, or "(not ignored)".
std::string ignored(InboundKind kind, std::string_view payload) {
  const Work work = work_of(kind, payload);
  const auto* reason = std::get_if<Ignored>(&work);
  return reason == nullptr ? "(not ignored)" : reason->reason;
}

TEST(SlackInterpret, AppMentionIsAUserMessage) {
  const Work work = work_of(InboundKind::event, payloads::k_app_mention);
  const auto* message = std::get_if<UserMessage>(&work);
  ASSERT_NE(message, nullptr);
  EXPECT_EQ(message->team, "T111");
  EXPECT_EQ(message->channel, "C111");
  EXPECT_EQ(message->channel_type, "channel");
  EXPECT_EQ(message->user, "W222");
  EXPECT_EQ(message->text, "Hi there!");
  EXPECT_EQ(message->ts, "1595926230.009600");
  EXPECT_TRUE(message->thread_ts.empty());
  EXPECT_TRUE(message->mention);
  EXPECT_EQ(message->reply_thread(), "1595926230.009600");
}

TEST(SlackInterpret, MentionInThreadRepliesInThread) {
  const std::string body = edit(payloads::k_app_mention, [](nlohmann::json& j) {
    j["event"]["thread_ts"] = "1595926000.000100";
    j["event"]["text"] = "<@W23456789> what feeds <@U777>?";
  });
  const Work work = work_of(InboundKind::event, body);
  const auto* message = std::get_if<UserMessage>(&work);
  ASSERT_NE(message, nullptr);
  EXPECT_EQ(message->reply_thread(), "1595926000.000100");
  EXPECT_EQ(message->text, "what feeds <@U777>?");
}

TEST(SlackInterpret, DirectMessageIsAUserMessage) {
  const Work work = work_of(InboundKind::event, payloads::k_dm_message);
  const auto* message = std::get_if<UserMessage>(&work);
  ASSERT_NE(message, nullptr);
  EXPECT_EQ(message->channel, "D111");
  EXPECT_EQ(message->channel_type, "im");
  EXPECT_EQ(message->user, "W111");
  EXPECT_EQ(message->text, "Hi there! Thanks for sharing the info!");
  EXPECT_FALSE(message->mention);
}

TEST(SlackInterpret, KeepsFileShareAndThreadBroadcastInDms) {
  for (const char* subtype : {"file_share", "thread_broadcast"}) {
    const std::string body =
        edit(payloads::k_dm_message, [&](nlohmann::json& j) { j["event"]["subtype"] = subtype; });
    const Work work = work_of(InboundKind::event, body);
    EXPECT_TRUE(std::holds_alternative<UserMessage>(work)) << subtype;
  }
}

TEST(SlackInterpret, IgnoreRules) {
  EXPECT_EQ(ignored(InboundKind::event, payloads::k_own_dm_message), "own message");
  const std::string own_user =
      edit(payloads::k_dm_message, [](nlohmann::json& j) { j["event"]["user"] = payloads::k_self_user_id; });
  EXPECT_EQ(ignored(InboundKind::event, own_user), "own message");
  const std::string own_mention = edit(
      payloads::k_app_mention, [](nlohmann::json& j) { j["event"]["bot_id"] = payloads::k_self_bot_id; });
  EXPECT_EQ(ignored(InboundKind::event, own_mention), "own message");
  EXPECT_EQ(ignored(InboundKind::event, payloads::k_other_bot_dm_message), "bot message");
  EXPECT_EQ(ignored(InboundKind::event, payloads::k_classic_bot_message), "bot message");
  EXPECT_EQ(ignored(InboundKind::event, payloads::k_message_changed), "subtype message_changed");
  const std::string joined =
      edit(payloads::k_dm_message, [](nlohmann::json& j) { j["event"]["subtype"] = "channel_join"; });
  EXPECT_EQ(ignored(InboundKind::event, joined), "subtype channel_join");
  const std::string hidden =
      edit(payloads::k_dm_message, [](nlohmann::json& j) { j["event"]["hidden"] = true; });
  EXPECT_EQ(ignored(InboundKind::event, hidden), "hidden message");
  // Mentions arrive as app_mention as well; the channel `message` is dropped.
  EXPECT_EQ(ignored(InboundKind::event, payloads::k_channel_message), "message in channel (mentions only)");
  const std::string group =
      edit(payloads::k_channel_message, [](nlohmann::json& j) { j["event"]["channel_type"] = "mpim"; });
  EXPECT_EQ(ignored(InboundKind::event, group), "message in channel (mentions only)");
  const std::string home = edit(payloads::k_app_mention, [](nlohmann::json& j) {
    j["event"] = {{"type", "app_home_opened"}, {"user", "W222"}, {"channel", "D111"}};
  });
  EXPECT_EQ(ignored(InboundKind::event, home), "unsupported event app_home_opened");
}

TEST(SlackInterpret, Reactions) {
  const Work added = work_of(InboundKind::event, payloads::k_reaction_added);
  const auto* reaction = std::get_if<ReactionEvent>(&added);
  ASSERT_NE(reaction, nullptr);
  EXPECT_EQ(reaction->team, "T111");
  EXPECT_EQ(reaction->user, "W111");
  EXPECT_EQ(reaction->reaction, "heart_eyes");
  EXPECT_EQ(reaction->channel, "C111");
  EXPECT_EQ(reaction->message_ts, "1599529504.000400");
  EXPECT_TRUE(reaction->added);

  const std::string removed_body =
      edit(payloads::k_reaction_added, [](nlohmann::json& j) { j["event"]["type"] = "reaction_removed"; });
  const Work removed = work_of(InboundKind::event, removed_body);
  ASSERT_TRUE(std::holds_alternative<ReactionEvent>(removed));
  EXPECT_FALSE(std::get<ReactionEvent>(removed).added);

  EXPECT_EQ(ignored(InboundKind::event, payloads::k_reaction_added_by_self), "own reaction");
  const std::string on_file = edit(payloads::k_reaction_added, [](nlohmann::json& j) {
    j["event"]["item"] = {{"type", "file"}, {"file", "F111"}};
  });
  EXPECT_EQ(ignored(InboundKind::event, on_file), "reaction on file");
}

TEST(SlackInterpret, SlashCommand) {
  const auto inbound = read_http_body("application/x-www-form-urlencoded", payloads::k_slash_command_form);
  ASSERT_TRUE(inbound.has_value());
  const Work work = work_of(inbound->kind, inbound->payload);
  const auto* command = std::get_if<SlashCommand>(&work);
  ASSERT_NE(command, nullptr);
  EXPECT_EQ(command->team, "T1DC2JH3J");
  EXPECT_EQ(command->channel, "G8PSS9T3V");
  EXPECT_EQ(command->user, "U2CERLKJA");
  EXPECT_EQ(command->command, "/webhook-collect");
  EXPECT_EQ(command->text, "");
  EXPECT_EQ(command->response_url,
            "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN");
  EXPECT_EQ(command->trigger_id, "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");
}

TEST(SlackInterpret, BlockAction) {
  const Work work = work_of(InboundKind::interaction, payloads::k_block_actions);
  const auto* action = std::get_if<BlockAction>(&work);
  ASSERT_NE(action, nullptr);
  EXPECT_EQ(action->team, "T111");
  EXPECT_EQ(action->user, "W111");
  EXPECT_EQ(action->channel, "C111");
  EXPECT_EQ(action->action_id, "a");
  EXPECT_EQ(action->block_id, "b");
  EXPECT_EQ(action->value, "click_me_123");
  EXPECT_EQ(action->message_ts, "111.222");
  EXPECT_EQ(action->thread_ts, "111.222");
  EXPECT_EQ(action->response_url, "https://hooks.slack.com/actions/T111/111/random-value");
  EXPECT_EQ(action->trigger_id, "111.222.valid");
  EXPECT_TRUE(action->ephemeral);
}

TEST(SlackInterpret, BlockActionSelectInThread) {
  const std::string body = edit(payloads::k_block_actions, [](nlohmann::json& j) {
    j["container"]["is_ephemeral"] = false;
    j["message"] = {{"type", "message"}, {"ts", "111.222"}, {"thread_ts", "100.001"}, {"text", "answer"}};
    auto& action = j["actions"][0];
    action.erase("value");
    action["type"] = "static_select";
    action["selected_option"] = {{"text", {{"type", "plain_text"}, {"text", "Orders"}}},
                                 {"value", "model.orders"}};
  });
  const Work work = work_of(InboundKind::interaction, body);
  const auto* action = std::get_if<BlockAction>(&work);
  ASSERT_NE(action, nullptr);
  EXPECT_EQ(action->value, "model.orders");
  EXPECT_EQ(action->thread_ts, "100.001");
  EXPECT_EQ(action->message_ts, "111.222");
  EXPECT_FALSE(action->ephemeral);
}

TEST(SlackInterpret, ViewSubmissionFlattensState) {
  const std::string body = edit(payloads::k_view_submission, [](nlohmann::json& j) {
    j["view"]["state"]["values"]["pick"] = {
        {"model", {{"type", "static_select"}, {"selected_option", {{"value", "model.orders"}}}}},
        {"when", {{"type", "datepicker"}, {"selected_date", "2024-01-31"}}},
        {"empty", {{"type", "plain_text_input"}, {"value", nullptr}}}};
  });
  const Work work = work_of(InboundKind::interaction, body);
  const auto* view = std::get_if<ViewSubmission>(&work);
  ASSERT_NE(view, nullptr);
  EXPECT_EQ(view->team, "T111");
  EXPECT_EQ(view->user, "W111");
  EXPECT_EQ(view->view_id, "V111");
  EXPECT_EQ(view->callback_id, "view-id");
  EXPECT_EQ(view->private_metadata, "This is for you!");
  const std::map<std::string, std::string> expected{{"hspI.maBWU", "test"},
                                                    {"pick.model", "model.orders"},
                                                    {"pick.when", "2024-01-31"},
                                                    {"pick.empty", ""}};
  EXPECT_EQ(view->values, expected);
}

TEST(SlackInterpret, OtherInteractionsAndKindsAreIgnored) {
  const std::string shortcut = nlohmann::json::parse(payloads::k_envelope_shortcut)["payload"].dump();
  EXPECT_EQ(ignored(InboundKind::interaction, shortcut), "unsupported interaction shortcut");
  const std::string closed =
      edit(payloads::k_view_submission, [](nlohmann::json& j) { j["type"] = "view_closed"; });
  EXPECT_EQ(ignored(InboundKind::interaction, closed), "unsupported interaction view_closed");
  EXPECT_NE(ignored(InboundKind::url_verification, ""), "(not ignored)");
  EXPECT_NE(ignored(InboundKind::ssl_check, ""), "(not ignored)");
  EXPECT_NE(ignored(InboundKind::app_rate_limited, payloads::k_app_rate_limited), "(not ignored)");
}

TEST(SlackInterpret, MalformedPayloadsArePayloadErrors) {
  const std::vector<std::pair<InboundKind, std::string>> bad{
      {InboundKind::event, "{"},
      {InboundKind::event, "[]"},
      {InboundKind::event, R"({"type":"event_callback"})"},
      {InboundKind::event, edit(payloads::k_dm_message, [](nlohmann::json& j) { j["event"].erase("user"); })},
      {InboundKind::event,
       edit(payloads::k_reaction_added, [](nlohmann::json& j) { j["event"].erase("item"); })},
      {InboundKind::command, R"({"text":"hi"})"},
      {InboundKind::interaction,
       edit(payloads::k_block_actions, [](nlohmann::json& j) { j["actions"] = 1; })},
      {InboundKind::interaction,
       edit(payloads::k_view_submission, [](nlohmann::json& j) { j.erase("view"); })},
  };
  for (const auto& [kind, payload] : bad) {
    const auto work = interpret(kind, payload, k_self);
    ASSERT_FALSE(work.has_value()) << payload;
    EXPECT_EQ(work.error().key, "payload");
  }
}

TEST(SlackStripMention, RemovesLeadingAndSelfMentions) {
  const std::string self(payloads::k_self_user_id);
  EXPECT_EQ(strip_mention("<@W111> Hi there!", self), "Hi there!");
  EXPECT_EQ(strip_mention("  <@W23456789|steward>  what feeds orders? ", self), "what feeds orders?");
  EXPECT_EQ(strip_mention("ask <@W23456789> about <@U999>", self), "ask about <@U999>");
  EXPECT_EQ(strip_mention("<@W23456789><@W23456789>", self), "");
  EXPECT_EQ(strip_mention("no mention here", self), "no mention here");
  EXPECT_EQ(strip_mention("", self), "");
  EXPECT_EQ(strip_mention("<@> x", self), "<@> x");
  EXPECT_EQ(strip_mention("<@W23456789 unterminated", self), "<@W23456789 unterminated");
  EXPECT_EQ(strip_mention("<#C123|general> hi", self), "<#C123|general> hi");
}

} // namespace
} // namespace steward::slack

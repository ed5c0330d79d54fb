// Events API inner events → Work, with Slack's ignore rules (reference §2).

#include <optional>
#include <string>

#include "core/slack/payload_json.hpp"

namespace steward::slack::detail {
namespace {

/// Why a message-like event (`message`, `app_mention`) is not ours to
/// answer, or nothing when it is.
std::optional<std::string> ignore_reason(const nlohmann::json& event, const SelfIdentity& self) {
  const std::string bot_id = string_field(event, "bot_id");
  const std::string user = string_field(event, "user");
  if (!bot_id.empty() && bot_id == self.bot_id) {
    return "own message";
  }
  if (!user.empty() && user == self.bot_user_id) {
    return "own message";
  }
  if (!bot_id.empty()) {
    return "bot message";
  }
  const std::string subtype = string_field(event, "subtype");
  if (!subtype.empty() && subtype != "file_share" && subtype != "thread_broadcast") {
    return "subtype " + subtype;
  }
  if (bool_field(event, "hidden")) {
    return "hidden message";
  }
  return std::nullopt;
}

/// The conversation kind from a channel id when the event does not say.
std::string channel_type_of(const std::string& channel) {
  if (channel.starts_with('D')) {
    return "im";
  }
  if (channel.starts_with('G')) {
    return "group";
  }
  return "channel";
}

Result<Work> user_message(const nlohmann::json& event, const std::string& team, const SelfIdentity& self) {
  const bool mention = string_field(event, "type") == "app_mention";
  if (auto reason = ignore_reason(event, self)) {
    return Ignored{std::move(*reason)};
  }
  UserMessage message;
  message.team = team;
  message.channel = string_field(event, "channel");
  message.channel_type = string_field(event, "channel_type");
  if (message.channel_type.empty()) {
    message.channel_type = channel_type_of(message.channel);
  }
  message.thread_ts = string_field(event, "thread_ts");
  if (!mention && message.channel_type != "im") {
    const std::string text = string_field(event, "text");
    const bool names_self =
        !self.bot_user_id.empty() && text.find("<@" + self.bot_user_id) != std::string::npos;
    if (message.thread_ts.empty() || names_self) {
      return Ignored{"message in channel (mentions only)"}; // a mention also arrives as app_mention
    }
  }
  message.user = string_field(event, "user");
  message.ts = string_field(event, "ts");
  if (message.channel.empty() || message.user.empty() || message.ts.empty()) {
    return fail("payload", "message event without `channel`, `user` or `ts`");
  }
  message.text = strip_mention(string_field(event, "text"), self.bot_user_id);
  message.mention = mention;
  return message;
}

Result<Work> reaction(const nlohmann::json& event, const std::string& team, const SelfIdentity& self) {
  ReactionEvent reaction;
  reaction.team = team;
  reaction.added = string_field(event, "type") == "reaction_added";
  reaction.user = string_field(event, "user");
  if (!reaction.user.empty() && reaction.user == self.bot_user_id) {
    return Ignored{"own reaction"};
  }
  const nlohmann::json* item = object_field(event, "item");
  if (item == nullptr) {
    return fail("payload", "reaction event without `item`");
  }
  const std::string item_type = string_field(*item, "type");
  if (item_type != "message") {
    return Ignored{"reaction on " + (item_type.empty() ? std::string("unknown item") : item_type)};
  }
  reaction.reaction = string_field(event, "reaction");
  reaction.channel = string_field(*item, "channel");
  reaction.message_ts = string_field(*item, "ts");
  if (reaction.reaction.empty() || reaction.channel.empty() || reaction.message_ts.empty()) {
    return fail("payload", "reaction event without `reaction`, `item.channel` or `item.ts`");
  }
  return reaction;
}

} // namespace

Result<Work> interpret_event(const nlohmann::json& body, const SelfIdentity& self) {
  const nlohmann::json* event = object_field(body, "event");
  if (event == nullptr) {
    return fail("payload", "event_callback without an `event` object");
  }
  const std::string team = string_field(body, "team_id");
  const std::string type = string_field(*event, "type");
  if (type == "app_mention" || type == "message") {
    return user_message(*event, team, self);
  }
  if (type == "reaction_added" || type == "reaction_removed") {
    return reaction(*event, team, self);
  }
  return Ignored{"unsupported event " + (type.empty() ? std::string("(no type)") : type)};
}

} // namespace steward::slack::detail

#pragma once

// Slack request bodies shaped like the real ones (reference:
// slack-teams.md §2–§3, taken from Slack's SDK fixtures), for end-to-end tests.

#include <string>

#include <nlohmann/json.hpp>

namespace steward::testing {

/// An `event_callback` body carrying `event`.
inline nlohmann::json event_callback(const std::string& event_id, nlohmann::json event) {
  return {{"token", "xxx"},
          {"team_id", "T0TEAM"},
          {"api_app_id", "A111"},
          {"event", std::move(event)},
          {"type", "event_callback"},
          {"event_id", event_id},
          {"event_time", 1700000000},
          {"authorizations", nlohmann::json::array({{{"enterprise_id", nullptr},
                                                     {"team_id", "T0TEAM"},
                                                     {"user_id", "U0BOT"},
                                                     {"is_bot", true},
                                                     {"is_enterprise_install", false}}})},
          {"is_ext_shared_channel", false},
          {"event_context", "1-app_mention-T0TEAM-C111"}};
}

/// An `app_mention` of the bot (`<@U0BOT> text`) in channel `channel`.
inline nlohmann::json mention(const std::string& text, const std::string& ts,
                              const std::string& channel = "C111", const std::string& thread_ts = "") {
  nlohmann::json event = {{"client_msg_id", "c9b466b5-" + ts},
                          {"type", "app_mention"},
                          {"text", "<@U0BOT> " + text},
                          {"user", "U111"},
                          {"ts", ts},
                          {"team", "T0TEAM"},
                          {"channel", channel},
                          {"event_ts", ts}};
  if (!thread_ts.empty()) {
    event["thread_ts"] = thread_ts;
  }
  return event;
}

/// A `/steward` slash command form body.
inline std::string slash_command(const std::string& text, const std::string& trigger_id,
                                 const std::string& response_url) {
  auto encode = [](const std::string& value) {
    std::string out;
    for (unsigned char c : value) {
      if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
        out += static_cast<char>(c);
      } else {
        char hex[4];
        std::snprintf(hex, sizeof hex, "%%%02X", c);
        out += hex;
      }
    }
    return out;
  };
  return "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T0TEAM&team_domain=testteamnow&channel_id=C111"
         "&channel_name=foobar&user_id=U111&user_name=roadrunner&command=%2Fsteward&text=" +
         encode(text) + "&api_app_id=A111&is_enterprise_install=false&response_url=" + encode(response_url) +
         "&trigger_id=" + encode(trigger_id);
}

/// A `block_actions` payload for a button click by `user` on message `message_ts`.
inline nlohmann::json block_actions(const std::string& user, const std::string& action_id,
                                    const std::string& value, const std::string& message_ts,
                                    const std::string& trigger_id) {
  return {
      {"type", "block_actions"},
      {"user", {{"id", user}, {"username", "someone"}, {"name", "someone"}, {"team_id", "T0TEAM"}}},
      {"api_app_id", "A111"},
      {"token", "verification_token"},
      {"container",
       {{"type", "message"}, {"message_ts", message_ts}, {"channel_id", "C111"}, {"is_ephemeral", false}}},
      {"trigger_id", trigger_id},
      {"team", {{"id", "T0TEAM"}, {"domain", "workspace-domain"}}},
      {"channel", {{"id", "C111"}, {"name", "test-channel"}}},
      {"message", {{"type", "message"}, {"ts", message_ts}, {"bot_id", "B0BOT"}, {"text", "answer"}}},
      {"response_url", "https://hooks.slack.com/actions/T0TEAM/111/random-value"},
      {"actions",
       nlohmann::json::array({{{"action_id", action_id},
                               {"block_id", "b"},
                               {"text", {{"type", "plain_text"}, {"text", "Button"}, {"emoji", true}}},
                               {"value", value},
                               {"type", "button"},
                               {"action_ts", "1596530385.194939"}}})}};
}

/// The form body Slack sends for an interaction payload.
inline std::string interaction_form(const nlohmann::json& payload) {
  std::string out = "payload=";
  for (unsigned char c : payload.dump()) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

} // namespace steward::testing

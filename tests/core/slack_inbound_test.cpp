#include <functional>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/slack/form.hpp"
#include "core/slack/inbound.hpp"
#include "tests/core/slack_payloads.hpp"

namespace steward::slack {
namespace {

constexpr std::string_view k_json = "application/json";
constexpr std::string_view k_form = "application/x-www-form-urlencoded";

/// `json` after `change` was applied to its parsed form.
std::string edit(std::string_view json, const std::function<void(nlohmann::json&)>& change) {
  nlohmann::json value = nlohmann::json::parse(json);
  change(value);
  return value.dump();
}

std::string interaction_form(std::string_view payload) {
  return "payload=" + url_encode(payload);
}

Inbound read_ok(std::string_view content_type, std::string_view body) {
  auto inbound = read_http_body(content_type, body);
  EXPECT_TRUE(inbound.has_value()) << (inbound ? "" : inbound.error().to_string());
  return inbound.value_or(Inbound{});
}

TEST(SlackReadHttpBody, UrlVerificationCarriesChallenge) {
  const Inbound inbound = read_ok(k_json, payloads::k_url_verification);
  EXPECT_EQ(inbound.kind, InboundKind::url_verification);
  EXPECT_EQ(inbound.challenge, "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
  EXPECT_TRUE(inbound.dedupe_key.empty());
}

TEST(SlackReadHttpBody, EventCallbackKeysOnEventId) {
  const Inbound inbound = read_ok("application/json; charset=utf-8", payloads::k_app_mention);
  EXPECT_EQ(inbound.kind, InboundKind::event);
  EXPECT_EQ(inbound.dedupe_key, "event:Ev111");
  EXPECT_EQ(inbound.type, "app_mention");
  EXPECT_EQ(inbound.team, "T111");
  EXPECT_EQ(inbound.payload, payloads::k_app_mention);
  EXPECT_EQ(read_ok("Application/JSON", payloads::k_reaction_added).type, "reaction_added");
}

TEST(SlackReadHttpBody, AppRateLimited) {
  const Inbound inbound = read_ok(k_json, payloads::k_app_rate_limited);
  EXPECT_EQ(inbound.kind, InboundKind::app_rate_limited);
  EXPECT_EQ(inbound.team, "T123456");
}

TEST(SlackReadHttpBody, SslCheckIgnoresTheRest) {
  EXPECT_EQ(read_ok(k_form, "ssl_check=1&token=xyz").kind, InboundKind::ssl_check);
  EXPECT_EQ(read_ok(k_form, "token=xyz&ssl_check=1&payload=garbage").kind, InboundKind::ssl_check);
}

TEST(SlackReadHttpBody, SlashCommandFieldsBecomeJson) {
  const Inbound inbound = read_ok(k_form, payloads::k_slash_command_form);
  EXPECT_EQ(inbound.kind, InboundKind::command);
  EXPECT_EQ(inbound.type, "/webhook-collect");
  EXPECT_EQ(inbound.team, "T1DC2JH3J");
  EXPECT_EQ(inbound.dedupe_key, "command:398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");
  const nlohmann::json fields = nlohmann::json::parse(inbound.payload);
  EXPECT_EQ(fields.size(), 11U);
  EXPECT_EQ(fields["channel_id"], "G8PSS9T3V");
  EXPECT_EQ(fields["text"], "");
  EXPECT_EQ(fields["response_url"],
            "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN");
}

TEST(SlackReadHttpBody, InteractionPayloadIsDecoded) {
  const Inbound inbound = read_ok(k_form, interaction_form(payloads::k_block_actions));
  EXPECT_EQ(inbound.kind, InboundKind::interaction);
  EXPECT_EQ(inbound.type, "block_actions");
  EXPECT_EQ(inbound.team, "T111");
  EXPECT_EQ(inbound.dedupe_key, "interaction:111.222.valid");
  EXPECT_EQ(inbound.payload, payloads::k_block_actions);
}

TEST(SlackReadHttpBody, InteractionKeyFallsBackToActionTsThenView) {
  const auto no_trigger = [](nlohmann::json& j) { j.erase("trigger_id"); };
  EXPECT_EQ(read_ok(k_form, interaction_form(edit(payloads::k_block_actions, no_trigger))).dedupe_key,
            "interaction:1596530385.194939");
  EXPECT_EQ(read_ok(k_form, interaction_form(edit(payloads::k_view_submission, no_trigger))).dedupe_key,
            "interaction:V111:1596530361.3wRYuk3R");
  const Inbound view = read_ok(k_form, interaction_form(payloads::k_view_submission));
  EXPECT_EQ(view.type, "view_submission");
  EXPECT_EQ(view.dedupe_key, "interaction:111.222.valid");
}

TEST(SlackReadHttpBody, MalformedBodiesAreBodyErrors) {
  const std::vector<std::pair<std::string_view, std::string>> bad{
      {k_json, "{"},
      {k_json, "[]"},
      {k_json, ""},
      {k_json, R"({"type":"url_verification"})"},
      {k_json, R"({"type":"something_new","team_id":"T1"})"},
      {k_json, R"({"token":"x"})"},
      {k_json, R"({"type":"event_callback","event":{"type":"app_mention"}})"},
      {k_json, R"({"type":"event_callback","event_id":"Ev1","event":"app_mention"})"},
      {k_json, R"({"type":"event_callback","event_id":"Ev1","event":{"text":"x"}})"},
      {k_form, "payload=%zz"},
      {k_form, "team_id=T1&text=hi"},
      {k_form, "payload=not+json"},
      {k_form, interaction_form(R"({"actions":[]})")},
      {k_form, "command=%2Fsteward&text=%"},
      {"text/plain", "ssl_check=1"},
  };
  for (const auto& [type, body] : bad) {
    const auto inbound = read_http_body(type, body);
    ASSERT_FALSE(inbound.has_value()) << type << " " << body;
    EXPECT_EQ(inbound.error().key, "body") << body;
  }
}

/// The payload of a whole Socket Mode frame, as JSON text.
std::string envelope_payload(std::string_view frame) {
  return nlohmann::json::parse(frame)["payload"].dump();
}

void expect_same(const Inbound& a, const Inbound& b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.team, b.team);
  EXPECT_EQ(a.dedupe_key, b.dedupe_key);
  EXPECT_EQ(nlohmann::json::parse(a.payload), nlohmann::json::parse(b.payload));
}

TEST(SlackReadSocketPayload, EnvelopesMatchHttp) {
  const std::string event = envelope_payload(payloads::k_envelope_event);
  const auto from_socket = read_socket_payload("events_api", event);
  ASSERT_TRUE(from_socket.has_value());
  expect_same(*from_socket, read_ok(k_json, event));
  EXPECT_EQ(from_socket->dedupe_key, "event:Ev111");

  const std::string shortcut = envelope_payload(payloads::k_envelope_shortcut);
  const auto interactive = read_socket_payload("interactive", shortcut);
  ASSERT_TRUE(interactive.has_value());
  expect_same(*interactive, read_ok(k_form, interaction_form(shortcut)));
  EXPECT_EQ(interactive->type, "shortcut");
  EXPECT_EQ(interactive->dedupe_key, "interaction:111.222.xxx");
}

TEST(SlackReadSocketPayload, SlashCommandJsonMatchesForm) {
  const nlohmann::json fields = nlohmann::json::parse(envelope_payload(payloads::k_envelope_slash_command));
  std::string form;
  for (const auto& [name, value] : fields.items()) {
    form += (form.empty() ? "" : "&") + url_encode(name) + "=" + url_encode(value.get<std::string>());
  }
  const auto from_socket = read_socket_payload("slash_commands", fields.dump());
  ASSERT_TRUE(from_socket.has_value());
  expect_same(*from_socket, read_ok(k_form, form));
  EXPECT_EQ(from_socket->type, "/hello-socket-mode");
  EXPECT_EQ(from_socket->dedupe_key, "command:111.222.xxx");
}

TEST(SlackReadSocketPayload, RejectsUnknownTypesAndBadJson) {
  EXPECT_FALSE(read_socket_payload("hello", "{}").has_value());
  EXPECT_FALSE(read_socket_payload("slash_commands", "[1]").has_value());
  EXPECT_FALSE(read_socket_payload("slash_commands", R"({"text":"no command"})").has_value());
  EXPECT_FALSE(read_socket_payload("events_api", "{\"type\":").has_value());
}

} // namespace
} // namespace steward::slack

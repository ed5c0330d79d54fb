#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/slack/socket_mode.hpp"
#include "tests/core/slack_payloads.hpp"

namespace steward::slack {
namespace {

Frame parse_ok(std::string_view text) {
  auto frame = parse_frame(text);
  EXPECT_TRUE(frame.has_value()) << (frame ? "" : frame.error().to_string());
  return frame.value_or(Frame{});
}

TEST(SlackSocketFrame, Hello) {
  const Frame frame = parse_ok(
      R"({"type":"hello","num_connections":1,"debug_info":{"host":"applink-7fc4fdbb64-4x5xq","build_number":10,"approximate_connection_time":18060},"connection_info":{"app_id":"A111"}})");
  EXPECT_EQ(frame.type, FrameType::hello);
  EXPECT_EQ(frame.raw_type, "hello");
}

TEST(SlackSocketFrame, DisconnectReasons) {
  const std::vector<std::pair<std::string, DisconnectReason>> cases{
      {"warning", DisconnectReason::warning},
      {"refresh_requested", DisconnectReason::refresh_requested},
      {"link_disabled", DisconnectReason::link_disabled},
      {"too_many_websockets", DisconnectReason::too_many_websockets},
      {"something_new", DisconnectReason::other},
  };
  for (const auto& [text, reason] : cases) {
    const Frame frame = parse_ok(R"({"type":"disconnect","reason":")" + text +
                                 R"(","debug_info":{"host":"applink-7fc4fdbb64-4x5xq"}})");
    EXPECT_EQ(frame.type, FrameType::disconnect);
    EXPECT_EQ(frame.reason, reason) << text;
  }
  EXPECT_EQ(parse_ok(R"({"type":"disconnect"})").reason, DisconnectReason::other);
}

TEST(SlackSocketFrame, EventsApiEnvelope) {
  const Frame frame = parse_ok(payloads::k_envelope_event);
  EXPECT_EQ(frame.type, FrameType::envelope);
  EXPECT_EQ(frame.envelope_type, "events_api");
  EXPECT_EQ(frame.envelope_id, "08cfc559-d933-402e-a5c1-79e135afaae4");
  EXPECT_FALSE(frame.accepts_response_payload);
  EXPECT_EQ(frame.retry_attempt, 1);
  EXPECT_EQ(frame.retry_reason, "timeout");
  EXPECT_EQ(nlohmann::json::parse(frame.payload),
            nlohmann::json::parse(payloads::k_envelope_event)["payload"]);
}

TEST(SlackSocketFrame, SlashCommandAndInteractiveEnvelopes) {
  const Frame command = parse_ok(payloads::k_envelope_slash_command);
  EXPECT_EQ(command.type, FrameType::envelope);
  EXPECT_EQ(command.envelope_type, "slash_commands");
  EXPECT_EQ(command.envelope_id, "1d3c79ab-0ffb-41f3-a080-d19e85f53649");
  EXPECT_TRUE(command.accepts_response_payload);
  EXPECT_EQ(command.retry_attempt, 0);
  EXPECT_EQ(nlohmann::json::parse(command.payload)["command"], "/hello-socket-mode");

  const Frame shortcut = parse_ok(payloads::k_envelope_shortcut);
  EXPECT_EQ(shortcut.envelope_type, "interactive");
  EXPECT_EQ(nlohmann::json::parse(shortcut.payload)["callback_id"], "do-something");
}

TEST(SlackSocketFrame, UnknownTypesAreOther) {
  EXPECT_EQ(parse_ok(R"({"type":"pong"})").type, FrameType::other);
  EXPECT_EQ(parse_ok(R"({"type":"something_new","envelope_id":"x"})").type, FrameType::other);
  EXPECT_EQ(parse_ok(R"({"no_type":true})").type, FrameType::other);
}

TEST(SlackSocketFrame, MalformedFramesAreErrors) {
  for (const std::string_view bad : {"", "{", "[]", "\"hello\"", R"({"type":"events_api","payload":{}})",
                                     R"({"type":"events_api","envelope_id":"e1"})",
                                     R"({"type":"interactive","envelope_id":"e1","payload":"text"})"}) {
    const auto frame = parse_frame(bad);
    ASSERT_FALSE(frame.has_value()) << bad;
    EXPECT_EQ(frame.error().key, "socket_mode");
  }
}

TEST(SlackSocketFrame, AckFrames) {
  EXPECT_EQ(nlohmann::json::parse(ack_frame("1d3c79ab")), (nlohmann::json{{"envelope_id", "1d3c79ab"}}));
  const nlohmann::json with_payload =
      nlohmann::json::parse(ack_frame("e\"1", R"({"response_type":"ephemeral","text":"ok"})"));
  EXPECT_EQ(with_payload["envelope_id"], "e\"1");
  EXPECT_EQ(with_payload["payload"], (nlohmann::json{{"response_type", "ephemeral"}, {"text", "ok"}}));
  EXPECT_FALSE(nlohmann::json::parse(ack_frame("e1", "{not json")).contains("payload"));
}

} // namespace
} // namespace steward::slack

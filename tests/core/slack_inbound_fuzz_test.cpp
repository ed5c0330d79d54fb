// Truncated and corrupted variants of every real payload: the readers and
// the interpreter must return a value or an error, never crash or throw.

#include <gtest/gtest.h>

#include "core/slack/form.hpp"
#include "core/slack/inbound.hpp"
#include "core/slack/socket_mode.hpp"
#include "tests/core/slack_payloads.hpp"

namespace steward::slack {
namespace {

const SelfIdentity k_self{std::string(payloads::k_self_bot_id), std::string(payloads::k_self_user_id)};

struct Body {
  std::string_view content_type;
  std::string text;
};

std::vector<Body> real_bodies() {
  const std::string_view json = "application/json";
  const std::string_view form = "application/x-www-form-urlencoded";
  return {
      {json, std::string(payloads::k_url_verification)},
      {json, std::string(payloads::k_app_rate_limited)},
      {json, std::string(payloads::k_app_mention)},
      {json, std::string(payloads::k_reaction_added)},
      {json, std::string(payloads::k_channel_message)},
      {json, std::string(payloads::k_dm_message)},
      {json, std::string(payloads::k_own_dm_message)},
      {json, std::string(payloads::k_classic_bot_message)},
      {json, std::string(payloads::k_message_changed)},
      {form, std::string(payloads::k_slash_command_form)},
      {form, "payload=" + url_encode(payloads::k_block_actions)},
      {form, "payload=" + url_encode(payloads::k_view_submission)},
  };
}

/// Reads `body`; when that works, interprets the payload. Returns whether
/// both steps gave a value (the point is that neither crashes).
bool exercise(std::string_view content_type, std::string_view body) {
  const auto inbound = read_http_body(content_type, body);
  if (!inbound) {
    EXPECT_EQ(inbound.error().key, "body");
    return false;
  }
  const auto work = interpret(inbound->kind, inbound->payload, k_self);
  return work.has_value();
}

TEST(SlackInboundFuzz, RealPayloadsWork) {
  for (const Body& body : real_bodies()) {
    EXPECT_TRUE(exercise(body.content_type, body.text)) << body.text;
  }
}

TEST(SlackInboundFuzz, EveryTruncationIsHandled) {
  std::size_t accepted = 0;
  for (const Body& body : real_bodies()) {
    for (std::size_t size = 0; size < body.text.size(); ++size) {
      accepted += exercise(body.content_type, std::string_view(body.text).substr(0, size)) ? 1 : 0;
    }
  }
  // Truncated JSON never parses; truncated forms sometimes still do.
  EXPECT_GT(accepted, 0U);
}

TEST(SlackInboundFuzz, CorruptedBytesAreHandled) {
  using namespace std::string_view_literals;
  constexpr std::string_view k_garbage = "\"{}%\\\x00\xff"sv;
  for (const Body& body : real_bodies()) {
    const std::string_view other =
        body.content_type == "application/json" ? "application/x-www-form-urlencoded" : "application/json";
    for (std::size_t at = 0; at < body.text.size(); at += 6) {
      std::string corrupted = body.text;
      for (const char c : k_garbage) {
        corrupted[at] = c;
        exercise(body.content_type, corrupted);
      }
      exercise(other, corrupted); // the right bytes under the wrong content type
    }
  }
}

TEST(SlackInboundFuzz, InterpretSurvivesWrongShapes) {
  // Valid JSON of the wrong shape, fed straight to `interpret` for every kind.
  const std::vector<std::string_view> shapes{
      "{}",
      R"({"event":[]})",
      R"({"event":{"type":1}})",
      R"({"event":{"type":"message","channel_type":"im","user":5,"ts":{},"channel":null}})",
      R"({"event":{"type":"app_mention","user":"U1","ts":"1.2","channel":"C1","text":7}})",
      R"({"event":{"type":"reaction_added","item":[],"user":"U1"}})",
      R"({"type":"block_actions","actions":[1,2]})",
      R"({"type":"block_actions","actions":[{"action_id":"a","selected_option":"x"}],"container":7})",
      R"({"type":"view_submission","view":{"state":{"values":{"b":7,"c":{"a":[]}}}}})",
      R"({"type":"view_submission","view":{"state":[]}})",
      R"({"command":["/x"],"text":{}})",
      "null",
      "\"string\"",
      "1e999999",
  };
  for (const std::string_view shape : shapes) {
    for (const InboundKind kind : {InboundKind::event, InboundKind::command, InboundKind::interaction}) {
      const auto work = interpret(kind, shape, k_self);
      if (!work) {
        EXPECT_EQ(work.error().key, "payload");
      }
    }
  }
}

TEST(SlackInboundFuzz, SocketFramesSurviveTruncation) {
  for (const std::string_view frame :
       {payloads::k_envelope_event, payloads::k_envelope_shortcut, payloads::k_envelope_slash_command}) {
    for (std::size_t size = 0; size <= frame.size(); ++size) {
      const auto parsed = parse_frame(frame.substr(0, size));
      if (!parsed || parsed->type != FrameType::envelope) {
        continue;
      }
      const auto inbound = read_socket_payload(parsed->envelope_type, parsed->payload);
      ASSERT_TRUE(inbound.has_value());
      const auto work = interpret(inbound->kind, inbound->payload, k_self);
      EXPECT_TRUE(work.has_value());
    }
  }
}

} // namespace
} // namespace steward::slack

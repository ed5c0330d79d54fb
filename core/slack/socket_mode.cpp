#include "core/slack/socket_mode.hpp"

#include <nlohmann/json.hpp>

#include "core/slack/payload_json.hpp"

namespace steward::slack {
namespace {

DisconnectReason reason_of(std::string_view reason) {
  if (reason == "warning") {
    return DisconnectReason::warning;
  }
  if (reason == "refresh_requested") {
    return DisconnectReason::refresh_requested;
  }
  if (reason == "link_disabled") {
    return DisconnectReason::link_disabled;
  }
  if (reason == "too_many_websockets") {
    return DisconnectReason::too_many_websockets;
  }
  return DisconnectReason::other;
}

bool is_envelope_type(std::string_view type) {
  return type == "events_api" || type == "slash_commands" || type == "interactive";
}

} // namespace

Result<Frame> parse_frame(std::string_view text) {
  const auto json = detail::parse_object(text);
  if (!json) {
    return fail("socket_mode", "frame is not a JSON object");
  }
  Frame frame;
  frame.raw_type = detail::string_field(*json, "type");
  if (frame.raw_type == "hello") {
    frame.type = FrameType::hello;
    return frame;
  }
  if (frame.raw_type == "disconnect") {
    frame.type = FrameType::disconnect;
    frame.reason = reason_of(detail::string_field(*json, "reason"));
    return frame;
  }
  if (!is_envelope_type(frame.raw_type)) {
    return frame; // FrameType::other
  }
  frame.type = FrameType::envelope;
  frame.envelope_type = frame.raw_type;
  frame.envelope_id = detail::string_field(*json, "envelope_id");
  if (frame.envelope_id.empty()) {
    return fail("socket_mode", "`" + frame.raw_type + "` envelope without `envelope_id`");
  }
  const auto payload = json->find("payload");
  if (payload == json->end() || !payload->is_object()) {
    return fail("socket_mode", "envelope `" + frame.envelope_id + "` without a `payload` object");
  }
  frame.payload = detail::dump(*payload);
  frame.accepts_response_payload = detail::bool_field(*json, "accepts_response_payload");
  const auto attempt = json->find("retry_attempt");
  if (attempt != json->end() && attempt->is_number_integer()) {
    frame.retry_attempt = attempt->get<int>();
  }
  frame.retry_reason = detail::string_field(*json, "retry_reason");
  return frame;
}

std::string ack_frame(std::string_view envelope_id, std::string_view response_payload) {
  nlohmann::json ack = nlohmann::json::object();
  ack["envelope_id"] = std::string(envelope_id);
  if (!response_payload.empty()) {
    nlohmann::json payload = nlohmann::json::parse(response_payload, nullptr, /*allow_exceptions=*/false);
    if (!payload.is_discarded()) {
      ack["payload"] = std::move(payload);
    }
  }
  return detail::dump(ack);
}

} // namespace steward::slack

#pragma once

// Socket Mode frames, sans-I/O (reference: slack-teams.md §4).

#include <string>
#include <string_view>

#include "core/util/error.hpp"

namespace steward::slack {

enum class FrameType {
  hello,
  disconnect,
  envelope, ///< events_api, slash_commands, interactive
  other,    ///< anything else (logged and skipped)
};

enum class DisconnectReason { warning, refresh_requested, link_disabled, too_many_websockets, other };

/// One text frame from Slack's Socket Mode server.
struct Frame {
  FrameType type = FrameType::other;
  std::string raw_type; ///< the frame's `type` as sent
  // disconnect
  DisconnectReason reason = DisconnectReason::other;
  // envelope
  std::string envelope_id;
  std::string envelope_type; ///< events_api, slash_commands, interactive
  std::string payload;       ///< JSON text of `payload`
  bool accepts_response_payload = false;
  int retry_attempt = 0;
  std::string retry_reason;
};

/// Parses a frame. Errors (key `socket_mode`) mean malformed JSON or an
/// envelope without `envelope_id`.
Result<Frame> parse_frame(std::string_view text);

/// The ack frame `{"envelope_id": id}` or, with a non-empty
/// `response_payload` (JSON text), `{"envelope_id": id, "payload": ...}`.
/// A `response_payload` that is not valid JSON is left out.
std::string ack_frame(std::string_view envelope_id, std::string_view response_payload = {});

} // namespace steward::slack

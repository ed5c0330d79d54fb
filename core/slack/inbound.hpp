#pragma once

// Slack's inbound protocol, sans-I/O: what a request body (HTTP) or an
// envelope payload (Socket Mode) is, and what work it asks for. Signature
// checks happen before this, in adapters/slack/signature.hpp.
//
// Two steps, so that ingress stays cheap and workers get typed data:
// 1. `read_http_body` / `read_socket_envelope` classify a body and extract
//    the de-duplication key. Ingress acks, persists `Inbound::payload` as a
//    job, and never parses further.
// 2. `interpret` turns a persisted payload into a typed `Work` item, applying
//    Slack's ignore rules (the bot's own messages, hidden subtypes, ...).
//    Ingress also calls it to skip enqueueing work that would be ignored.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/util/error.hpp"

namespace steward::slack {

enum class InboundKind {
  url_verification, ///< answer `challenge`
  ssl_check,        ///< answer 200, empty
  event,            ///< `event_callback` (Events API)
  command,          ///< slash command
  interaction,      ///< `block_actions`, `view_submission`, ... (`payload=` form)
  app_rate_limited, ///< Slack is dropping our events; log it
};

/// A classified inbound body.
struct Inbound {
  InboundKind kind = InboundKind::event;
  std::string challenge; ///< url_verification only
  /// `event:<event_id>`, `command:<trigger_id>`, or `interaction:<trigger_id>`
  /// (else `interaction:<action_ts>` of the first action, else
  /// `interaction:<view id>:<view hash>`); empty when none.
  std::string dedupe_key;
  std::string team; ///< workspace id (`team_id`), may be empty
  /// JSON text for `interpret`: the event_callback body, the interaction
  /// payload, or the command's fields as a JSON object of strings.
  std::string payload;
  /// event: inner event type (`app_mention`); interaction: payload `type`;
  /// command: the command (`/steward`).
  std::string type;
};

/// Classifies an HTTP request body by `content_type` (`application/json` or
/// `application/x-www-form-urlencoded`, parameters ignored). Errors (key
/// `body`) mean a malformed body: HTTP 400.
Result<Inbound> read_http_body(std::string_view content_type, std::string_view body);

/// Classifies a Socket Mode envelope's payload: `type` is the envelope type
/// (`events_api`, `slash_commands`, `interactive`), `payload` its JSON text.
/// Gives the same `Inbound` as the equivalent HTTP body; errors (key `body`)
/// as `read_http_body`, plus unknown envelope types.
Result<Inbound> read_socket_payload(std::string_view type, std::string_view payload);

/// The bot's identity, from `auth.test` (`bot_id`, `user_id`).
struct SelfIdentity {
  std::string bot_id;
  std::string bot_user_id;
};

/// A user message addressed to Steward: an `app_mention`, or a `message` in a
/// DM (`channel_type` "im"). `text` has the leading `<@BOT>` mention removed
/// and is trimmed.
struct UserMessage {
  std::string team;
  std::string channel;
  std::string channel_type; ///< "im", "channel", "group", "mpim"
  std::string user;
  std::string text;
  std::string ts;
  std::string thread_ts; ///< empty when not in a thread
  bool mention = false;  ///< arrived as `app_mention`
  /// The thread replies belong in: `thread_ts` when set, else `ts`.
  [[nodiscard]] const std::string& reply_thread() const { return thread_ts.empty() ? ts : thread_ts; }
};

struct ReactionEvent {
  std::string team;
  std::string user;
  std::string reaction; ///< no colons
  std::string channel;
  std::string message_ts; ///< the reacted-to message
  bool added = true;      ///< false: `reaction_removed`
};

struct SlashCommand {
  std::string team;
  std::string channel;
  std::string user;
  std::string command; ///< "/steward"
  std::string text;
  std::string response_url;
  std::string trigger_id;
};

/// One `block_actions` action (the first of `actions`).
struct BlockAction {
  std::string team;
  std::string user;
  std::string channel;
  std::string action_id;
  std::string block_id;
  std::string value; ///< `value`, or `selected_option.value`
  std::string message_ts;
  std::string thread_ts; ///< the message's `thread_ts`, else `message_ts`
  std::string response_url;
  std::string trigger_id;
  bool ephemeral = false;
};

struct ViewSubmission {
  std::string team;
  std::string user;
  std::string view_id;
  std::string callback_id;
  std::string private_metadata;
  /// `state.values` flattened to `block_id.action_id` → value (plain text
  /// inputs' `value`, selects' `selected_option.value`).
  std::map<std::string, std::string> values;
};

/// Why an inbound payload asks for no work.
struct Ignored {
  std::string reason; ///< e.g. "own message", "subtype message_changed", "message in channel (mentions only)"
};

using Work = std::variant<UserMessage, ReactionEvent, SlashCommand, BlockAction, ViewSubmission, Ignored>;

/// Interprets a payload produced by `read_*` (`kind` and `payload` from
/// `Inbound`). Ignore rules (reference §2): events from `self` (by `bot_id`
/// or user id), any `bot_id`, message subtypes other than none/`file_share`/
/// `thread_broadcast`, `message` events outside DMs except replies in a thread
/// that do not mention the bot (mentions arrive as `app_mention`; handling
/// them once) — those become a `UserMessage` with `mention` false, and the
/// worker decides whether they concern Steward — unsupported event or interaction
/// types. Errors (key `payload`) mean the payload is malformed.
Result<Work> interpret(InboundKind kind, std::string_view payload, const SelfIdentity& self);

/// Removes a leading `<@U...>` mention (and any `<@self>` anywhere) from
/// `text` and trims whitespace.
std::string strip_mention(std::string_view text, std::string_view bot_user_id);

} // namespace steward::slack

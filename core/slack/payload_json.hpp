#pragma once

// Private helpers shared by the Slack inbound readers and interpreters:
// tolerant field access on nlohmann::json, which never throws and never
// asserts whatever the shape of the input.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/slack/inbound.hpp"

namespace steward::slack::detail {

/// Parses `text` as JSON; nothing unless it is a JSON object.
std::optional<nlohmann::json> parse_object(std::string_view text);

/// Serializes `value` compactly; invalid UTF-8 is replaced, never thrown.
std::string dump(const nlohmann::json& value);

/// `object[key]` when `object` is an object holding a string there; "" otherwise.
std::string string_field(const nlohmann::json& object, std::string_view key);

/// `object[key]` when `object` is an object holding an object there; nullptr otherwise.
const nlohmann::json* object_field(const nlohmann::json& object, std::string_view key);

/// `object[outer][key]` when both levels are objects and the value a string; "" otherwise.
std::string nested_string(const nlohmann::json& object, std::string_view outer, std::string_view key);

/// `object[key]` when it is a boolean; `fallback` otherwise.
bool bool_field(const nlohmann::json& object, std::string_view key, bool fallback = false);

/// Interprets an `event_callback` body (reference §2 ignore rules).
Result<Work> interpret_event(const nlohmann::json& body, const SelfIdentity& self);

/// Interprets an interaction payload (`block_actions`, `view_submission`).
Result<Work> interpret_interaction(const nlohmann::json& payload);

/// Interprets a slash command's fields (a JSON object of strings).
Result<Work> interpret_command(const nlohmann::json& fields);

} // namespace steward::slack::detail

#include "core/slack/inbound.hpp"

#include <utility>

#include "core/slack/form.hpp"
#include "core/slack/payload_json.hpp"
#include "core/util/text.hpp"

namespace steward::slack {
namespace {

using detail::dump;
using detail::nested_string;
using detail::object_field;
using detail::parse_object;
using detail::string_field;

constexpr std::string_view k_key = "body";

/// The media type of a `Content-Type` value: lower-cased, parameters dropped.
std::string media_type(std::string_view content_type) {
  return to_lower(trim(content_type.substr(0, content_type.find(';'))));
}

/// Classifies a JSON body (Events API): `url_verification`,
/// `event_callback` or `app_rate_limited`.
Result<Inbound> read_json_body(std::string_view body) {
  const auto json = parse_object(body);
  if (!json) {
    return fail(std::string(k_key), "not a JSON object");
  }
  const std::string type = string_field(*json, "type");
  Inbound inbound;
  inbound.team = string_field(*json, "team_id");
  if (type == "url_verification") {
    inbound.kind = InboundKind::url_verification;
    inbound.challenge = string_field(*json, "challenge");
    if (inbound.challenge.empty()) {
      return fail(std::string(k_key), "url_verification without `challenge`");
    }
    return inbound;
  }
  if (type == "event_callback") {
    const std::string event_id = string_field(*json, "event_id");
    const nlohmann::json* event = object_field(*json, "event");
    if (event_id.empty() || event == nullptr) {
      return fail(std::string(k_key), "event_callback without `event_id` or `event`");
    }
    inbound.kind = InboundKind::event;
    inbound.type = string_field(*event, "type");
    if (inbound.type.empty()) {
      return fail(std::string(k_key), "event without `type`");
    }
    inbound.dedupe_key = "event:" + event_id;
    inbound.payload = std::string(body);
    return inbound;
  }
  if (type == "app_rate_limited") {
    inbound.kind = InboundKind::app_rate_limited;
    inbound.type = type;
    inbound.payload = std::string(body);
    return inbound;
  }
  return fail(std::string(k_key),
              type.empty() ? "JSON body without `type`" : "unknown body type `" + type + "`");
}

/// Classifies an interaction payload (the JSON text of the `payload` field).
Result<Inbound> read_interaction(std::string payload_text) {
  const auto json = parse_object(payload_text);
  if (!json) {
    return fail(std::string(k_key), "interaction `payload` is not a JSON object");
  }
  Inbound inbound;
  inbound.kind = InboundKind::interaction;
  inbound.type = string_field(*json, "type");
  if (inbound.type.empty()) {
    return fail(std::string(k_key), "interaction without `type`");
  }
  inbound.team = nested_string(*json, "team", "id");
  if (inbound.team.empty()) {
    inbound.team = nested_string(*json, "user", "team_id");
  }
  std::string key = string_field(*json, "trigger_id");
  if (key.empty()) {
    const auto actions = json->find("actions");
    if (actions != json->end() && actions->is_array() && !actions->empty()) {
      key = string_field(actions->front(), "action_ts");
    }
  }
  if (key.empty()) {
    if (const nlohmann::json* view = object_field(*json, "view")) {
      const std::string id = string_field(*view, "id");
      key = id.empty() ? std::string() : id + ":" + string_field(*view, "hash");
    }
  }
  inbound.dedupe_key = key.empty() ? std::string() : "interaction:" + key;
  inbound.payload = std::move(payload_text);
  return inbound;
}

/// Classifies a slash command from its fields (a JSON object of strings).
Result<Inbound> read_command(const nlohmann::json& fields) {
  Inbound inbound;
  inbound.kind = InboundKind::command;
  inbound.type = string_field(fields, "command");
  if (inbound.type.empty()) {
    return fail(std::string(k_key), "form body without `command`, `payload` or `ssl_check`");
  }
  inbound.team = string_field(fields, "team_id");
  const std::string trigger = string_field(fields, "trigger_id");
  inbound.dedupe_key = trigger.empty() ? std::string() : "command:" + trigger;
  inbound.payload = dump(fields);
  return inbound;
}

/// Classifies a form body: `ssl_check`, an interaction or a slash command.
Result<Inbound> read_form_body(std::string_view body) {
  auto fields = parse_form(body);
  if (!fields) {
    return fail(std::string(k_key), "malformed %-escape in form body");
  }
  for (const auto& [name, value] : *fields) {
    if (name == "ssl_check" && value == "1") {
      Inbound inbound;
      inbound.kind = InboundKind::ssl_check;
      return inbound;
    }
  }
  for (auto& [name, value] : *fields) {
    if (name == "payload") {
      return read_interaction(std::move(value));
    }
  }
  nlohmann::json object = nlohmann::json::object();
  for (auto& [name, value] : *fields) {
    if (!object.contains(name)) {
      object[name] = std::move(value);
    }
  }
  return read_command(object);
}

/// Socket Mode sends a command's fields as a JSON object; strings are kept,
/// other scalars become their JSON text, nested values are dropped.
nlohmann::json command_fields(const nlohmann::json& payload) {
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& [name, value] : payload.items()) {
    if (value.is_string()) {
      fields[name] = value;
    } else if (value.is_number() || value.is_boolean()) {
      fields[name] = value.dump();
    }
  }
  return fields;
}

} // namespace

Result<Inbound> read_http_body(std::string_view content_type, std::string_view body) {
  const std::string type = media_type(content_type);
  if (type == "application/json") {
    return read_json_body(body);
  }
  if (type == "application/x-www-form-urlencoded") {
    return read_form_body(body);
  }
  return fail(std::string(k_key), "unsupported content type `" + type + "`");
}

Result<Inbound> read_socket_payload(std::string_view type, std::string_view payload) {
  if (type == "events_api") {
    return read_json_body(payload);
  }
  if (type == "interactive") {
    return read_interaction(std::string(payload));
  }
  if (type == "slash_commands") {
    const auto json = parse_object(payload);
    if (!json) {
      return fail(std::string(k_key), "slash_commands payload is not a JSON object");
    }
    return read_command(command_fields(*json));
  }
  return fail(std::string(k_key), "unknown envelope type `" + std::string(type) + "`");
}

} // namespace steward::slack

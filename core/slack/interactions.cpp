// Interaction payloads and slash commands → Work (reference §3).

#include <string>

#include "core/slack/payload_json.hpp"

namespace steward::slack::detail {
namespace {

/// An input element's value: `value` for text inputs, `selected_option.value`
/// for selects, else the first `selected_*` string (dates, users, channels).
std::string element_value(const nlohmann::json& element) {
  if (!element.is_object()) {
    return {};
  }
  const auto value = element.find("value");
  if (value != element.end() && value->is_string()) {
    return value->get<std::string>();
  }
  if (std::string option = nested_string(element, "selected_option", "value"); !option.empty()) {
    return option;
  }
  for (const auto& [name, field] : element.items()) {
    if (name.starts_with("selected_") && field.is_string()) {
      return field.get<std::string>();
    }
  }
  return {};
}

Result<Work> block_action(const nlohmann::json& payload) {
  const auto actions = payload.find("actions");
  if (actions == payload.end() || !actions->is_array() || actions->empty() || !actions->front().is_object()) {
    return fail("payload", "block_actions without `actions`");
  }
  const nlohmann::json& action = actions->front();
  BlockAction result;
  result.team = nested_string(payload, "team", "id");
  if (result.team.empty()) {
    result.team = nested_string(payload, "user", "team_id");
  }
  result.user = nested_string(payload, "user", "id");
  result.channel = nested_string(payload, "channel", "id");
  if (result.channel.empty()) {
    result.channel = nested_string(payload, "container", "channel_id");
  }
  result.action_id = string_field(action, "action_id");
  result.block_id = string_field(action, "block_id");
  result.value = element_value(action);
  result.message_ts = nested_string(payload, "container", "message_ts");
  if (result.message_ts.empty()) {
    result.message_ts = nested_string(payload, "message", "ts");
  }
  result.thread_ts = nested_string(payload, "message", "thread_ts");
  if (result.thread_ts.empty()) {
    result.thread_ts = result.message_ts;
  }
  result.response_url = string_field(payload, "response_url");
  result.trigger_id = string_field(payload, "trigger_id");
  if (const nlohmann::json* container = object_field(payload, "container")) {
    result.ephemeral = bool_field(*container, "is_ephemeral");
  }
  if (result.action_id.empty()) {
    return fail("payload", "block_actions action without `action_id`");
  }
  return result;
}

Result<Work> view_submission(const nlohmann::json& payload) {
  const nlohmann::json* view = object_field(payload, "view");
  if (view == nullptr) {
    return fail("payload", "view_submission without `view`");
  }
  ViewSubmission result;
  result.team = nested_string(payload, "team", "id");
  if (result.team.empty()) {
    result.team = string_field(*view, "team_id");
  }
  result.user = nested_string(payload, "user", "id");
  result.view_id = string_field(*view, "id");
  result.callback_id = string_field(*view, "callback_id");
  result.private_metadata = string_field(*view, "private_metadata");
  const nlohmann::json* state = object_field(*view, "state");
  const nlohmann::json* values = state == nullptr ? nullptr : object_field(*state, "values");
  if (values != nullptr) {
    for (const auto& [block_id, block] : values->items()) {
      if (!block.is_object()) {
        continue;
      }
      for (const auto& [action_id, element] : block.items()) {
        std::string key = block_id;
        key.append(".").append(action_id);
        result.values[key] = element_value(element);
      }
    }
  }
  return result;
}

} // namespace

Result<Work> interpret_interaction(const nlohmann::json& payload) {
  const std::string type = string_field(payload, "type");
  if (type == "block_actions") {
    return block_action(payload);
  }
  if (type == "view_submission") {
    return view_submission(payload);
  }
  return Ignored{"unsupported interaction " + (type.empty() ? std::string("(no type)") : type)};
}

Result<Work> interpret_command(const nlohmann::json& fields) {
  SlashCommand command;
  command.command = string_field(fields, "command");
  if (command.command.empty()) {
    return fail("payload", "slash command without `command`");
  }
  command.team = string_field(fields, "team_id");
  command.channel = string_field(fields, "channel_id");
  command.user = string_field(fields, "user_id");
  command.text = string_field(fields, "text");
  command.response_url = string_field(fields, "response_url");
  command.trigger_id = string_field(fields, "trigger_id");
  return command;
}

} // namespace steward::slack::detail

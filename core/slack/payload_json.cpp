#include "core/slack/payload_json.hpp"

namespace steward::slack::detail {

std::optional<nlohmann::json> parse_object(std::string_view text) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!value.is_object()) {
    return std::nullopt;
  }
  return value;
}

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string string_field(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) {
    return {};
  }
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) {
    return {};
  }
  return it->get<std::string>();
}

const nlohmann::json* object_field(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) {
    return nullptr;
  }
  const auto it = object.find(key);
  if (it == object.end() || !it->is_object()) {
    return nullptr;
  }
  return &*it;
}

std::string nested_string(const nlohmann::json& object, std::string_view outer, std::string_view key) {
  const nlohmann::json* inner = object_field(object, outer);
  return inner == nullptr ? std::string() : string_field(*inner, key);
}

bool bool_field(const nlohmann::json& object, std::string_view key, bool fallback) {
  if (!object.is_object()) {
    return fallback;
  }
  const auto it = object.find(key);
  if (it == object.end() || !it->is_boolean()) {
    return fallback;
  }
  return it->get<bool>();
}

} // namespace steward::slack::detail

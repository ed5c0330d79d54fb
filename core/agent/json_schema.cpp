// validate_arguments: the subset of JSON Schema that tool parameters use.

#include <cctype>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include "core/agent/tool.hpp"
#include "core/answer/markup.hpp"

namespace steward::agent {
namespace {

using nlohmann::json;

/// `name` appended to a JSON path: `$.depth`, or `$["odd key"]` when it is
/// not an identifier.
std::string member_path(const std::string& path, const std::string& name) {
  bool plain =
      !name.empty() && (std::isalpha(static_cast<unsigned char>(name.front())) != 0 || name.front() == '_');
  for (char c : name) {
    plain = plain && (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_');
  }
  return plain ? path + "." + name : path + "[" + json(name).dump() + "]";
}

std::string type_of(const json& value) {
  switch (value.type()) {
  case json::value_t::null: return "null";
  case json::value_t::boolean: return "boolean";
  case json::value_t::number_integer:
  case json::value_t::number_unsigned: return "integer";
  case json::value_t::number_float: return "number";
  case json::value_t::string: return "string";
  case json::value_t::array: return "array";
  case json::value_t::object: return "object";
  default: return "unknown";
  }
}

/// A count keyword (`minLength`, `maxItems`, ...) when it is a non-negative integer.
std::optional<std::size_t> count_rule(const json& schema, const char* keyword) {
  auto it = schema.find(keyword);
  if (it == schema.end() || !it->is_number_integer() || it->get<std::int64_t>() < 0) {
    return std::nullopt;
  }
  return it->get<std::size_t>();
}

bool has_type(const json& value, const std::string& type) {
  if (type == "integer") {
    // 3.0 is an integer in JSON Schema.
    return value.is_number_integer() || (value.is_number_float() && std::isfinite(value.get<double>()) &&
                                         std::trunc(value.get<double>()) == value.get<double>());
  }
  if (type == "number") {
    return value.is_number();
  }
  return type_of(value) == type;
}

std::string article(const std::string& type) {
  return (type == "integer" || type == "array" || type == "object") ? "an " + type : "a " + type;
}

/// The `type` rule; `type` may be a name or an array of names.
Result<void> check_type(const json& schema, const json& value, const std::string& path) {
  auto it = schema.find("type");
  if (it == schema.end()) {
    return {};
  }
  std::vector<std::string> types;
  if (it->is_string()) {
    types.push_back(it->get<std::string>());
  } else if (it->is_array()) {
    for (const auto& type : *it) {
      if (type.is_string()) {
        types.push_back(type.get<std::string>());
      }
    }
  }
  std::string wanted;
  for (const auto& type : types) {
    if (has_type(value, type)) {
      return {};
    }
    wanted += (wanted.empty() ? "" : " or ") + article(type);
  }
  if (types.empty()) {
    return {};
  }
  return fail(path, "must be " + wanted + ", got " + type_of(value));
}

Result<void> check_enum(const json& schema, const json& value, const std::string& path) {
  auto it = schema.find("enum");
  if (it == schema.end() || !it->is_array()) {
    return {};
  }
  std::string allowed;
  for (const auto& option : *it) {
    if (option == value) {
      return {};
    }
    allowed += (allowed.empty() ? "" : ", ") + option.dump();
  }
  return fail(path, "must be one of " + allowed + ", got " + value.dump());
}

Result<void> check_number(const json& schema, const json& value, const std::string& path) {
  if (!value.is_number()) {
    return {};
  }
  auto number = value.get<double>();
  if (auto it = schema.find("minimum"); it != schema.end() && it->is_number() && number < it->get<double>()) {
    return fail(path, "must be at least " + it->dump());
  }
  if (auto it = schema.find("maximum"); it != schema.end() && it->is_number() && number > it->get<double>()) {
    return fail(path, "must be at most " + it->dump());
  }
  return {};
}

Result<void> check_string(const json& schema, const json& value, const std::string& path) {
  if (!value.is_string()) {
    return {};
  }
  // JSON Schema counts characters, not bytes.
  std::size_t length = answer::markup::utf8_count(value.get_ref<const std::string&>());
  if (auto min = count_rule(schema, "minLength"); min && length < *min) {
    return fail(path, "must be at least " + std::to_string(*min) +
                          (*min == 1 ? " character" : " characters") + " long");
  }
  if (auto max = count_rule(schema, "maxLength"); max && length > *max) {
    return fail(path, "must be at most " + std::to_string(*max) + (*max == 1 ? " character" : " characters") +
                          " long");
  }
  return {};
}

Result<void> check(const json& schema, const json& value, const std::string& path);

Result<void> check_array(const json& schema, const json& value, const std::string& path) {
  if (!value.is_array()) {
    return {};
  }
  if (auto max = count_rule(schema, "maxItems"); max && value.size() > *max) {
    return fail(path, "must have at most " + std::to_string(*max) + (*max == 1 ? " item" : " items"));
  }
  if (auto min = count_rule(schema, "minItems"); min && value.size() < *min) {
    return fail(path, "must have at least " + std::to_string(*min) + (*min == 1 ? " item" : " items"));
  }
  if (auto it = schema.find("items"); it != schema.end() && it->is_object()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (auto ok = check(*it, value[i], path + "[" + std::to_string(i) + "]"); !ok) {
        return ok;
      }
    }
  }
  return {};
}

std::string property_names(const json& properties) {
  std::string names;
  for (const auto& [name, unused] : properties.items()) {
    names += (names.empty() ? "" : ", ") + name;
  }
  return names.empty() ? "(none)" : names;
}

Result<void> check_object(const json& schema, const json& value, const std::string& path) {
  if (!value.is_object()) {
    return {};
  }
  static const json k_empty = json::object();
  auto props = schema.find("properties");
  const json& properties = props != schema.end() && props->is_object() ? *props : k_empty;
  if (auto it = schema.find("required"); it != schema.end() && it->is_array()) {
    for (const auto& name : *it) {
      if (name.is_string() && !value.contains(name.get<std::string>())) {
        return fail(member_path(path, name.get<std::string>()), "is required");
      }
    }
  }
  auto extra = schema.find("additionalProperties");
  for (const auto& [name, member] : value.items()) {
    std::string at = member_path(path, name);
    if (auto it = properties.find(name); it != properties.end()) {
      if (auto ok = check(*it, member, at); !ok) {
        return ok;
      }
    } else if (extra != schema.end() && extra->is_boolean() && !extra->get<bool>()) {
      return fail(at, "is not a known property; expected " + property_names(properties));
    } else if (extra != schema.end() && extra->is_object()) {
      if (auto ok = check(*extra, member, at); !ok) {
        return ok;
      }
    }
  }
  return {};
}

Result<void> check(const json& schema, const json& value, const std::string& path) {
  if (!schema.is_object()) {
    return {};
  }
  for (auto rule : {check_type, check_enum, check_number, check_string, check_array, check_object}) {
    if (auto ok = rule(schema, value, path); !ok) {
      return ok;
    }
  }
  return {};
}

} // namespace

Result<void> validate_arguments(const nlohmann::json& schema, const nlohmann::json& arguments) {
  return check(schema, arguments, "$");
}

} // namespace steward::agent

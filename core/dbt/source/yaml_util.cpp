#include "core/dbt/source/yaml_util.hpp"

#include <charconv>
#include <exception>

#include "core/util/text.hpp"

namespace steward::dbt::source {
namespace {

bool is_null_text(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

bool is_integer_text(std::string_view text) {
  std::size_t i = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  if (i >= text.size() || text.size() - i > 18) {
    return false;
  }
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
  }
  return true;
}

/// PyYAML's YAML 1.1 float: digits with a dot, an optional exponent.
bool is_float_text(std::string_view text) {
  std::size_t i = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  bool digits = false;
  bool dot = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else if ((c == 'e' || c == 'E') && digits && dot) {
      return is_integer_text(text.substr(i + 1));
    } else {
      return false;
    }
  }
  return digits && dot;
}

std::string python_repr(const YAML::Node& node);

std::string python_scalar(const YAML::Node& node, bool quote_strings) {
  std::string text = node.Scalar();
  if (is_plain(node)) {
    if (auto value = boolean(node)) {
      return *value ? "True" : "False";
    }
    if (is_null_text(text)) {
      return "None";
    }
    if (is_integer_text(text)) {
      return text[0] == '+' ? text.substr(1) : text;
    }
  }
  if (!quote_strings) {
    return text;
  }
  char quote = text.find('\'') != std::string::npos && text.find('"') == std::string::npos ? '"' : '\'';
  std::string out(1, quote);
  for (char c : text) {
    if (c == '\\' || c == quote) {
      out.push_back('\\');
    }
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  out.push_back(quote);
  return out;
}

std::string python_repr(const YAML::Node& node) {
  if (node.IsSequence()) {
    std::string out = "[";
    for (std::size_t i = 0; i < node.size(); ++i) {
      out += (i == 0 ? "" : ", ") + python_repr(node[i]);
    }
    return out + "]";
  }
  if (node.IsMap()) {
    std::string out = "{";
    bool first = true;
    for (const auto& item : node) {
      out += (first ? "" : ", ") + python_repr(item.first) + ": " + python_repr(item.second);
      first = false;
    }
    return out + "}";
  }
  if (node.IsScalar()) {
    return python_scalar(node, true);
  }
  return "None";
}

} // namespace

Result<YAML::Node> parse_yaml(const std::string& text, std::string_view label) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    std::string reason = e.msg.empty() ? std::string("invalid YAML") : e.msg;
    if (!e.mark.is_null()) {
      reason = "line " + std::to_string(e.mark.line + 1) + ", column " + std::to_string(e.mark.column + 1) +
               ": " + reason;
    }
    return fail(std::string(label), "invalid YAML: " + reason);
  } catch (const std::exception& e) {
    return fail(std::string(label), std::string("invalid YAML: ") + e.what());
  }
}

YAML::Node child(const YAML::Node& node, std::string_view key) {
  if (node.IsMap()) {
    for (const auto& item : node) {
      if (item.first.IsScalar() && item.first.Scalar() == key) {
        return item.second;
      }
    }
  }
  return undefined();
}

YAML::Node undefined() {
  // One shared node: building a fresh undefined node costs several allocations,
  // and lookups miss often. Callers never assign through it (see the header).
  static const YAML::Node k_undefined(YAML::NodeType::Undefined);
  return k_undefined;
}

bool is_plain(const YAML::Node& node) {
  return node.IsScalar() && node.Tag() == "?";
}

std::string scalar(const YAML::Node& node, std::string_view fallback) {
  if (!node.IsDefined() || !node.IsScalar()) {
    return std::string(fallback);
  }
  if (is_plain(node) && is_null_text(node.Scalar())) {
    return std::string(fallback);
  }
  return node.Scalar();
}

std::optional<bool> boolean(const YAML::Node& node) {
  if (!node.IsDefined() || !node.IsScalar() || !is_plain(node)) {
    return std::nullopt;
  }
  std::string lower = to_lower(node.Scalar());
  if (lower == "true" || lower == "yes" || lower == "on") {
    return true;
  }
  if (lower == "false" || lower == "no" || lower == "off") {
    return false;
  }
  return std::nullopt;
}

std::vector<std::string> strings(const YAML::Node& node) {
  std::vector<std::string> out;
  if (node.IsScalar()) {
    std::string text = scalar(node);
    if (!text.empty()) {
      out.push_back(std::move(text));
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node) {
      if (item.IsScalar()) {
        out.push_back(item.Scalar());
      }
    }
  }
  return out;
}

nlohmann::json to_json(const YAML::Node& node) {
  if (node.IsMap()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& item : node) {
      out[item.first.IsScalar() ? item.first.Scalar() : python_repr(item.first)] = to_json(item.second);
    }
    return out;
  }
  if (node.IsSequence()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : node) {
      out.push_back(to_json(item));
    }
    return out;
  }
  if (!node.IsScalar()) {
    return nullptr;
  }
  const std::string& text = node.Scalar();
  if (is_plain(node)) {
    if (auto value = boolean(node)) {
      return *value;
    }
    if (is_null_text(text)) {
      return nullptr;
    }
    if (is_integer_text(text)) {
      long long value = 0;
      std::string_view digits = text[0] == '+' ? std::string_view(text).substr(1) : std::string_view(text);
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
      if (ec == std::errc()) {
        return value;
      }
    }
    if (is_float_text(text)) {
      try {
        return std::stod(text);
      } catch (const std::exception&) {
        return text;
      }
    }
  }
  return text;
}

std::string python_str(const YAML::Node& node) {
  if (node.IsScalar()) {
    return python_scalar(node, false);
  }
  return python_repr(node);
}

} // namespace steward::dbt::source

#include "adapters/llm/provider_error.hpp"

#include <nlohmann/json.hpp>

namespace steward::llm {

namespace {

constexpr std::size_t k_max_message = 300;

/// `text` on one line (runs of whitespace become one space), trimmed and
/// clipped to `k_max_message` characters.
std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    out += c;
  }
  if (out.size() > k_max_message) {
    out.resize(k_max_message);
    out += "...";
  }
  return out;
}

std::string string_at(const nlohmann::json& object, const char* name) {
  const auto found = object.find(name);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

} // namespace

std::string provider_message(std::string_view body) {
  const nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) {
    return one_line(body);
  }
  std::string message;
  if (const auto error = json.find("error"); error != json.end()) {
    message = error->is_object() ? string_at(*error, "message") : string_at(json, "error");
  }
  for (const char* name : {"message", "detail"}) {
    if (message.empty()) {
      message = string_at(json, name);
    }
  }
  return one_line(message);
}

std::string redact(std::string text, std::string_view secret) {
  if (secret.size() < 4) {
    return text;
  }
  constexpr std::string_view k_marker = "[redacted]";
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + k_marker.size())) {
    text.replace(at, secret.size(), k_marker);
  }
  return text;
}

} // namespace steward::llm

#include "adapters/github/problems.hpp"

#include <algorithm>

namespace steward::github {

namespace {

std::string_view phrase(int status) {
  switch (status) {
  case 400: return "Bad Request";
  case 401: return "Unauthorized";
  case 403: return "Forbidden";
  case 404: return "Not Found";
  case 409: return "Conflict";
  case 422: return "Unprocessable Entity";
  case 429: return "Too Many Requests";
  case 500: return "Internal Server Error";
  case 502: return "Bad Gateway";
  case 503: return "Service Unavailable";
  case 504: return "Gateway Timeout";
  default: return "HTTP error";
  }
}

std::string string_of(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) {
    return {};
  }
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

/// One entry of a 422's `errors`: its `message`, else `field code`
/// (`head invalid`, `title missing_field`).
std::string error_entry(const nlohmann::json& entry) {
  if (entry.is_string()) {
    return entry.get<std::string>();
  }
  std::string message = string_of(entry, "message");
  if (message.empty()) {
    message = string_of(entry, "field");
    const std::string code = string_of(entry, "code");
    message += message.empty() || code.empty() ? code : " " + code;
  }
  return message;
}

} // namespace

std::string status_problem(int status, const nlohmann::json& body) {
  std::string message = string_of(body, "message");
  std::string text = std::to_string(status) + " " + (message.empty() ? std::string(phrase(status)) : message);
  if (body.is_object() && body.contains("errors") && body["errors"].is_array()) {
    std::string details;
    for (const auto& entry : body["errors"]) {
      const std::string detail = error_entry(entry);
      if (!detail.empty()) {
        details += (details.empty() ? "" : "; ") + detail;
      }
    }
    if (!details.empty()) {
      text += ": " + details;
    }
  }
  return text;
}

bool pull_request_exists(const nlohmann::json& body) {
  if (!body.is_object() || !body.contains("errors") || !body["errors"].is_array()) {
    return false;
  }
  const nlohmann::json& errors = body["errors"];
  return std::any_of(errors.begin(), errors.end(), [](const nlohmann::json& entry) {
    return error_entry(entry).find("A pull request already exists") != std::string::npos;
  });
}

std::string redact(std::string text, std::string_view secret) {
  if (secret.empty()) {
    return text;
  }
  constexpr std::string_view k_mark = "[redacted]";
  for (std::size_t at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + k_mark.size())) {
    text.replace(at, secret.size(), k_mark);
  }
  return text;
}

std::string duration_text(std::chrono::milliseconds duration) {
  const auto count = duration.count();
  return count % 1000 == 0 ? std::to_string(count / 1000) + " s" : std::to_string(count) + " ms";
}

} // namespace steward::github

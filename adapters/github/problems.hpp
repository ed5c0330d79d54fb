#pragma once

// GitHub's error answers in words a person can act on (private to
// adapters/github).

#include <chrono>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace steward::github {

/// `401 Bad credentials`: the status and GitHub's `message` (or the status's
/// usual phrase when the body has none), followed for a 422 by the
/// `errors[]` entries (`: A pull request already exists for o:b.`).
std::string status_problem(int status, const nlohmann::json& body);

/// True when a 422 body says an open pull request for the head exists.
bool pull_request_exists(const nlohmann::json& body);

/// `text` with every occurrence of `secret` replaced by `[redacted]`.
std::string redact(std::string text, std::string_view secret);

/// `10 s`, `250 ms`.
std::string duration_text(std::chrono::milliseconds duration);

} // namespace steward::github

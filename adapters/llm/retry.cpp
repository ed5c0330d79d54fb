#include "adapters/llm/retry.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>

namespace steward::llm {

namespace {

constexpr double k_max_wait_ms = 3'600'000;

/// A non-negative decimal number (`2`, `0.5`); nothing otherwise.
std::optional<double> parse_number(std::string_view text) {
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.remove_suffix(1);
  }
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
      value < 0) {
    return std::nullopt;
  }
  return value;
}

std::chrono::milliseconds to_wait(double milliseconds) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::min(milliseconds, k_max_wait_ms)));
}

} // namespace

std::chrono::milliseconds Backoff::delay(int attempt) {
  const int doublings = std::clamp(attempt - 1, 0, 20);
  const auto full = std::min(m_initial * (std::int64_t{1} << doublings), m_cap);
  double factor = 1;
  {
    const std::lock_guard lock(m_mutex);
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    factor = jitter(m_random);
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(full.count()) * factor));
}

std::optional<std::chrono::milliseconds> retry_after(const http::ClientResponse& response) {
  if (auto milliseconds = response.header("retry-after-ms")) {
    if (auto value = parse_number(*milliseconds)) {
      return to_wait(*value);
    }
  }
  if (auto seconds = response.header("retry-after")) {
    if (auto value = parse_number(*seconds)) {
      return to_wait(*value * 1000);
    }
  }
  return std::nullopt;
}

} // namespace steward::llm

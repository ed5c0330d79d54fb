#pragma once

// Retry timing for the LLM providers (private to adapters/llm): jittered
// exponential back-off and the server's own `Retry-After` hint.

#include <chrono>
#include <mutex>
#include <optional>
#include <random>

#include "adapters/http/client.hpp"

namespace steward::llm {

/// Jittered doubling back-off: attempt `n` (1-based) waits between half and
/// all of `initial * 2^(n-1)`, never more than `cap`.
///
/// @par Thread safety
/// `delay` may be called from any thread.
class Backoff {
public:
  explicit Backoff(std::chrono::milliseconds initial,
                   std::chrono::milliseconds cap = std::chrono::milliseconds(30'000))
      : m_initial(initial), m_cap(cap) {}

  [[nodiscard]] std::chrono::milliseconds delay(int attempt);

private:
  std::chrono::milliseconds m_initial;
  std::chrono::milliseconds m_cap;
  std::mutex m_mutex;
  std::minstd_rand m_random{std::random_device{}()};
};

/// How long `response` asks the client to wait: `retry-after-ms` (Azure
/// OpenAI) or `Retry-After` in (possibly fractional) seconds, capped at one
/// hour. Nothing when absent, negative or unreadable (an HTTP date included:
/// the back-off applies then).
std::optional<std::chrono::milliseconds> retry_after(const http::ClientResponse& response);

} // namespace steward::llm

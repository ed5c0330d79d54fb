#pragma once

#include <chrono>
#include <cstdint>

#include "core/ports/store.hpp"

namespace steward::store {

/// How long a failed job waits before its next attempt: exponential back-off
/// with deterministic jitter.
struct RetryPolicy {
  Millis base{std::chrono::seconds(2)}; ///< wait after the first failure
  Millis max{std::chrono::minutes(10)}; ///< waits never exceed this
  double jitter = 0.2;                  ///< up to this fraction taken off, in [0, 1]
};

/// The wait after failed attempt `attempt` (1-based) of job `job_id`:
/// `base * 2^(attempt-1)`, capped at `max`, minus up to `jitter` of itself.
/// The jitter is a hash of (job_id, attempt), so retries of many jobs that
/// failed together spread out, yet the same inputs always give the same wait.
Millis backoff_delay(const RetryPolicy& policy, Id job_id, int attempt);

} // namespace steward::store

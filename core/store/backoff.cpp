#include "core/store/backoff.hpp"

#include <algorithm>

namespace steward::store {
namespace {

/// splitmix64: a well-mixed 64-bit hash of `x`.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31U);
}

} // namespace

Millis backoff_delay(const RetryPolicy& policy, Id job_id, int attempt) {
  const std::int64_t base = std::max<std::int64_t>(policy.base.count(), 0);
  const std::int64_t cap = std::max<std::int64_t>(policy.max.count(), base);
  const int doublings = std::clamp(attempt - 1, 0, 62);
  std::int64_t delay = base;
  for (int i = 0; i < doublings && delay < cap; ++i) {
    delay *= 2;
  }
  delay = std::min(delay, cap);
  const double jitter = std::clamp(policy.jitter, 0.0, 1.0);
  const auto hash = mix((static_cast<std::uint64_t>(job_id) << 8U) ^ static_cast<std::uint64_t>(attempt));
  const double unit = static_cast<double>(hash >> 11U) / static_cast<double>(1ULL << 53U); // [0, 1)
  const auto extra = static_cast<std::int64_t>(static_cast<double>(delay) * jitter * unit);
  return Millis(delay - extra);
}

} // namespace steward::store

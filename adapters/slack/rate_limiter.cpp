#include "adapters/slack/rate_limiter.hpp"

#include <algorithm>

namespace steward::slack {

namespace {

constexpr double k_channel_burst = 10;
constexpr double k_channel_per_second = 1;

} // namespace

double RateLimiter::per_minute(const std::string& method) {
  // Tiers from Slack's published limits (java-slack-sdk MethodsRateLimits).
  if (method == "apps.connections.open") {
    return 20; // Tier 1 by one source, Tier 3 by another: allow reconnect storms some room
  }
  if (method == "chat.update" || method == "reactions.add" || method == "conversations.replies") {
    return 50; // Tier 3
  }
  if (method == "chat.postMessage") {
    return 600; // special: paced per channel below
  }
  return 100; // Tier 4: chat.postEphemeral, users.info, views.open, files.*, auth.test
}

RateLimiter::Clock::duration RateLimiter::take(Bucket& bucket, double capacity, double per_second,
                                               Clock::time_point now) {
  if (bucket.tokens < 0) {
    bucket.tokens = capacity;
    bucket.updated = now;
  }
  const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  bucket.tokens = std::min(capacity, bucket.tokens + elapsed * per_second);
  bucket.updated = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return Clock::duration::zero();
  }
  return std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>((1 - bucket.tokens) / per_second));
}

RateLimiter::Clock::duration RateLimiter::reserve(const std::string& method, const std::string& channel,
                                                  Clock::time_point now) {
  std::lock_guard lock(m_mutex);
  if (auto paused = m_paused.find(method); paused != m_paused.end()) {
    if (paused->second > now) {
      return paused->second - now;
    }
    m_paused.erase(paused);
  }
  const double limit = per_minute(method);
  Bucket& bucket = m_methods[method];
  // Check the channel first without spending the method's token.
  if (method == "chat.postMessage" && !channel.empty()) {
    Bucket& lane = m_channels[channel];
    if (auto wait = take(lane, k_channel_burst, k_channel_per_second, now); wait > Clock::duration::zero()) {
      return wait;
    }
  }
  return take(bucket, limit, limit / 60.0, now);
}

void RateLimiter::pause(const std::string& method, Clock::time_point until) {
  std::lock_guard lock(m_mutex);
  auto& paused = m_paused[method];
  paused = std::max(paused, until);
}

} // namespace steward::slack

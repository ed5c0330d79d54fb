#pragma once

// Client-side pacing for Slack's Web API (reference §5): a token bucket per
// method sized by Slack's tier, a bucket per channel for chat.postMessage
// (about one message per second, short bursts allowed), and pauses that a
// 429's Retry-After imposes on a method.

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace steward::slack {

class RateLimiter {
public:
  using Clock = std::chrono::steady_clock;

  /// How long a call of `method` (to `channel`, may be empty) must wait
  /// before it may be sent; zero when it may go now. A zero answer takes a
  /// token, so call it again after waiting.
  Clock::duration reserve(const std::string& method, const std::string& channel, Clock::time_point now);

  /// Pauses `method` until `until` (a 429's Retry-After).
  void pause(const std::string& method, Clock::time_point until);

  /// Calls per minute Slack allows `method` (its tier's floor).
  static double per_minute(const std::string& method);

private:
  struct Bucket {
    double tokens = -1; ///< -1: not yet initialised (full)
    Clock::time_point updated;
  };
  static Clock::duration take(Bucket& bucket, double capacity, double per_second, Clock::time_point now);

  std::mutex m_mutex;
  std::map<std::string, Bucket> m_methods;
  std::map<std::string, Bucket> m_channels;
  std::map<std::string, Clock::time_point> m_paused;
};

} // namespace steward::slack

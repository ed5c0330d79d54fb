#include <set>

#include <gtest/gtest.h>

#include "core/store/backoff.hpp"

namespace steward::store {
namespace {

using namespace std::chrono_literals;

TEST(Backoff, DoublesFromTheBaseWithoutJitter) {
  RetryPolicy policy{2s, 10min, 0.0};
  EXPECT_EQ(backoff_delay(policy, 1, 1), 2s);
  EXPECT_EQ(backoff_delay(policy, 1, 2), 4s);
  EXPECT_EQ(backoff_delay(policy, 1, 3), 8s);
  EXPECT_EQ(backoff_delay(policy, 1, 9), 512s);
  EXPECT_EQ(backoff_delay(policy, 1, 10), 10min) << "1024 s is capped at 600 s";
  EXPECT_EQ(backoff_delay(policy, 1, 1000), 10min) << "no overflow for absurd attempt counts";
  EXPECT_EQ(backoff_delay(policy, 1, 0), 2s) << "attempt numbers below 1 count as the first";
}

TEST(Backoff, JitterOnlyShortensAndIsDeterministic) {
  RetryPolicy policy{10s, 1h, 0.2};
  std::set<std::int64_t> distinct;
  for (Id job = 1; job <= 200; ++job) {
    const Millis delay = backoff_delay(policy, job, 3); // 40 s before jitter
    EXPECT_LE(delay, 40s);
    EXPECT_GE(delay, 32s);
    EXPECT_EQ(delay, backoff_delay(policy, job, 3));
    distinct.insert(delay.count());
  }
  EXPECT_GT(distinct.size(), 150U) << "jobs failing together should retry at different times";
  EXPECT_LE(backoff_delay(policy, 7, 50), 1h);
  EXPECT_GE(backoff_delay(policy, 7, 50), 48min);
}

TEST(Backoff, ZeroBaseMeansRetryAtOnce) {
  EXPECT_EQ(backoff_delay({0s, 1min, 0.5}, 3, 4), 0s);
}

} // namespace
} // namespace steward::store

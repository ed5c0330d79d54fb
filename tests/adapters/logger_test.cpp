#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include "adapters/log/logger.hpp"

namespace steward::adapters {
namespace {

TEST(Logger, LevelsAreAppliedAndBadLevelsRejected) {
  ASSERT_TRUE(configure_logging("warn"));
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::warn);
  ASSERT_TRUE(configure_logging("debug")) << "configuring twice only changes the level";
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::debug);
  auto bad = configure_logging("verbose");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().key, "log.level");
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::debug) << "a bad level changes nothing";
  ASSERT_TRUE(configure_logging("off"));
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::off);
}

} // namespace
} // namespace steward::adapters

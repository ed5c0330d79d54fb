#include "adapters/log/logger.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace steward::adapters {

Result<void> configure_logging(const std::string& level) {
  auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off") {
    return fail("log.level", "unknown level '" + level + "' (use trace, debug, info, warn, error or off)");
  }
  auto logger = spdlog::get("steward");
  if (!logger) {
    logger = spdlog::stderr_color_mt("steward");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    spdlog::set_default_logger(logger);
  }
  logger->set_level(parsed);
  return {};
}

} // namespace steward::adapters

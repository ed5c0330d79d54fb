#pragma once

#include <string>

#include "core/util/error.hpp"

namespace steward::adapters {

/// Configures the process-wide logger: `level` is one of trace, debug, info,
/// warn, error, off; output goes to stderr as `time level message`. Calling it
/// again only changes the level. Returns an error naming `log.level` for an
/// unknown level (and changes nothing).
Result<void> configure_logging(const std::string& level);

} // namespace steward::adapters

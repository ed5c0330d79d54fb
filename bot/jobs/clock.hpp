#pragma once

#include <chrono>

#include "core/ports/store.hpp"

namespace steward::bot {

/// Wall-clock now with the store's millisecond precision.
inline store::TimePoint wall_now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

} // namespace steward::bot

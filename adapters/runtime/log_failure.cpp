#include "adapters/runtime/log_failure.hpp"

#include <spdlog/spdlog.h>

namespace steward::runtime {

void log_failure(std::string_view what, const std::exception_ptr& error) {
  if (!error) {
    return;
  }
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    spdlog::error("{} failed: {}", what, e.what());
  } catch (...) {
    spdlog::error("{} failed with an unknown exception", what);
  }
}

} // namespace steward::runtime

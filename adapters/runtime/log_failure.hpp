#pragma once

#include <exception>
#include <string_view>

namespace steward::runtime {

/// Logs `error` (an exception that ended the coroutine doing `what`), if any,
/// as `<what> failed: <message>`. The completion handler of every `co_spawn`
/// in adapters/ and bot/: a failed coroutine is always logged, never silent.
void log_failure(std::string_view what, const std::exception_ptr& error);

} // namespace steward::runtime

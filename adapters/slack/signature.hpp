#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace steward::slack {

enum class Verdict {
  ok,
  missing,   ///< no signature or timestamp header
  malformed, ///< timestamp not a number, signature not `v0=` + 64 hex
  stale,     ///< |now - timestamp| > 300 s
  mismatch,  ///< HMAC differs
};

/// Verifies a Slack request signature exactly as Slack specifies: HMAC-SHA256
/// keyed with `signing_secret` over `v0:<timestamp>:<body>`, compared in
/// constant time with `signature` (`v0=<hex>`); `timestamp` must be within
/// 300 s of `now_seconds` either way. `timestamp` and `signature` are the
/// header values (absent: nothing).
Verdict verify_signature(std::string_view signing_secret, std::optional<std::string_view> timestamp,
                         std::optional<std::string_view> signature, std::string_view body,
                         std::int64_t now_seconds);

/// `v0=<hex>` for `body` at `timestamp` (tests, benchmarks, fake Slack).
std::string sign(std::string_view signing_secret, std::string_view timestamp, std::string_view body);

} // namespace steward::slack

#pragma once

// OpenSSL's HMAC and random numbers, for the few places that need them: Slack
// request signatures and the keyed hash that replaces PII values
// (`sql.pii_action: hash`).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace steward::crypto {

/// Lower-case hex HMAC-SHA256 of `message` under `key`; empty if OpenSSL
/// fails (it does not for valid input).
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

/// Whether `a` equals `b`, in time that depends only on their lengths (for
/// comparing secrets and signatures).
bool equal_constant_time(std::string_view a, std::string_view b);

/// `bytes` random bytes from OpenSSL's CSPRNG as lower-case hex, or nullopt
/// when it cannot supply them.
std::optional<std::string> random_hex(std::size_t bytes);

} // namespace steward::crypto

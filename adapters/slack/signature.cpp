#include "adapters/slack/signature.hpp"

#include <charconv>

#include <openssl/crypto.h>

#include "adapters/crypto/keyed_hash.hpp"

namespace steward::slack {
namespace {

constexpr std::int64_t k_window_seconds = 300;
constexpr std::string_view k_prefix = "v0=";
constexpr std::size_t k_hex_digits = 64; // SHA-256

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// The Unix time in a timestamp header: digits only, no sign or spaces.
std::optional<std::int64_t> parse_timestamp(std::string_view text) {
  std::int64_t value = 0;
  if (text.empty() || text.front() < '0' || text.front() > '9') {
    return std::nullopt;
  }
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

/// |a - b| without overflow.
std::uint64_t distance(std::int64_t a, std::int64_t b) {
  return a > b ? static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b)
               : static_cast<std::uint64_t>(b) - static_cast<std::uint64_t>(a);
}

/// The lower-case hex HMAC-SHA256 of `v0:<timestamp>:<body>`; "" if OpenSSL fails.
std::string hmac_hex(std::string_view secret, std::string_view timestamp, std::string_view body) {
  std::string base;
  base.reserve(4 + timestamp.size() + body.size());
  base.append("v0:").append(timestamp).append(":").append(body);
  return crypto::hmac_sha256_hex(secret, base);
}

} // namespace

Verdict verify_signature(std::string_view signing_secret, std::optional<std::string_view> timestamp,
                         std::optional<std::string_view> signature, std::string_view body,
                         std::int64_t now_seconds) {
  if (!timestamp || !signature || timestamp->empty() || signature->empty()) {
    return Verdict::missing;
  }
  const auto seconds = parse_timestamp(*timestamp);
  if (!seconds || signature->size() != k_prefix.size() + k_hex_digits || !signature->starts_with(k_prefix)) {
    return Verdict::malformed;
  }
  std::string received(signature->substr(k_prefix.size()));
  for (char& c : received) {
    if (!is_hex(c)) {
      return Verdict::malformed;
    }
    if (c >= 'A' && c <= 'F') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  if (distance(now_seconds, *seconds) > static_cast<std::uint64_t>(k_window_seconds)) {
    return Verdict::stale;
  }
  const std::string expected = hmac_hex(signing_secret, *timestamp, body);
  if (expected.size() != received.size() ||
      CRYPTO_memcmp(expected.data(), received.data(), expected.size()) != 0) {
    return Verdict::mismatch;
  }
  return Verdict::ok;
}

std::string sign(std::string_view signing_secret, std::string_view timestamp, std::string_view body) {
  return std::string(k_prefix) + hmac_hex(signing_secret, timestamp, body);
}

} // namespace steward::slack

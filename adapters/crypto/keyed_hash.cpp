#include "adapters/crypto/keyed_hash.hpp"

#include <array>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace steward::crypto {
namespace {

std::string hex_of(const unsigned char* bytes, std::size_t size) {
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    hex.push_back(k_hex[bytes[i] >> 4U]);
    hex.push_back(k_hex[bytes[i] & 0x0FU]);
  }
  return hex;
}

} // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  const unsigned char* result =
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data(), &size);
  if (result == nullptr) {
    return {};
  }
  return hex_of(digest.data(), size);
}

std::optional<std::string> random_hex(std::size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) {
    return std::nullopt;
  }
  return hex_of(buffer.data(), buffer.size());
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  return a.size() == b.size() && (a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0);
}

} // namespace steward::crypto

#pragma once

// Throwaway TLS material for tests: a CA and server certificates it signed,
// generated with OpenSSL at run time (nothing secret is checked in).

#include <filesystem>

namespace steward::testing {

struct TestCertificates {
  std::filesystem::path ca;          ///< the CA certificate (PEM) clients trust
  std::filesystem::path chain;       ///< server certificate for `localhost` and 127.0.0.1, signed by `ca`
  std::filesystem::path key;         ///< `chain`'s private key
  std::filesystem::path foreign_key; ///< a private key that does not match `chain`
};

/// Writes a fresh CA, server certificate and keys into `dir` (which must
/// exist). Throws std::runtime_error when OpenSSL fails.
TestCertificates make_test_certificates(const std::filesystem::path& dir);

} // namespace steward::testing

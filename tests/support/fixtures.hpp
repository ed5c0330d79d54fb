#pragma once

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace steward::testing {

/// `../shared/fixtures` next to the checkout; tests that need it skip when absent.
inline std::filesystem::path fixtures_dir() {
  return STEWARD_FIXTURES_DIR;
}

/// `../shared/fixtures/dbt/<relative>`.
inline std::filesystem::path dbt_fixture(const std::string& relative) {
  return fixtures_dir() / "dbt" / relative;
}

/// The repository root (for `examples/`).
inline std::filesystem::path source_dir() {
  return STEWARD_SOURCE_DIR;
}

/// The built `steward` executable.
inline std::filesystem::path steward_binary() {
  return STEWARD_BINARY;
}

} // namespace steward::testing

/// Skips the current test, with a message, when the shared fixtures are absent.
#define STEWARD_REQUIRE_FIXTURES()                                                                           \
  do {                                                                                                       \
    if (!std::filesystem::exists(::steward::testing::fixtures_dir() / "dbt")) {                              \
      GTEST_SKIP() << "shared fixtures not found at " << ::steward::testing::fixtures_dir()                  \
                   << " (clone next to ../shared to run this test)";                                         \
    }                                                                                                        \
  } while (false)

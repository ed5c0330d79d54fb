#pragma once

// A gtest fixture parameterised by backend name: each test gets a fresh, empty
// store. The same test bodies run unchanged against SQLite and PostgreSQL.

#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>

#include <gtest/gtest.h>

#include "tests/support/postgres.hpp"
#include "tests/support/store_targets.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::testing {

class StoreTest : public ::testing::TestWithParam<std::string> {
protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      auto server = pg_server();
      STEWARD_REQUIRE_PG(server);
      m_target = {"postgres", fresh_pg_database(*server), server->password};
    } else {
      m_target = {"sqlite", (m_dir.path() / "state" / "steward.db").string(), ""};
    }
    auto opened = open_target(m_target);
    ASSERT_TRUE(opened) << opened.error().to_string();
    m_store = std::move(*opened);
  }

  store::Store& store() { return *m_store; }
  [[nodiscard]] const StoreTarget& target() const { return m_target; }

  /// Closes the store and opens the same database again.
  void reopen() {
    m_store.reset();
    auto opened = open_target(m_target);
    ASSERT_TRUE(opened) << opened.error().to_string();
    m_store = std::move(*opened);
  }

  /// A fixed instant, so times in assertions are exact.
  static store::TimePoint t0() { return store::TimePoint(store::Millis(1'767'225'600'000)); }
  static store::TimePoint at(std::int64_t seconds) { return t0() + std::chrono::seconds(seconds); }

private:
  TempDir m_dir;
  StoreTarget m_target;
  std::unique_ptr<store::Store> m_store;
};

/// Instantiates a `StoreTest`-derived suite for both backends.
#define STEWARD_STORE_SUITE(suite)                                                                           \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                                                  \
                           ::testing::Values(std::string("sqlite"), std::string("postgres")),                \
                           [](const ::testing::TestParamInfo<std::string>& param) { return param.param; })

} // namespace steward::testing

namespace steward::testing {

/// The value of `result`; throws (failing the test with the store's error
/// text) when it holds an error.
template <typename T>
T must(Result<T> result) {
  if (!result) {
    throw std::runtime_error(result.error().to_string());
  }
  if constexpr (!std::is_void_v<T>) {
    return std::move(*result);
  }
}

} // namespace steward::testing

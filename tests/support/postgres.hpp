#pragma once

// The PostgreSQL server tests run against: the one `scripts/test` starts with
// scripts/pg-test-server, found through PGTEST_URL and
// PGTEST_PASSWORD. Without them, PostgreSQL tests skip with a
// message, unless PGTEST_REQUIRE=1 (set by scripts/test), which
// makes them fail instead.

#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace steward::testing {

struct PgServer {
  std::string url;      ///< `postgresql://steward@127.0.0.1:PORT/steward`
  std::string password; ///< kept out of the URL, as the store requires
};

/// The server the test command started (PGTEST_URL / _PASSWORD), or
/// nullopt.
std::optional<PgServer> pg_server();

/// True when PGTEST_REQUIRE=1: a missing server is a failure.
bool pg_required();

/// Creates a new empty database on `server` (a unique name) and returns a URL
/// for it: same user, password separate. Throws `std::runtime_error` when the
/// server refuses.
std::string fresh_pg_database(const PgServer& server);

/// `url` with `password` added, for connecting with libpqxx directly (tests
/// only: the store itself never accepts a password in its URL).
std::string pg_admin_url(const std::string& url, const std::string& password);

} // namespace steward::testing

/// In a test body or SetUp: skips the test with a message when no server is
/// configured (`server_var` is an empty `std::optional<PgServer>`), or fails it
/// when PGTEST_REQUIRE=1.
#define STEWARD_REQUIRE_PG(server_var)                                                                       \
  do {                                                                                                       \
    if (!(server_var)) {                                                                                     \
      if (::steward::testing::pg_required()) {                                                               \
        FAIL() << "PGTEST_REQUIRE=1 but PGTEST_URL is not set (start a server with "                         \
                  "scripts/pg-test-server)";                                                                 \
      }                                                                                                      \
      GTEST_SKIP() << "no PostgreSQL server: set PGTEST_URL and PGTEST_PASSWORD "                            \
                      "(eval \"$(scripts/pg-test-server start DIR)\")";                                      \
    }                                                                                                        \
  } while (false)

#pragma once

#include <memory>
#include <string>

#include "core/ports/store.hpp"

namespace steward::postgres {

struct PostgresOptions {
  /// `postgresql://user@host:port/dbname?param=value` (libpq URI syntax) or a
  /// libpq `key=value` string. Must not contain a password.
  std::string url;
  /// The password (from the environment or a file); may be empty.
  std::string password;
  /// Connections kept open; calls beyond this many wait for a free one.
  int pool_size = 4;
  /// Limit for establishing each connection, in whole seconds rounded up
  /// (libpq's unit; it waits at least 2 s). Replaces any in `url`.
  store::Millis connect_timeout{5000};
};

/// Connects `pool_size` connections to PostgreSQL, applies pending migrations
/// (serialised across processes with an advisory lock) and returns the store.
///
/// Errors never contain the password:
/// - `store.url: cannot connect to HOST:PORT (reason)` when the server is
///   unreachable (within `connect_timeout`) or the database is missing;
/// - `store.url: cannot parse the connection URL (reason)`, or `store.url:
///   must not contain a password; ...` for a password in the URL;
/// - `store.password: authentication failed for user "U"` (or, with no
///   password configured, that the server requires one);
/// - `store.pool_size: must be at least 1, ...`;
/// - `store: database schema version N is newer than this steward supports
///   (M); ...`.
///
/// Calls are thread-safe: each borrows a pooled connection for one
/// transaction, waiting while all `pool_size` are busy. A call that finds its
/// connection broken (server restart, idle timeout, `pg_terminate_backend`)
/// runs once more on a new connection, so callers see no error; it fails with
/// key `store` only when reconnecting fails too. The exception is a
/// connection lost during COMMIT: that call fails saying the change may or
/// may not have been saved. Job claims use `FOR UPDATE SKIP LOCKED`, so many
/// processes share one queue.
Result<std::unique_ptr<store::Store>> open_postgres_store(const PostgresOptions& options);

/// The schema version this binary migrates PostgreSQL stores to.
int postgres_schema_version();

} // namespace steward::postgres

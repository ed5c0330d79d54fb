#pragma once

#include <filesystem>
#include <memory>

#include "core/ports/store.hpp"

namespace steward::sqlite {

struct SqliteOptions {
  /// The database file; its directory is created when missing.
  std::filesystem::path path;
  /// How long a write waits for another process's write lock.
  store::Millis busy_timeout{5000};
  /// `PRAGMA synchronous`: true = FULL, the default (every commit survives
  /// power loss; concurrent calls share one fsync through group commit);
  /// false = NORMAL (in WAL mode commits survive a crash of the process, but
  /// the last ones may be lost if the host loses power).
  bool full_sync = true;
};

/// Opens (creating when missing) the SQLite store at `options.path`: WAL
/// mode, busy timeout, foreign keys on, pending migrations applied.
///
/// Errors (nothing is created or changed when opening fails):
/// - `<dir>: directory is not writable (...)` when the directory cannot hold
///   the database, its WAL and its lock files;
/// - `<file>: is a directory, not a database file`;
/// - `<file>: not a Steward database (file is not a database)` for a corrupt
///   file (`(it has tables but no schema_migrations)` for another program's
///   SQLite database); the file is left byte-for-byte as it was;
/// - `<file>: database schema version N is newer than this steward
///   supports (M); ...` when a newer binary migrated it.
///
/// The store uses one connection guarded by a mutex, so it is thread-safe and
/// there is exactly one writer per process; other processes wait up to
/// `busy_timeout` for the file lock.
Result<std::unique_ptr<store::Store>> open_sqlite_store(const SqliteOptions& options);

/// The schema version this binary migrates SQLite stores to.
int sqlite_schema_version();

} // namespace steward::sqlite

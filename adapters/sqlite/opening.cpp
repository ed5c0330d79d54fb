#include "adapters/sqlite/opening.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <sqlite3.h>

#include "adapters/sqlite/migrations.hpp"

namespace steward::sqlite {
namespace {

namespace fs = std::filesystem;

Error not_writable(const fs::path& dir, const std::string& why) {
  return Error{dir.string(), "directory is not writable (" + why + ")"};
}

/// Proves `dir` can hold new files by creating and removing one (permission
/// bits alone do not tell: root ignores them, a read-only mount does not).
Result<void> probe_writable(const fs::path& dir) {
  static std::atomic<unsigned> counter{0};
  for (int attempt = 0; attempt < 8; ++attempt) {
    const std::string name =
        (dir / (".steward-probe-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1))))
            .string();
    const int fd = ::open(name.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::close(fd);
      ::unlink(name.c_str());
      return {};
    }
    if (errno != EEXIST) {
      return tl::unexpected(not_writable(dir, std::generic_category().message(errno)));
    }
  }
  return tl::unexpected(not_writable(dir, "cannot create a probe file"));
}

/// Removes directories a failed open created, innermost first (only while empty).
void remove_directories(const std::vector<fs::path>& created) {
  std::error_code ec;
  const std::vector<fs::path> innermost_first(created.rbegin(), created.rend());
  for (const fs::path& dir : innermost_first) {
    fs::remove(dir, ec);
  }
}

/// Creates the missing ancestors of `dir` and `dir` itself; returns the
/// directories it created, outermost first, so a failed open can remove them.
Result<std::vector<fs::path>> make_directories(const fs::path& dir) {
  std::vector<fs::path> missing;
  std::error_code ec;
  for (fs::path at = dir; !at.empty() && !fs::exists(at, ec); at = at.parent_path()) {
    missing.push_back(at);
    if (at == at.parent_path()) {
      break;
    }
  }
  std::reverse(missing.begin(), missing.end());
  std::vector<fs::path> created;
  for (const fs::path& at : missing) {
    if (!fs::create_directory(at, ec) && ec) {
      remove_directories(created);
      return tl::unexpected(not_writable(dir, ec.message()));
    }
    created.push_back(at);
  }
  return created;
}

/// Whether `file` exists (a dangling symlink counts: a failed open must not
/// remove it); fails when it is a directory or another non-file.
Result<bool> check_target(const fs::path& file) {
  std::error_code ec;
  const fs::file_status status = fs::status(file, ec);
  if (status.type() == fs::file_type::not_found) {
    return fs::symlink_status(file, ec).type() == fs::file_type::symlink;
  }
  if (ec) {
    return fail(file.string(), "cannot inspect the database file (" + ec.message() + ")");
  }
  if (status.type() == fs::file_type::directory) {
    return fail(file.string(), "is a directory, not a database file");
  }
  if (status.type() != fs::file_type::regular) {
    return fail(file.string(), "is not a regular file");
  }
  return true;
}

Result<std::unique_ptr<Connection>> open_handle(const fs::path& file, const SqliteOptions& options) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int code = sqlite3_open_v2(file.c_str(), &db, flags, nullptr);
  auto connection = std::make_unique<Connection>(db, file.string());
  if (code != SQLITE_OK || db == nullptr) {
    const char* why = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    return fail(file.string(), std::string("cannot open the database (") + why + ")");
  }
  if (sqlite3_db_readonly(db, "main") == 1) {
    return fail(file.string(), "the database file is not writable");
  }
  const auto timeout = std::clamp<std::int64_t>(options.busy_timeout.count(), 0, 24LL * 3600 * 1000);
  sqlite3_busy_timeout(db, static_cast<int>(timeout));
  return connection;
}

Error not_steward(const Connection& db, const std::string& why) {
  return Error{db.file(), "not a Steward database (" + why + ")"};
}

/// A failure to read the schema: the file's fault, or just a locked or unreadable file.
Error read_error(const Connection& db, const Error& error) {
  const int code = sqlite3_errcode(db.handle()) & 0xff;
  if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
    return not_steward(db, error.reason);
  }
  return Error{db.file(), "cannot read the database (" + error.reason + ")"};
}

/// Reads the schema (nothing is written): rejects a corrupt file, another
/// program's database and a database migrated by a newer Steward.
Result<void> inspect(Connection& db) {
  bool foreign_tables = false;
  bool migrations_table = false;
  {
    auto tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'");
    if (!tables) {
      return tl::unexpected(read_error(db, tables.error()));
    }
    for (;;) {
      auto row = tables->step();
      if (!row) {
        return tl::unexpected(read_error(db, row.error()));
      }
      if (!*row) {
        break;
      }
      const std::string name = tables->text(0);
      migrations_table = migrations_table || name == "schema_migrations";
      foreign_tables = foreign_tables || (name.rfind("sqlite_", 0) != 0 && name != "schema_migrations");
    }
  }
  if (foreign_tables && !migrations_table) {
    return tl::unexpected(not_steward(db, "it has tables but no schema_migrations"));
  }
  auto version = applied_version(db);
  if (!version) {
    return tl::unexpected(version.error());
  }
  if (*version > latest_migration_version()) {
    return tl::unexpected(newer_schema_error(db.file(), *version));
  }
  return {};
}

Result<std::string> pragma(Connection& db, const std::string& sql) {
  auto statement = db.prepare(sql);
  if (!statement) {
    return tl::unexpected(statement.error());
  }
  auto row = statement->step();
  if (!row) {
    return tl::unexpected(row.error());
  }
  return *row ? statement->text(0) : std::string();
}

Result<void> configure(Connection& db, const SqliteOptions& options) {
  auto mode = pragma(db, "PRAGMA journal_mode = WAL");
  if (!mode) {
    return tl::unexpected(mode.error());
  }
  if (*mode != "wal") {
    return fail(db.file(), "cannot switch to WAL mode (journal mode is '" + *mode + "')");
  }
  for (const std::string& sql :
       {std::string("PRAGMA synchronous = ") + (options.full_sync ? "FULL" : "NORMAL"),
        std::string("PRAGMA foreign_keys = ON")}) {
    if (auto set = pragma(db, sql); !set) {
      return tl::unexpected(set.error());
    }
  }
  return {};
}

Result<void> prepare_database(Connection& db, const SqliteOptions& options) {
  auto ready =
      inspect(db).and_then([&] { return configure(db, options); }).and_then([&] { return migrate(db); });
  if (!ready && ready.error().key == "store") {
    return fail(db.file(), ready.error().reason);
  }
  return ready;
}

/// Removes what a failed open created: the database's files, then the
/// directories, innermost first.
void clean_up(const fs::path& file, bool file_existed, const std::vector<fs::path>& created_dirs) {
  std::error_code ec;
  if (!file_existed) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      fs::remove(file.string() + suffix, ec);
    }
  }
  remove_directories(created_dirs);
}

} // namespace

Result<std::unique_ptr<Connection>> open_database(const SqliteOptions& options) {
  const fs::path& file = options.path;
  if (file.empty() || !file.has_filename()) {
    return fail(file.string(), "the database path must name a file");
  }
  const fs::path dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  auto created_dirs = make_directories(dir);
  if (!created_dirs) {
    return tl::unexpected(created_dirs.error());
  }
  auto existed = probe_writable(dir).and_then([&] { return check_target(file); });
  if (!existed) {
    clean_up(file, true, *created_dirs);
    return tl::unexpected(existed.error());
  }
  auto connection = open_handle(file, options);
  if (connection) {
    if (auto ready = prepare_database(**connection, options); !ready) {
      connection = tl::unexpected(ready.error());
    }
  }
  if (!connection) {
    clean_up(file, *existed, *created_dirs); // the failed connection is closed by now
  }
  return connection;
}

} // namespace steward::sqlite

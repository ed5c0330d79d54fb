#pragma once

// Private to the SQLite adapter: one `sqlite3` connection with a cache of
// prepared statements, a borrowed-statement handle and a transaction helper.
// Library types are only forward-declared, so this header does not include
// <sqlite3.h>.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/ports/store.hpp"
#include "core/util/error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace steward::sqlite {

class Connection;

/// A prepared statement borrowed from a `Connection`'s cache (or owned, when
/// the cached one is in use). Binds parameters left to right (`?` or `?N` in
/// order); text and blobs are bound without copying, so they must outlive the
/// statement's use. Destruction resets it and returns it to the cache. Not
/// thread-safe: use it under the connection's lock.
class Statement {
public:
  /// `busy` is the cache entry's in-use flag (cleared on destruction), or
  /// null for an owned statement (finalized on destruction).
  Statement(Connection& connection, sqlite3_stmt* stmt, bool* busy) noexcept
      : m_connection(&connection), m_stmt(stmt), m_busy(busy) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;

  Statement& bind(std::int64_t value);
  Statement& bind(std::string_view text);
  Statement& bind(store::TimePoint time) { return bind(time.time_since_epoch().count()); }
  /// Binds NULL when `value` is empty.
  Statement& bind(const std::optional<std::int64_t>& value);
  Statement& bind_optional_text(std::string_view text); ///< NULL when empty
  Statement& bind_blob(std::span<const unsigned char> bytes);
  Statement& bind_null();

  /// Runs until the next row: true when a row is available, false when done.
  Result<bool> step();
  /// Runs to completion, ignoring any rows.
  Result<void> run();

  [[nodiscard]] bool is_null(int column) const;
  [[nodiscard]] std::int64_t integer(int column) const;
  [[nodiscard]] store::TimePoint time(int column) const;
  [[nodiscard]] std::optional<store::TimePoint> optional_time(int column) const;
  [[nodiscard]] std::string text(int column) const; ///< "" for NULL
  [[nodiscard]] std::span<const unsigned char> blob(int column) const;

private:
  void check_bind(int code);

  Connection* m_connection;
  sqlite3_stmt* m_stmt;
  bool* m_busy;
  int m_next = 1; ///< the next parameter index
  int m_bind_error = 0;
};

/// Owns one `sqlite3` connection and its prepared statements. Not
/// thread-safe: the store serialises every use behind its mutex.
class Connection {
public:
  /// Takes ownership of `db` (closed on destruction); `file` names it in errors.
  Connection(sqlite3* db, std::string file) noexcept : m_db(db), m_file(std::move(file)) {}
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  Connection(Connection&&) = delete;
  Connection& operator=(Connection&&) = delete;

  /// The statement for `sql` (one statement), prepared once and cached.
  Result<Statement> prepare(std::string_view sql);
  /// Runs `sql`, which may hold several statements; nothing is cached.
  Result<void> exec(std::string_view sql);

  /// One operation's transaction: `BEGIN IMMEDIATE` / `COMMIT` / `ROLLBACK`,
  /// or inside a batch `SAVEPOINT` / `RELEASE` / `ROLLBACK TO`, so that a
  /// failed operation undoes only its own writes.
  Result<void> begin_immediate();
  Result<void> commit();
  /// Rolls back the open operation, if any; never fails.
  void rollback() noexcept;

  /// A batch: one transaction holding several operations (group commit).
  /// Between `begin_batch` and `commit_batch`/`rollback_batch`, the three
  /// calls above work on savepoints.
  Result<void> begin_batch();
  Result<void> commit_batch();
  void rollback_batch() noexcept;

  /// Rows changed by the last INSERT, UPDATE or DELETE.
  [[nodiscard]] std::int64_t changes() const;
  /// The rowid of the last successful INSERT.
  [[nodiscard]] std::int64_t last_insert_id() const;
  [[nodiscard]] sqlite3* handle() const { return m_db; }
  [[nodiscard]] const std::string& file() const { return m_file; }

  /// `Error{"store", <context>: <the connection's last error>}`.
  [[nodiscard]] Error error(std::string_view context) const;

private:
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool busy = false;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
      return std::hash<std::string_view>{}(text);
    }
  };

  Result<void> run_cached(std::string_view sql);

  sqlite3* m_db;
  std::string m_file;
  bool m_batch = false;
  std::unordered_map<std::string, Cached, Hash, std::equal_to<>> m_cache;
};

/// Runs `body` (returning a `Result`) inside `BEGIN IMMEDIATE` … `COMMIT`;
/// rolls back when it fails, so an error means nothing was written.
template <typename Body>
auto write_transaction(Connection& db, Body&& body) -> decltype(body()) {
  if (auto began = db.begin_immediate(); !began) {
    return tl::unexpected(began.error());
  }
  auto result = std::forward<Body>(body)();
  if (!result) {
    db.rollback();
    return result;
  }
  if (auto committed = db.commit(); !committed) {
    db.rollback();
    return tl::unexpected(committed.error());
  }
  return result;
}

} // namespace steward::sqlite

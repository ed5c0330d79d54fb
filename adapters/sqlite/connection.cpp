#include "adapters/sqlite/connection.hpp"

#include <sqlite3.h>

namespace steward::sqlite {

// --- Statement ----------------------------------------------------------------

Statement::Statement(Statement&& other) noexcept
    : m_connection(other.m_connection), m_stmt(std::exchange(other.m_stmt, nullptr)), m_busy(other.m_busy),
      m_next(other.m_next), m_bind_error(other.m_bind_error) {
}

Statement::~Statement() {
  if (m_stmt == nullptr) {
    return;
  }
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
  if (m_busy != nullptr) {
    *m_busy = false;
  } else {
    sqlite3_finalize(m_stmt);
  }
}

void Statement::check_bind(int code) {
  if (code != SQLITE_OK && m_bind_error == 0) {
    m_bind_error = code;
  }
  ++m_next;
}

Statement& Statement::bind(std::int64_t value) {
  check_bind(sqlite3_bind_int64(m_stmt, m_next, value));
  return *this;
}

Statement& Statement::bind(std::string_view text) {
  // A null pointer would bind NULL; an empty text must stay an empty text.
  const char* data = text.data() != nullptr ? text.data() : "";
  check_bind(sqlite3_bind_text64(m_stmt, m_next, data, text.size(), SQLITE_STATIC, SQLITE_UTF8));
  return *this;
}

Statement& Statement::bind(const std::optional<std::int64_t>& value) {
  return value ? bind(*value) : bind_null();
}

Statement& Statement::bind_optional_text(std::string_view text) {
  return text.empty() ? bind_null() : bind(text);
}

Statement& Statement::bind_blob(std::span<const unsigned char> bytes) {
  static constexpr unsigned char k_empty = 0;
  const void* data = bytes.empty() ? &k_empty : bytes.data();
  check_bind(sqlite3_bind_blob64(m_stmt, m_next, data, bytes.size(), SQLITE_STATIC));
  return *this;
}

Statement& Statement::bind_null() {
  check_bind(sqlite3_bind_null(m_stmt, m_next));
  return *this;
}

Result<bool> Statement::step() {
  if (m_bind_error != 0) {
    return fail("store", std::string("cannot bind a parameter: ") + sqlite3_errstr(m_bind_error));
  }
  const int code = sqlite3_step(m_stmt);
  if (code == SQLITE_ROW) {
    return true;
  }
  if (code == SQLITE_DONE) {
    return false;
  }
  return tl::unexpected(m_connection->error(""));
}

Result<void> Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    if (!*row) {
      return {};
    }
  }
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(m_stmt, column);
}

store::TimePoint Statement::time(int column) const {
  return store::TimePoint(store::Millis(integer(column)));
}

std::optional<store::TimePoint> Statement::optional_time(int column) const {
  if (is_null(column)) {
    return std::nullopt;
  }
  return time(column);
}

std::string Statement::text(int column) const {
  const auto* data = sqlite3_column_text(m_stmt, column);
  if (data == nullptr) {
    return {};
  }
  const auto size = static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column));
  return {reinterpret_cast<const char*>(data), size};
}

std::span<const unsigned char> Statement::blob(int column) const {
  const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(m_stmt, column));
  if (data == nullptr) {
    return {};
  }
  return {data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))};
}

// --- Connection ---------------------------------------------------------------

Connection::~Connection() {
  for (auto& [sql, cached] : m_cache) {
    sqlite3_finalize(cached.stmt);
  }
  sqlite3_close_v2(m_db);
}

Result<Statement> Connection::prepare(std::string_view sql) {
  auto found = m_cache.find(sql);
  if (found != m_cache.end() && !found->second.busy) {
    found->second.busy = true;
    return Statement(*this, found->second.stmt, &found->second.busy);
  }
  sqlite3_stmt* stmt = nullptr;
  const unsigned flags = found == m_cache.end() ? SQLITE_PREPARE_PERSISTENT : 0;
  const int code = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), flags, &stmt, nullptr);
  if (code != SQLITE_OK || stmt == nullptr) {
    sqlite3_finalize(stmt);
    return tl::unexpected(error(""));
  }
  if (found != m_cache.end()) {
    return Statement(*this, stmt, nullptr); // the cached one is in use (nested)
  }
  auto [entry, inserted] = m_cache.emplace(std::string(sql), Cached{stmt, true});
  return Statement(*this, stmt, &entry->second.busy);
}

Result<void> Connection::exec(std::string_view sql) {
  const std::string text(sql);
  if (sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return tl::unexpected(error(""));
  }
  return {};
}

Result<void> Connection::run_cached(std::string_view sql) {
  auto statement = prepare(sql);
  if (!statement) {
    return tl::unexpected(statement.error());
  }
  return statement->run();
}

Result<void> Connection::begin_immediate() {
  return run_cached(m_batch ? "SAVEPOINT operation" : "BEGIN IMMEDIATE");
}

Result<void> Connection::commit() {
  return run_cached(m_batch ? "RELEASE operation" : "COMMIT");
}

void Connection::rollback() noexcept {
  if (m_batch) {
    // Fails harmlessly when the operation opened no savepoint.
    if (sqlite3_exec(m_db, "ROLLBACK TO operation", nullptr, nullptr, nullptr) == SQLITE_OK) {
      sqlite3_exec(m_db, "RELEASE operation", nullptr, nullptr, nullptr);
    }
    return;
  }
  if (sqlite3_get_autocommit(m_db) == 0) {
    sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

Result<void> Connection::begin_batch() {
  auto began = run_cached("BEGIN IMMEDIATE");
  m_batch = began.has_value();
  return began;
}

Result<void> Connection::commit_batch() {
  m_batch = false;
  return run_cached("COMMIT");
}

void Connection::rollback_batch() noexcept {
  m_batch = false;
  rollback();
}

std::int64_t Connection::changes() const {
  return sqlite3_changes64(m_db);
}

std::int64_t Connection::last_insert_id() const {
  return sqlite3_last_insert_rowid(m_db);
}

Error Connection::error(std::string_view context) const {
  std::string reason(context);
  if (!reason.empty()) {
    reason += ": ";
  }
  reason += sqlite3_errmsg(m_db);
  return Error{"store", std::move(reason)};
}

} // namespace steward::sqlite

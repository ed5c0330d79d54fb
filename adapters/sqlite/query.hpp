#pragma once

// Private to the SQLite adapter: run a cached statement in one call.
// `bind(Statement&)` binds its parameters; `read(const Statement&)` maps the
// current row to a value.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/sqlite/connection.hpp"

namespace steward::sqlite {

// --- Interface ---

/// Runs a statement to completion; returns the rows it changed.
template <typename Bind>
Result<std::int64_t> execute(Connection& db, std::string_view sql, Bind&& bind);

/// Every row, mapped.
template <typename T, typename Bind, typename Read>
Result<std::vector<T>> query_all(Connection& db, std::string_view sql, Bind&& bind, Read&& read);

/// The first row, mapped; none when there is no row.
template <typename T, typename Bind, typename Read>
Result<std::optional<T>> query_one(Connection& db, std::string_view sql, Bind&& bind, Read&& read);

/// Rewords a foreign key failure as the missing row it means (`what`, e.g.
/// "turn 7"); returns other errors as they are.
inline Error missing_or(Error error, const std::string& what) {
  if (error.reason.find("FOREIGN KEY") != std::string::npos) {
    error.reason = what + " does not exist";
  }
  return error;
}

// --- Inline implementations ---

template <typename Bind>
Result<std::int64_t> execute(Connection& db, std::string_view sql, Bind&& bind) {
  auto statement = db.prepare(sql);
  if (!statement) {
    return tl::unexpected(statement.error());
  }
  std::forward<Bind>(bind)(*statement);
  if (auto done = statement->run(); !done) {
    return tl::unexpected(done.error());
  }
  return db.changes();
}

template <typename T, typename Bind, typename Read>
Result<std::vector<T>> query_all(Connection& db, std::string_view sql, Bind&& bind, Read&& read) {
  auto statement = db.prepare(sql);
  if (!statement) {
    return tl::unexpected(statement.error());
  }
  std::forward<Bind>(bind)(*statement);
  std::vector<T> rows;
  for (;;) {
    auto row = statement->step();
    if (!row) {
      return tl::unexpected(row.error());
    }
    if (!*row) {
      return rows;
    }
    rows.push_back(read(*statement));
  }
}

template <typename T, typename Bind, typename Read>
Result<std::optional<T>> query_one(Connection& db, std::string_view sql, Bind&& bind, Read&& read) {
  auto statement = db.prepare(sql);
  if (!statement) {
    return tl::unexpected(statement.error());
  }
  std::forward<Bind>(bind)(*statement);
  auto row = statement->step();
  if (!row) {
    return tl::unexpected(row.error());
  }
  if (!*row) {
    return std::optional<T>();
  }
  return std::optional<T>(std::forward<Read>(read)(*statement));
}

} // namespace steward::sqlite

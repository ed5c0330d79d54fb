#pragma once

// Private to the PostgreSQL adapter: conversions between the store's types
// and SQL values.
//
// Every string the store keeps is a BYTEA column: PostgreSQL's TEXT rejects
// NUL bytes and invalid UTF-8, and the port promises text byte-for-byte.
// (In psql, read one with `convert_from(column, 'UTF8')`.) Times are BIGINT
// milliseconds since the Unix epoch. Enum values (states, kinds) are TEXT.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/ports/store.hpp"

namespace pqxx {
class binarystring;
class connection_base;
class field;
class result;
class transaction_base;
} // namespace pqxx

namespace steward::postgres {

/// Runs `statement`, which executes exactly one SQL statement on the
/// transaction object it is given, in autocommit mode: the statement is its
/// own transaction and costs one round trip (BEGIN and COMMIT would cost two
/// more). When the connection is lost meanwhile the statement may or may not
/// have committed, so the loss is rethrown as `pqxx::in_doubt_error`, which
/// the pool reports and never retries. (The pool first checks, without a
/// round trip, that the connection is still up, and retries elsewhere when
/// it is not: a connection the server closed while idle is no doubt.)
pqxx::result write_once(pqxx::connection_base& connection,
                        const std::function<pqxx::result(pqxx::transaction_base&)>& statement);

/// A BYTEA parameter holding `text` (include <pqxx/binarystring> to use it).
pqxx::binarystring bytes(std::string_view text);

/// A BYTEA column's bytes; NULL reads as empty.
std::string text_of(const pqxx::field& field);

/// Milliseconds since the epoch, as stored.
inline std::int64_t ms(store::TimePoint time) {
  return time.time_since_epoch().count();
}
inline std::int64_t ms(store::Millis duration) {
  return duration.count();
}

/// A BIGINT milliseconds column as a time; NULL reads as none.
std::optional<store::TimePoint> optional_time(const pqxx::field& field);
store::TimePoint time_of(const pqxx::field& field);

/// A TEXT column's characters, valid while its result lives.
std::string_view view_of(const pqxx::field& field);

/// An enum column's `value` through its `*_from` parser; throws
/// `std::runtime_error` naming `what` for a value this binary does not know.
template <typename E>
E enum_of(std::string_view value, std::optional<E> (*parse)(std::string_view), std::string_view what);

// --- Inline implementations ---

[[noreturn]] void throw_unknown(std::string_view what, std::string_view value);

template <typename E>
E enum_of(std::string_view value, std::optional<E> (*parse)(std::string_view), std::string_view what) {
  if (auto parsed = parse(value)) {
    return *parsed;
  }
  throw_unknown(what, value);
}

} // namespace steward::postgres

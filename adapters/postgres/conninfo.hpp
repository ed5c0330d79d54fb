#pragma once

// Private to the PostgreSQL adapter: turns the configured URL and password
// into a libpq connection string, and libpq's connection failures into the
// errors `open_postgres_store` and `open_postgres_warehouse` document. Error
// keys start with the component the connection is for (`store` or
// `warehouse`). Nothing here ever puts the password into an error.

#include <string>
#include <string_view>
#include <vector>

#include "core/ports/store.hpp"

namespace steward::postgres {

/// What the pool connects with, and what messages may say about it.
struct ConnInfo {
  /// The configuration section the connection belongs to (`store`,
  /// `warehouse`): the start of every error key.
  std::string component = "store";
  /// libpq `keyword='value'` form, password included: never shown or logged.
  std::string conninfo;
  /// `HOST:PORT` as configured, for messages.
  std::string endpoint;
  /// The user named in the URL; may be empty (libpq then uses the OS user).
  std::string user;
  /// Strings to scrub from any message (the password and other secrets).
  std::vector<std::string> secrets;
};

/// Parses `url` (a `postgresql://` or `postgres://` URI, or a libpq
/// `key=value` string) and builds the connection string: every option of
/// `url`, then `password` (when not empty), `connect_timeout` (whole seconds,
/// rounded up, at least 1; it replaces one given in `url`) and
/// `fallback_application_name=steward`.
///
/// Errors, with key `COMPONENT.url`: the URL holds a password (any form), or
/// libpq cannot parse it (its message, secrets scrubbed).
Result<ConnInfo> make_conninfo(std::string_view url, std::string_view password, store::Millis connect_timeout,
                               std::string_view component = "store");

/// Maps libpq's message for a failed connection attempt:
/// - `COMPONENT.password: authentication failed for user "U"` (or that the
///   server wants a password and none is configured);
/// - otherwise `COMPONENT.url: cannot connect to HOST:PORT (first line of
///   the message)`.
Error connect_error(const ConnInfo& info, std::string_view libpq_message);

/// `text` with every non-empty string of `secrets` replaced by `***`.
std::string scrub(std::string text, const std::vector<std::string>& secrets);

/// The first non-empty line of a libpq or server message, without libpq's
/// "connection to server ... failed: " lead-in, the severity ("ERROR:  ") and
/// surrounding blanks.
std::string first_line(std::string_view message);

} // namespace steward::postgres

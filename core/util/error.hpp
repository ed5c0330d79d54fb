#pragma once

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace steward {

/// A failure a person can act on, shown as `key: reason`.
///
/// `key` names what failed (a config key path such as `slack.bot_token`, a file
/// and JSON path such as `manifest.json: $.nodes["model.a"].columns`, or a node
/// name); `reason` says why in plain words. Neither ever holds a secret value.
struct Error {
  std::string key;
  std::string reason;

  /// Returns `key: reason`, or just `reason` when `key` is empty.
  [[nodiscard]] std::string to_string() const { return key.empty() ? reason : key + ": " + reason; }
};

template <typename T>
using Result = tl::expected<T, Error>;

/// Builds the unexpected value of a `Result`.
inline tl::unexpected<Error> fail(std::string key, std::string reason) {
  return tl::unexpected<Error>(Error{std::move(key), std::move(reason)});
}

} // namespace steward

#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "bot/config/value.hpp"

namespace steward::config {

struct Config;

/// What the loader checks about a path's target once the value is known.
enum class PathRule : std::uint8_t {
  any,                 ///< nothing
  must_exist,          ///< the file or directory must exist
  directory_if_exists, ///< may be missing (it will be created), else must be a directory
};

/// One config key: its dotted name, type, default, documentation and checks.
///
/// `default_text` is written the way the environment variable would be
/// (`30s`, `false`, `a,b` for lists); empty means no default. `assign` copies
/// the key's value into its `Config` field; test-only schemas leave it empty.
struct KeySpec {
  std::string key;
  KeyType type = KeyType::string;
  std::string default_text;
  std::string doc;
  bool required = false;
  PathRule path_rule = PathRule::any;
  std::int64_t min = std::numeric_limits<std::int64_t>::min(); ///< integers; milliseconds for durations
  std::int64_t max = std::numeric_limits<std::int64_t>::max(); ///< integers; milliseconds for durations
  std::vector<std::string> choices;                            ///< enumerations
  std::function<void(Config&, const Value&)> assign;
};

/// An ordered table of keys. Keys are lower-case dotted paths of at least two
/// parts (`section.name`); every proper prefix of a key is a section.
class Schema {
public:
  explicit Schema(std::vector<KeySpec> keys) : m_keys(std::move(keys)) {}

  [[nodiscard]] const std::vector<KeySpec>& keys() const { return m_keys; }

  /// The key named `key`, or null.
  [[nodiscard]] const KeySpec* find(std::string_view key) const;

  /// The secret key whose `_file` companion is `key`, or null.
  [[nodiscard]] const KeySpec* find_secret_file(std::string_view key) const;

  /// True when `prefix` is a proper dotted prefix of some key (`slack` for `slack.bot_token`).
  [[nodiscard]] bool is_section(std::string_view prefix) const;

  /// Every setting the config file accepts: the keys and secrets' `_file` companions.
  [[nodiscard]] std::vector<std::string> file_names() const;

  /// Every section (`project`, `slack`, ...), in order of first appearance.
  [[nodiscard]] std::vector<std::string> section_names() const;

  /// Every environment variable Steward reads: one per key, a `_FILE` one per
  /// secret, and `STEWARD_CONFIG`.
  [[nodiscard]] std::vector<std::string> env_names() const;

private:
  std::vector<KeySpec> m_keys;
};

/// Steward's keys; the table in bot/config/schema.cpp.
const Schema& steward_schema();

} // namespace steward::config

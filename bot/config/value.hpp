#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <tl/expected.hpp>

#include "bot/config/secret.hpp"

namespace steward::config {

struct KeySpec;

/// The kinds of value a config key can hold.
enum class KeyType : std::uint8_t {
  string,      ///< any text
  path,        ///< a file system path; relative paths are made absolute
  boolean,     ///< true/false (also yes/no, on/off, 1/0)
  integer,     ///< a whole number within the key's `min`..`max`
  duration,    ///< `250ms`, `30s`, `5m`, `1h`, or combined such as `1h30m`
  enumeration, ///< one of the key's `choices`
  string_list, ///< a YAML list, or comma-separated text in the environment
  secret,      ///< a credential: environment or `<key>_file` only
};

/// A key's typed value; `std::monostate` when the key is unset. The
/// alternative matches the key's type: string and enumeration → std::string,
/// path → std::filesystem::path, boolean → bool, integer → std::int64_t,
/// duration → std::chrono::milliseconds, string_list →
/// std::vector<std::string>, secret → Secret.
using Value = std::variant<std::monostate, std::string, std::filesystem::path, bool, std::int64_t,
                           std::chrono::milliseconds, std::vector<std::string>, Secret>;

/// A value, or why the text could not be read as one (without the key).
using Parsed = tl::expected<Value, std::string>;

/// Reads `text` (an environment value, a YAML scalar or a default) as a value
/// of `spec`'s type, checking ranges and choices. A relative path is resolved
/// against `base_dir`. Reasons quote the offending text, except for secrets,
/// whose text never appears in a reason.
Parsed parse_text(const KeySpec& spec, std::string_view text, const std::filesystem::path& base_dir);

/// Reads a duration such as `250ms`, `30s`, `5m`, `1h` or `1h30m`.
tl::expected<std::chrono::milliseconds, std::string> parse_duration(std::string_view text);

/// Writes `value` the way `parse_duration` reads it, largest units first
/// (`90000ms` → `1m30s`, zero → `0s`).
std::string format_duration(std::chrono::milliseconds value);

/// Shows `value` to a person: secrets as `***`, unset as `(unset)`, lists as
/// `[a, b]`, booleans as true/false, durations as `format_duration` writes them.
std::string display(const Value& value);

/// Names what `spec` expects in messages ("a path", "one of a, b", ...).
std::string describe(const KeySpec& spec);

/// `text` with control characters (newlines, escapes) written as `\xNN`, so
/// that a value cannot break or forge lines of output.
std::string escape_control(std::string_view text);

/// `text` in single quotes for a message, cut to 80 characters, with control
/// characters escaped.
std::string quote(std::string_view text);

} // namespace steward::config

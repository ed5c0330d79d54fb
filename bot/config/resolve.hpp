#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/config/env.hpp"
#include "bot/config/schema.hpp"
#include "core/util/error.hpp"

namespace steward::config {

/// Where a key's effective value came from. Later entries win.
enum class Origin : std::uint8_t { unset, default_value, file, env, command_line };

/// `default`, `file`, `env`, `command line` or `unset`.
std::string_view origin_name(Origin origin);

/// One key's effective value. `source` names the environment variable or the
/// file (and for secrets read from a file, that file) the value came from.
struct Setting {
  std::string key;
  Value value;
  Origin origin = Origin::unset;
  std::string source;
};

/// Every key's effective value, in schema order.
class Settings {
public:
  Settings() = default;
  explicit Settings(std::vector<Setting> settings) : m_settings(std::move(settings)) {}

  [[nodiscard]] const std::vector<Setting>& all() const { return m_settings; }

  /// The setting for `key`, or null for a key the schema does not have.
  [[nodiscard]] const Setting* find(std::string_view key) const;

  /// `key`'s value when it is set and holds a `T`, else null.
  template <typename T>
  [[nodiscard]] const T* get(std::string_view key) const {
    const Setting* setting = find(key);
    return setting == nullptr ? nullptr : std::get_if<T>(&setting->value);
  }

private:
  std::vector<Setting> m_settings;
};

/// Inputs besides the file and the environment.
struct ResolveOptions {
  /// Base for relative paths from the environment, defaults and overrides;
  /// empty means the process's current directory.
  std::filesystem::path cwd;
  /// `key` → text pairs from the command line; they beat every other source.
  /// Secrets may not be given this way.
  std::vector<std::pair<std::string, std::string>> overrides;
  /// Required keys a command does not use (`steward migrate` needs no
  /// project); they may stay unset.
  std::vector<std::string> not_needed;
};

/// The outcome of reading a configuration: the effective settings (keys with
/// bad values are left unset), every error, and every warning. Nothing in
/// `errors` or `warnings` holds a secret's value.
struct Resolution {
  Settings settings;
  std::vector<Error> errors;
  std::vector<Error> warnings;
};

/// Reads the configuration described by `schema` from `file` (none: defaults
/// and environment only), `env` and `options.overrides`, with precedence
/// command line > environment > file > default.
///
/// Every problem is reported, each as `Error{where, reason}` where `where` is
/// the dotted key for file values, the variable name for environment values,
/// and the file's path for problems with the file itself (unreadable, not YAML,
/// with line and column). Unknown keys in the file are errors; unknown
/// `STEWARD_*` variables are warnings; both suggest the nearest known name.
/// Environment variables set to the empty string count as unset.
Resolution resolve(const Schema& schema, const std::optional<std::filesystem::path>& file,
                   const Environment& env, const ResolveOptions& options = {});

} // namespace steward::config

#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::config {

/// Every Steward environment variable starts with this prefix.
inline constexpr std::string_view k_env_prefix = "STEWARD_";

/// Names the config file to read when no `--config` is given.
inline constexpr std::string_view k_config_env_var = "STEWARD_CONFIG";

/// A snapshot of environment variables: the real process environment in
/// production (`from_process`), a plain map in tests.
///
/// @par Thread Safety
/// Immutable after construction; safe to share between threads.
class Environment {
public:
  using Variables = std::map<std::string, std::string, std::less<>>;

  Environment() = default;
  explicit Environment(Variables variables) : m_variables(std::move(variables)) {}
  Environment(std::initializer_list<Variables::value_type> variables) : m_variables(variables) {}

  /// Copies the process environment (`environ`) as it is now.
  static Environment from_process();

  /// The value of `name`, or nothing when it is not set. A variable set to the
  /// empty string is returned as an empty string.
  [[nodiscard]] std::optional<std::string> get(std::string_view name) const;

  /// Names of the variables that start with `prefix`, sorted.
  [[nodiscard]] std::vector<std::string> names_with_prefix(std::string_view prefix) const;

private:
  Variables m_variables;
};

/// The environment variable for config key `key`: `STEWARD_` followed by the
/// dotted path in upper case with dots turned into underscores
/// (`slack.api_base_url` → `STEWARD_SLACK_API_BASE_URL`).
std::string env_var_name(std::string_view key);

/// The companion key that names a file holding secret `key`'s value
/// (`slack.bot_token` → `slack.bot_token_file`).
std::string secret_file_key(std::string_view key);

} // namespace steward::config

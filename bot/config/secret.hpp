#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>

namespace steward::config {

/// A credential (token, key, password) read from the environment or a file.
///
/// The value is never printed: there is no stream operator and no conversion to
/// a string. Call `reveal()` at the one place that hands the value to a client
/// library, and `redacted()` wherever the setting is shown to a person.
class Secret {
public:
  Secret() = default;
  explicit Secret(std::string value) : m_value(std::move(value)) {}

  /// True when no value was given.
  [[nodiscard]] bool empty() const { return m_value.empty(); }

  /// The value itself; never log or format it.
  [[nodiscard]] const std::string& reveal() const { return m_value; }

  /// `***` when set, `(unset)` otherwise: safe to print.
  [[nodiscard]] std::string_view redacted() const { return m_value.empty() ? "(unset)" : "***"; }

  /// Printing a secret is a compile error; use `redacted()`.
  friend std::ostream& operator<<(std::ostream& out, const Secret& secret) = delete;

private:
  std::string m_value;
};

} // namespace steward::config

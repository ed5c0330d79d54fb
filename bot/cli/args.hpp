#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/util/error.hpp"

namespace steward::cli {

/// One accepted option: `--name` (a flag) or `--name VALUE` / `--name=VALUE`.
struct OptionSpec {
  std::string name; ///< without the leading dashes
  bool takes_value = false;
};

/// Arguments split into positionals, flags and option values.
struct Args {
  std::vector<std::string> positional;
  std::set<std::string> flags;
  std::map<std::string, std::string> values;

  [[nodiscard]] bool has(const std::string& flag) const { return flags.contains(flag); }
  [[nodiscard]] std::optional<std::string> value(const std::string& name) const;
};

/// Parses `args` against `specs`. `--` ends options. An unknown option, a
/// missing value or a value given to a flag is an `Error` keyed by the option
/// (`--limt: unknown option; did you mean --limit?`).
Result<Args> parse_args(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs);

/// Parses a non-negative integer option value, or fails naming `--name`.
Result<std::size_t> parse_count(const std::string& name, const std::string& text);

} // namespace steward::cli

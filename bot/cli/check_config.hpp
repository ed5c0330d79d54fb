#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "bot/config/env.hpp"
#include "bot/config/schema.hpp"

namespace steward::cli {

/// `steward check-config [--config FILE]`: `args` are the words after
/// `check-config`. Finds the config file as `config::discover_config_file`
/// does (relative to the current directory), loads it with `env`, and:
/// - when valid, writes `config ok: <file>` (or `config ok: (no file;
///   environment and defaults)`) and a table of every key's effective value
///   and origin to `out`, secrets as `***`, and returns `k_exit_ok`;
/// - otherwise writes each error to `err` as `key: reason`, then
///   `config invalid: <file>`, and returns `k_exit_usage` (2).
/// Warnings (unknown `STEWARD_*` variables) go to `err` as `warning: key: reason`
/// in both cases. Bad arguments also return `k_exit_usage`; `--help` writes the
/// usage to `out` and returns `k_exit_ok`. No secret value is ever written.
int run_check_config(const std::vector<std::string>& args, const config::Environment& env, std::ostream& out,
                     std::ostream& err);

/// The same against `schema` instead of Steward's (tests use a schema with secrets).
int run_check_config(const std::vector<std::string>& args, const config::Environment& env, std::ostream& out,
                     std::ostream& err, const config::Schema& schema);

} // namespace steward::cli

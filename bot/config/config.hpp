#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "bot/config/env.hpp"
#include "bot/config/resolve.hpp"
#include "core/util/error.hpp"

namespace steward::config {

/// `project.*`: the dbt project Steward serves.
struct ProjectConfig {
  std::filesystem::path path; ///< dbt project directory, artifacts directory or manifest file
  bool prefer_source = false; ///< parse the sources even when target/manifest.json exists
};

/// `state.*`: where Steward keeps its own files.
struct StateConfig {
  std::filesystem::path dir;
};

/// `log.*`.
struct LogConfig {
  std::string level; ///< trace, debug, info, warn, error or off
};

/// Steward's configuration, one field per key of `steward_schema()`. Every
/// field is filled by the loader (defaults included), so the initialisers here
/// are placeholders, not defaults: the defaults live in the schema table.
struct Config {
  ProjectConfig project;
  StateConfig state;
  LogConfig log;
};

/// A valid configuration with the details `steward check-config` shows.
struct LoadedConfig {
  Config config;
  Settings settings; ///< effective value and origin of every key
  std::vector<Error> warnings;
};

/// Why a configuration could not be loaded; `warnings` often explain `errors`
/// (a misspelt `STEWARD_*` variable leaves a required key unset).
struct LoadFailure {
  std::vector<Error> errors;
  std::vector<Error> warnings;
};

/// Loads Steward's configuration from `file` (none: environment and defaults
/// only), `env` and `options` — see `resolve` for precedence and error format.
/// Does no file discovery: pass what `discover_config_file` found.
tl::expected<LoadedConfig, LoadFailure> load_config(const std::optional<std::filesystem::path>& file,
                                                    const Environment& env,
                                                    const ResolveOptions& options = {});

/// Copies `settings` into a `Config` through `schema`'s `assign` functions;
/// unset keys keep the field's initial value.
Config make_config(const Schema& schema, const Settings& settings);

/// A config file and how it was chosen (`--config`, `STEWARD_CONFIG`, `./steward.yaml`).
struct ConfigFile {
  std::filesystem::path path;
  std::string chosen_by;
};

/// Picks the config file: `explicit_file` (from `--config`) when given, else
/// `$STEWARD_CONFIG` when set and not empty, else `cwd/steward.yaml` when it
/// exists, else none. Named files are returned even when missing, so that
/// reading them reports the problem.
std::optional<ConfigFile> discover_config_file(const std::optional<std::filesystem::path>& explicit_file,
                                               const Environment& env, const std::filesystem::path& cwd);

} // namespace steward::config

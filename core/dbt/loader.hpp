#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "core/dbt/project.hpp"
#include "core/util/error.hpp"

namespace steward::dbt {

/// How `load_project` treats optional artifacts that fail to parse.
enum class Strictness : std::uint8_t {
  lenient, ///< a broken catalog/run_results/sources file becomes a warning
  strict,  ///< any broken artifact fails the load (the daemon's reload uses this)
};

struct LoadOptions {
  Strictness strictness = Strictness::lenient;
  /// Parse the project's source files even when `target/manifest.json` exists.
  bool prefer_source = false;
  /// Called with a short message before each slow step ("parsing manifest.json (2.6 MB)").
  std::function<void(const std::string&)> progress;
};

/// Loads a dbt project for Steward from `path`, which is one of:
/// - a manifest file (any name); `catalog.json`, `run_results.json`,
///   `sources.json` and `semantic_manifest.json` next to it are picked up;
/// - a directory holding `manifest.json` (an artifacts folder);
/// - a dbt project directory: `target/manifest.json` and its siblings when
///   present, else the project's sources (`dbt_project.yml`, models, YAML).
///
/// Errors name the file: `path/manifest.json: $.nodes: expected an object, ...`,
/// or `path: not a dbt project (no dbt_project.yml or manifest.json)`.
Result<Project> load_project(const std::filesystem::path& path, const LoadOptions& options = {});

/// The manifest `load_project` would read for `path`, or empty when it would
/// parse sources instead (used to watch for changes).
std::filesystem::path manifest_path_for(const std::filesystem::path& path, const LoadOptions& options = {});

} // namespace steward::dbt

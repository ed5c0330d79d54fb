#pragma once

// Internal to the source-tree parser: the phases `parse_source_tree` runs, in
// order. Each reads and extends the shared `ParseState`; problems in one file
// become warnings naming that file and never stop the parse.

#include <filesystem>
#include <string>
#include <vector>

#include "core/dbt/source/state.hpp"

namespace steward::dbt::source {

/// Adds the root package, then packages installed under `dbt_packages/` (or
/// the older `dbt_modules/`) and `local:` packages from `packages.yml`, each
/// with its own `dbt_project.yml`. Records every declared package as a
/// `package` artifact.
void load_packages(ParseState& state, const std::filesystem::path& root_dir, ProjectFile root_file);

/// Finds every file under each package's resource paths (`state.entries`).
void walk_packages(ParseState& state);

/// Reads and scans code files: macros and docs blocks first (so expansions
/// and `doc()` can see all of them), then models, snapshots, analyses,
/// singular tests and seeds become pending nodes.
void read_code_files(ParseState& state);

/// Reads every YAML file: sources, exposures, metrics, semantic models, saved
/// queries, groups, unit tests and macro docs become nodes; model, seed,
/// snapshot and analysis entries become patches.
void read_yaml_files(ParseState& state);

/// Applies patches (descriptions, columns, versions, tests) and configs.
void apply_patches(ParseState& state);

/// Resolves `ref()`/`source()`/metric names into `depends_on`, fills owners
/// from groups and hands every node and macro to the builder.
void resolve_and_add(ParseState& state);

/// The file name a warning should show for `entry`: relative to the root
/// project when inside it.
std::string display_path(const ParseState& state, const std::filesystem::path& absolute);

} // namespace steward::dbt::source

#pragma once

// Internal to the source-tree parser: `dbt_project.yml`, `packages.yml` and
// `dependencies.yml`.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/dbt/source/jinja_eval.hpp"
#include "core/util/error.hpp"

namespace steward::dbt::source {

/// The parts of a `dbt_project.yml` the parser uses. Paths are relative to the
/// project directory, with dbt's defaults filled in; config trees and vars are
/// kept as YAML (undefined when absent).
struct ProjectFile {
  std::string name;
  std::string version;
  std::vector<std::string> model_paths;
  std::vector<std::string> seed_paths;
  std::vector<std::string> snapshot_paths;
  std::vector<std::string> macro_paths;
  std::vector<std::string> analysis_paths;
  std::vector<std::string> test_paths;
  std::vector<std::string> docs_paths; ///< empty: every resource path
  YAML::Node vars;
  YAML::Node models; ///< `models:` config tree
  YAML::Node seeds;
  YAML::Node snapshots;
  YAML::Node tests; ///< `data_tests:` or the older `tests:`
  YAML::Node sources;
  YAML::Node dispatch;
  bool ref_prefers_own_package = false; ///< flags.require_ref_prefers_node_package_to_root
};

/// Reads `dir/dbt_project.yml`. A missing file, invalid YAML, a document that
/// is not a map or a missing `name` is an `Error` keyed by the file's path.
Result<ProjectFile> read_project_file(const std::filesystem::path& dir);

/// A package listed in `packages.yml` or `dependencies.yml`.
struct PackageSpec {
  std::string kind;    ///< package (hub), git, local, tarball, private, project
  std::string source;  ///< `dbt-labs/dbt_utils`, a git URL, a local path, ...
  std::string version; ///< version range or git revision, as written
  std::string name;    ///< best guess of the package's project name
};

/// The packages `dir` declares; a missing file gives none. Invalid YAML is an
/// `Error` keyed by that file.
Result<std::vector<PackageSpec>> read_package_specs(const std::filesystem::path& dir);

/// Variable lookup for nodes of `package`: the root project's vars scoped to
/// `package`, then its global vars, then the same in `own` (the package's
/// own `dbt_project.yml`), as dbt resolves them.
class VarScope {
public:
  VarScope(const ProjectFile& root, const ProjectFile& own);

  /// The YAML value of `name`, or an undefined node.
  [[nodiscard]] YAML::Node find(std::string_view name) const;
  /// `find` as the evaluator's `VarValue`.
  [[nodiscard]] VarValue value(std::string_view name) const;
  /// A `VarLookup` bound to this scope (which must outlive it).
  [[nodiscard]] VarLookup lookup() const;

private:
  const ProjectFile& m_root;
  const ProjectFile& m_own;
};

} // namespace steward::dbt::source

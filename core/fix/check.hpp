#pragma once

// A dry run of a fix before it is committed: do the edited YAML files still
// parse, and what does the patched project look like next to the current
// one. Pure: the caller writes the patched files to a scratch copy, loads
// both projects (`dbt::load_project`), and passes them here; it then runs
// EXPLAIN on the compiled SQL of `changed_models` against the warehouse.

#include <string>
#include <vector>

#include "core/dbt/project.hpp"
#include "core/fix/fixers.hpp"
#include "core/util/error.hpp"

namespace steward::fix {

/// Problems with the YAML in `edits`: one `Error` per `.yml`/`.yaml` file
/// whose `after` text does not parse, keyed `path:line` (1-based) with
/// yaml-cpp's reason (`models/schema.yml:12: the YAML does not parse: ...`).
/// Other files are not checked. Empty when every YAML file parses.
std::vector<Error> check_yaml(const std::vector<FileEdit>& edits);

/// How the patched project differs from the current one, as far as a
/// reviewer needs before merging.
struct ProjectDelta {
  /// Enabled nodes of the patched project depending on a unique id it does
  /// not have, and were not already broken before: "model.shop.orders
  /// depends on model.shop.stg_orderz, which does not exist".
  std::vector<std::string> broken_refs{};
  /// Warnings the patched project's load gave that the current one did not
  /// (a source-tree load reports unknown `ref()`/`source()` names here).
  std::vector<std::string> new_warnings{};
  /// Unique ids of enabled nodes that are gone (or now disabled), sorted.
  std::vector<std::string> disappeared{};
  /// Unique ids of enabled nodes that are new, sorted.
  std::vector<std::string> added{};
  /// Tests that only changed their name, `old id -> new id`, sorted: dbt
  /// names a generic test after its arguments, so adding an accepted value
  /// renames the test. A test gone whose kind (namespace and name), node and
  /// column match a new test is listed here, not in `disappeared`/`added`.
  std::vector<std::string> renamed{};
  /// Unique ids of models (and snapshots) present in both whose raw SQL
  /// differs, sorted: the ones to EXPLAIN.
  std::vector<std::string> changed_models{};

  /// True when nothing in the delta should stop the fix (no broken refs, no
  /// new warnings, nothing disappeared).
  [[nodiscard]] bool clean() const {
    return broken_refs.empty() && new_warnings.empty() && disappeared.empty();
  }
};

/// Compares `before` and `after` (the project loaded from the same place
/// before and after the edits).
ProjectDelta compare_projects(const dbt::Project& before, const dbt::Project& after);

} // namespace steward::fix

#pragma once

#include <filesystem>

#include "core/dbt/project.hpp"
#include "core/util/error.hpp"

namespace steward::dbt {

/// Builds a project from a dbt project's source files, for when there are no
/// artifacts: `dbt_project.yml` (paths, vars, model configs), `.sql` models with
/// their `ref()`/`source()`/`config()` calls, schema `.yml` files (models,
/// sources, columns, tests, descriptions, `{{ doc() }}` blocks, meta, tags,
/// owners), docs `.md` blocks, seeds, snapshots, macros and `packages.yml`.
///
/// Unique ids follow dbt's scheme (`model.<project>.<name>`,
/// `source.<project>.<source>.<table>`, `test.<project>.<test_name>`), so
/// edges between project models match the manifest dbt would write.
/// `root` must hold `dbt_project.yml`; a malformed YAML or SQL file becomes a
/// warning on the project, never a failure of the whole load.
Result<Project> parse_source_tree(const std::filesystem::path& root);

} // namespace steward::dbt

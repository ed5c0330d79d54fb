#pragma once

// The dry run of a fix option before anyone can apply it: the edited YAML
// parses, the patched project (a scratch copy with the edits) loads with no
// broken refs, nothing disappears, and the SQL of every changed model passes
// EXPLAIN in the warehouse when one is configured. Blocking (files, the
// warehouse); call it from a worker thread.

#include <filesystem>
#include <string>
#include <vector>

#include "bot/sql/sql_setup.hpp"
#include "core/dbt/project.hpp"
#include "core/fix/fixers.hpp"

namespace steward::bot {

struct DryRun {
  bool passed = false;
  std::vector<std::string> lines{}; ///< one per check: `✅ YAML parses`, `❌ ...`, `➖ EXPLAIN skipped: ...`
  [[nodiscard]] std::string text() const;
};

/// Checks `option` against the project at `root` (a dbt project directory),
/// whose current sources loaded as `before` (`prefer_source`). `sql` may be
/// null (no EXPLAIN).
/// `dbt` (may be empty) is a dbt executable: `dbt compile --select` then
/// runs on the changed models of the patched copy.
DryRun dry_run(const fix::FixOption& option, const std::filesystem::path& root, const dbt::Project& before,
               const SqlRuntime* sql, const std::filesystem::path& dbt = {});

} // namespace steward::bot

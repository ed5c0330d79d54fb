#pragma once

// Running a person's (or the agent's) SQL against the warehouse, safely: the
// guard (core/sql/guard.hpp) with the project's relations, a LIMIT wrapper,
// the warehouse's read-only transaction, PII masking (core/sql/pii.hpp) and
// data-quality warnings (core/sql/quality.hpp). Every entry point — the
// agent's `run_sql` tool, `/steward sql`, `steward sql` — goes through here.

#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "core/dbt/project.hpp"
#include "core/ports/warehouse.hpp"
#include "core/sql/guard.hpp"
#include "core/sql/pii.hpp"
#include "core/sql/quality.hpp"

namespace steward::sql {

/// What the configuration says about SQL (`sql.*`).
struct SqlSettings {
  std::set<std::string> relations; ///< allowed on top of the project's (lower-case)
  std::set<std::string> schemas;
  std::set<std::string> functions;
  warehouse::Limits limits;
  PiiMarkers markers;
  PiiAction pii_action = PiiAction::mask;
  Hasher hasher;                 ///< for PiiAction::hash; without one, hashing masks
  bool require_approval = false; ///< `/steward sql` holds queries for a Run button
};

/// The guard policy for `project` under `settings`: the project's relations
/// plus the configured ones.
Policy query_policy(const dbt::Project& project, const SqlSettings& settings);

/// A statement that ran. `table` has PII applied already.
struct QueryRun {
  Checked checked;
  std::string sent; ///< the statement as sent (wrapped in the LIMIT)
  warehouse::Table table;
  std::vector<PiiColumn> pii; ///< result columns masked, hashed or dropped
  PiiAction pii_action = PiiAction::mask;
  std::vector<QualityWarning> quality;
};

/// Why a statement did not run: the guard refused it (`rejection`), or the
/// warehouse failed (`error`).
struct QueryFailure {
  std::optional<Rejection> rejection;
  Error error;

  /// `rejected: REASON: message (at character N)` or the error's `key: reason`.
  [[nodiscard]] std::string to_string() const;
};

using QueryOutcome = tl::expected<QueryRun, QueryFailure>;

/// Checks `sql` without running it (for approval flows and `sql-check`).
tl::expected<Checked, QueryFailure> check_query(std::string_view sql, const dbt::Project& project,
                                                const SqlSettings& settings);

/// Checks and runs `sql`: at most `settings.limits.max_rows` rows come back
/// (the statement is wrapped to fetch one more, so `more_rows` is exact).
/// Blocking (it calls the warehouse); thread-safe when the warehouse is.
QueryOutcome run_query(std::string_view sql, const dbt::Project& project, const SqlSettings& settings,
                       warehouse::Warehouse& warehouse, std::stop_token stop = {});

} // namespace steward::sql

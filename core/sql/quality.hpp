#pragma once

// Data-quality awareness for query results: the dbt tests that failed (or
// errored) in the latest run on the relations a query reads, or on anything
// upstream of them, so an answer built on suspect data says so.

#include <set>
#include <string>
#include <vector>

#include "core/dbt/project.hpp"
#include "core/sql/guard.hpp"

namespace steward::sql {

/// One failing test that casts doubt on a result.
struct QualityWarning {
  std::string test;      ///< the test's name (`not_null_fct_orders_order_id`)
  std::string status;    ///< `fail`, `error` or `runtime error`
  std::string on;        ///< the node it tests (`fct_orders`)
  std::string read;      ///< the relation the query reads that depends on `on`
  std::string when;      ///< when it ran: its completion time, else the run's `generated_at`; may be empty
  std::string message;   ///< dbt's message (`Got 3 results, configured to fail if != 0`)
  bool upstream = false; ///< `on` is upstream of `read`, not `read` itself
};

/// The enabled models, seeds, snapshots and sources whose warehouse relation
/// is `relation`: same identifier (alias, or a source's identifier), and the
/// same schema when both name one.
std::vector<dbt::NodeId> nodes_of_relation(const dbt::Project& project, const Relation& relation);

/// Failing or erroring tests (latest run_results) on the nodes behind
/// `relations` and on every node upstream of them; one warning per test,
/// nearest first. Empty without run_results.
std::vector<QualityWarning> quality_warnings(const dbt::Project& project,
                                             const std::set<Relation>& relations);

} // namespace steward::sql

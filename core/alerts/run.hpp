#pragma once

// A dbt run as Steward keeps it for alerting: what `run_results.json` (or
// `sources.json` for `dbt source freshness`) said about each node, copied out
// of the artifact so it outlives the parsed document.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"

namespace steward::alerts {

/// One node's outcome in a run.
struct NodeOutcome {
  std::string node;   ///< unique id
  std::string status; ///< success, error, skipped, pass, fail, warn, runtime error
  std::string message;
  std::optional<long long> failures; ///< failing rows of a test
  std::string compiled_code;         ///< empty before run_results v5: take it from the manifest
  std::string relation;
  double execution_time = 0;
};

enum class RunKind { results, freshness };

struct Run {
  RunKind kind = RunKind::results;
  std::string invocation_id; ///< never empty: a document without one is refused
  std::string generated_at;
  std::string dbt_version;
  std::string command; ///< run, test, build, source freshness
  std::vector<NodeOutcome> outcomes;

  /// `{"invocation_id", "generated_at", "command", "counts": {status: n}, "problems": [ids]}`.
  [[nodiscard]] std::string summary_json() const;
};

/// Parses a `run_results.json` (v1–v6) or `sources.json` document, telling
/// them apart by content. Errors: `label: <JSON path>: <what is wrong>`, or
/// `label: not a dbt run_results.json or sources.json` and `label: no
/// metadata.invocation_id`.
Result<Run> parse_run(std::string_view text, std::string_view label);

/// True for statuses that mean the node passed (success, pass).
bool passed(std::string_view status);

} // namespace steward::alerts

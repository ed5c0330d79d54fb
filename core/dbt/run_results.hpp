#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace steward::dbt {

/// One phase of a node's execution (`compile`, `execute`).
struct Timing {
  std::string_view name;
  std::string_view started_at;
  std::string_view completed_at;
};

/// One entry of `run_results.json`'s `results`.
struct RunResult {
  std::string_view unique_id;
  std::string_view status; ///< success, error, skipped, pass, fail, warn, runtime error
  std::string_view message;
  std::optional<long long> failures; ///< rows failing a test; absent before v4 or when null
  double execution_time = 0;
  std::string_view thread_id;
  std::string_view compiled_code; ///< `compiled_code` (v5+) or `compiled_sql` (v4)
  std::string_view relation_name;
  std::string_view adapter_response_json;
  std::vector<Timing> timing;

  /// True for statuses that mean something went wrong (error, fail, runtime error, warn).
  [[nodiscard]] bool is_problem() const;
};

/// What one `dbt run/test/build` wrote to `run_results.json`.
struct RunResults {
  int schema_version = 0;
  std::string_view dbt_version;
  std::string_view generated_at;
  std::string_view invocation_id;
  std::string_view command; ///< `args.which` (run, test, build, ...) when recorded
  double elapsed_time = 0;
  std::vector<RunResult> results;
};

/// One entry of `sources.json` (`dbt source freshness`).
struct FreshnessResult {
  std::string_view unique_id;
  std::string_view status; ///< pass, warn, error, runtime error
  std::string_view max_loaded_at;
  std::string_view snapshotted_at;
  std::optional<double> age_seconds; ///< `max_loaded_at_time_ago_in_s`
  std::string_view criteria_json;
  std::string_view error; ///< the message of a `runtime error`
};

struct FreshnessResults {
  int schema_version = 0;
  std::string_view dbt_version;
  std::string_view generated_at;
  std::string_view invocation_id;
  std::vector<FreshnessResult> results;
};

} // namespace steward::dbt

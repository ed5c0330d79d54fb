#pragma once

// How a dbt run reaches the alert worker: every source (the watched
// `target/run_results.json`, POST /hooks/dbt, a dbt Cloud webhook) turns the
// artifact into one durable job of kind `dbt.run` keyed by the run's
// invocation id, so a run delivered twice is processed once.

#include <string>
#include <string_view>

#include "core/alerts/run.hpp"
#include "core/ports/store.hpp"

namespace steward::bot {

inline constexpr std::string_view k_run_job_kind = "dbt.run";

/// The job for `artifact` (a run_results.json or sources.json document)
/// received from `source` (`file`, `hook`, `dbt_cloud`): payload
/// `{"source", "artifact"}`, idempotency key `dbt.run:<invocation_id>`.
/// Errors are the artifact's (`label: ...`), so a caller can answer 400.
Result<store::NewJob> run_job(std::string_view artifact, std::string_view source, std::string_view label,
                              int max_attempts);

inline constexpr std::string_view k_redraw_job_kind = "dbt.redraw";

/// The job that adds `note` (when not empty) to incident `incident`'s alert
/// and draws it again from the store, for changes made outside the daemon
/// (`steward incidents resolve`). Payload `{"incident", "note"}`.
store::NewJob redraw_job(store::Id incident, const std::string& note, store::TimePoint now);

/// A `dbt.run` job's content.
struct RunDelivery {
  std::string source;
  alerts::Run run;
};

/// Reads a job made by `run_job`. Errors: `job N: ...`.
Result<RunDelivery> read_run_job(const store::Job& job);

} // namespace steward::bot

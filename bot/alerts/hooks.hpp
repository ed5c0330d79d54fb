#pragma once

// The HTTP endpoints dbt runs arrive on:
// - `POST /hooks/dbt` for CI pipelines: `Authorization: Bearer <hooks.token>`
//   and a run_results.json (or sources.json) body, or
//   `{"run_results": {...}, "manifest": {...}}` (the manifest is accepted and
//   ignored: runs are joined with the project Steward serves).
// - `POST /hooks/dbt-cloud` for dbt Cloud webhooks: `Authorization` is the
//   hex HMAC-SHA256 of the raw body under `dbt_cloud.webhook_secret`;
//   `job.run.completed` and `job.run.errored` become a job that fetches the
//   run's run_results.json from the Admin API; other events are acknowledged
//   and ignored.
// Both persist a job before answering (202), so nothing acknowledged is
// lost; the same run delivered twice is one job. 401 for a bad token or
// signature, 400 for a body that is not what it should be, 404 when the
// endpoint is not configured, 405 for other methods, 503 when the job could
// not be stored (the sender retries).

#include <functional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "adapters/http/server.hpp"
#include "adapters/runtime/blocking_pool.hpp"
#include "core/metrics/registry.hpp"
#include "core/ports/store.hpp"

namespace steward::bot {

inline constexpr std::string_view k_cloud_run_job_kind = "dbt.cloud_run";

struct RunHookOptions {
  std::string token;          ///< hooks.token; empty: /hooks/dbt answers 404
  std::string webhook_secret; ///< dbt_cloud.webhook_secret; empty: /hooks/dbt-cloud answers 404
  int max_attempts = 5;
};

/// @par Thread safety
/// Handlers may run concurrently on any executor.
class RunHooks {
public:
  RunHooks(store::JobQueue& jobs, runtime::BlockingPool& store_pool, metrics::Registry& metrics,
           RunHookOptions options, std::function<void()> wake);

  /// True for the paths this class serves.
  static bool serves(std::string_view path);

  boost::asio::awaitable<http::Response> handle(http::Request request);

private:
  boost::asio::awaitable<http::Response> dbt(const http::Request& request);
  boost::asio::awaitable<http::Response> dbt_cloud(const http::Request& request);
  /// Persists `job`, then 202 with `{"ok", "job", "duplicate"}` plus `fields`.
  boost::asio::awaitable<http::Response> enqueue(store::NewJob job, std::string hook,
                                                 std::string fields_json);

  store::JobQueue& m_jobs;
  runtime::BlockingPool& m_store_pool;
  metrics::Registry& m_metrics;
  RunHookOptions m_options;
  std::function<void()> m_wake;
};

/// The job a `dbt.cloud_run` job makes once it fetched the run's
/// run_results.json: a `dbt.run` job (see bot/alerts/ingest.hpp).
struct CloudRun {
  std::string account;
  std::string run;
  std::string job_name;
};

/// Reads a `dbt.cloud_run` job's payload. Errors: `job N: ...`.
Result<CloudRun> read_cloud_run_job(const store::Job& job);

} // namespace steward::bot

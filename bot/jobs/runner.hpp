#pragma once

// Works the durable job queue: `workers` coroutines each claim one due job at
// a time, run its handler on the work pool (handlers are blocking: they call
// the store, chat platforms and later LLMs), heartbeat the lease while it
// runs, and complete it or record the failure for a backed-off retry. A
// worker that finds nothing sleeps until `wake()` or the poll interval.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "adapters/runtime/blocking_pool.hpp"
#include "core/metrics/registry.hpp"
#include "core/ports/store.hpp"
#include "core/store/backoff.hpp"

namespace steward::bot {

/// Runs one job on a work-pool thread. An error is a failed attempt (retried
/// with back-off until `max_attempts`); its `to_string()` is kept as the job's
/// `last_error`.
using JobHandler = std::function<Result<void>(const store::Job& job)>;

struct JobRunnerOptions {
  std::string owner; ///< lease owner, unique per process (host:pid)
  int workers = 4;
  store::Millis lease{60'000};
  store::RetryPolicy retry;
  store::Millis poll{1'000}; ///< idle workers look for due jobs this often
};

/// @par Thread safety
/// `wake` may be called from any thread; `start`/`stop` from the executor.
class JobRunner {
public:
  /// `handlers` maps a job kind prefix (`slack.`) to its handler; jobs of an
  /// unknown kind fail (and end dead) so they are visible in `steward jobs`.
  JobRunner(const boost::asio::any_io_executor& executor, store::JobQueue& queue,
            runtime::BlockingPool& store_pool, runtime::BlockingPool& work_pool, metrics::Registry& metrics,
            JobRunnerOptions options, std::map<std::string, JobHandler> handlers);
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;
  JobRunner(JobRunner&&) = delete;
  JobRunner& operator=(JobRunner&&) = delete;

  void start();
  /// Wakes idle workers now (a job was just enqueued).
  void wake();
  /// Stops claiming; completes when in-flight jobs finish or after `grace`
  /// (their leases then expire and another process takes them over).
  boost::asio::awaitable<void> stop(std::chrono::milliseconds grace);

  /// Jobs running right now.
  [[nodiscard]] int busy() const;

  struct State; ///< shared with the worker coroutines (bot/jobs/runner.cpp)

private:
  std::shared_ptr<State> m_state;
};

} // namespace steward::bot

#include "bot/jobs/runner.hpp"

#include <atomic>
#include <exception>
#include <set>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "adapters/runtime/log_failure.hpp"
#include "bot/jobs/clock.hpp"

namespace steward::bot {

namespace net = boost::asio;
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

struct JobRunner::State {
  State(const net::any_io_executor& executor, store::JobQueue& queue_, runtime::BlockingPool& store_pool_,
        runtime::BlockingPool& work_pool_, metrics::Registry& metrics_, JobRunnerOptions options_,
        std::map<std::string, JobHandler> handlers_)
      : strand(net::make_strand(executor)), queue(queue_), store_pool(store_pool_), work_pool(work_pool_),
        metrics(metrics_), options(std::move(options_)), handlers(std::move(handlers_)) {}

  net::strand<net::any_io_executor> strand;
  store::JobQueue& queue;
  runtime::BlockingPool& store_pool;
  runtime::BlockingPool& work_pool;
  metrics::Registry& metrics;
  JobRunnerOptions options;
  std::map<std::string, JobHandler> handlers;
  std::set<net::steady_timer*> idle_timers; ///< each worker's idle timer (in its frame); strand only
  std::atomic<bool> stopping{false};
  std::atomic<int> busy{0};
  std::atomic<int> loops{0};

  [[nodiscard]] const JobHandler* handler_for(const std::string& kind) const {
    for (const auto& [prefix, handler] : handlers) {
      if (kind.starts_with(prefix)) {
        return &handler;
      }
    }
    return nullptr;
  }

  void count(const std::string& kind, std::string_view outcome) {
    metrics.increment("steward_jobs_total", {{"kind", kind}, {"outcome", std::string(outcome)}});
  }
};

namespace {

using StatePtr = std::shared_ptr<JobRunner::State>;

/// Calls `handler` on a work-pool thread, turning exceptions into errors.
net::awaitable<Result<void>> run_handler(StatePtr state, const JobHandler* handler, const store::Job& job) {
  if (handler == nullptr) {
    co_return fail("jobs", "no handler for job kind " + job.kind);
  }
  co_return co_await state->work_pool.run([handler, &job]() -> Result<void> {
    try {
      return (*handler)(job);
    } catch (const std::exception& e) {
      return fail("jobs", std::string("handler threw: ") + e.what());
    }
  });
}

/// Extends the lease every third of its length until `done` is set.
net::awaitable<void> heartbeat(StatePtr state, store::Lease lease, std::shared_ptr<net::steady_timer> timer,
                               std::shared_ptr<std::atomic<bool>> done) {
  const store::Millis every = state->options.lease / 3;
  while (!*done) {
    timer->expires_after(every);
    co_await timer->async_wait(use_tuple);
    if (*done) {
      break;
    }
    // Closures given to BlockingPool::run capture only pointers and
    // references: g++ 12 destroys the function object co_spawn takes by
    // value one time too many, which a captured shared_ptr does not survive.
    auto held = co_await state->store_pool.run(
        [s = state.get(), &lease] { return s->queue.heartbeat(lease, s->options.lease, wall_now()); });
    if (!held) {
      spdlog::warn("job {}: heartbeat failed: {}", lease.job_id, held.error().to_string());
    } else if (!*held) {
      spdlog::warn("job {}: lease lost; another worker may run it again", lease.job_id);
      break;
    }
  }
}

net::awaitable<void> finish(StatePtr state, const store::Job& job, const store::Lease& lease,
                            const Result<void>& result) {
  if (result) {
    auto completed = co_await state->store_pool.run([&] { return state->queue.complete(lease, wall_now()); });
    if (!completed || !*completed) {
      spdlog::warn("job {} ({}): finished but its lease was lost{}", job.id, job.kind,
                   completed ? "" : ": " + completed.error().to_string());
      state->count(job.kind, "lost");
      co_return;
    }
    state->count(job.kind, "done");
    co_return;
  }
  const store::TimePoint now = wall_now();
  const store::TimePoint retry_at = now + store::backoff_delay(state->options.retry, job.id, job.attempts);
  const std::string reason = result.error().to_string();
  auto failed =
      co_await state->store_pool.run([&] { return state->queue.fail(lease, reason, retry_at, now); });
  if (!failed) {
    spdlog::warn("job {} ({}): attempt {} failed ({}) and recording it failed: {}", job.id, job.kind,
                 job.attempts, reason, failed.error().to_string());
    state->count(job.kind, "lost");
  } else if (*failed == store::FailOutcome::dead) {
    spdlog::error("job {} ({}): attempt {} of {} failed, giving up (steward jobs retry {}): {}", job.id,
                  job.kind, job.attempts, job.max_attempts, job.id, reason);
    state->count(job.kind, "dead");
  } else {
    spdlog::warn("job {} ({}): attempt {} of {} failed, retrying: {}", job.id, job.kind, job.attempts,
                 job.max_attempts, reason);
    state->count(job.kind, "retry");
  }
}

net::awaitable<void> run_job(StatePtr state, store::Job job) {
  const store::Lease lease{job.id, state->options.owner, job.attempts};
  auto timer = std::make_shared<net::steady_timer>(state->strand);
  auto done = std::make_shared<std::atomic<bool>>(false);
  net::co_spawn(state->strand, heartbeat(state, lease, timer, done),
                [](const std::exception_ptr& e) { runtime::log_failure("job heartbeat", e); });
  ++state->busy;
  const auto started = std::chrono::steady_clock::now();
  Result<void> result = co_await run_handler(state, state->handler_for(job.kind), job);
  *done = true;
  timer->cancel();
  state->metrics.observe("steward_job_seconds", {{"kind", job.kind}},
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
                         metrics::latency_bounds());
  co_await finish(state, job, lease, result);
  --state->busy;
}

net::awaitable<void> worker_loop(StatePtr state) {
  net::steady_timer idle(state->strand);
  state->idle_timers.insert(&idle);
  while (!state->stopping) {
    auto claimed = co_await state->store_pool.run(
        [s = state.get()] { return s->queue.claim(s->options.owner, 1, s->options.lease, wall_now()); });
    if (claimed && !claimed->empty()) {
      co_await run_job(state, std::move(claimed->front()));
      continue;
    }
    if (!claimed) {
      spdlog::warn("jobs: claiming failed: {}", claimed.error().to_string());
      state->metrics.increment("steward_errors_total", {{"kind", "store"}});
    }
    if (state->stopping) {
      break;
    }
    idle.expires_after(state->options.poll);
    co_await idle.async_wait(use_tuple);
  }
  state->idle_timers.erase(&idle);
  --state->loops;
}

} // namespace

JobRunner::JobRunner(const net::any_io_executor& executor, store::JobQueue& queue,
                     runtime::BlockingPool& store_pool, runtime::BlockingPool& work_pool,
                     metrics::Registry& metrics, JobRunnerOptions options,
                     std::map<std::string, JobHandler> handlers)
    : m_state(std::make_shared<State>(executor, queue, store_pool, work_pool, metrics, std::move(options),
                                      std::move(handlers))) {
  m_state->metrics.describe("steward_jobs_total",
                            "Jobs finished, by kind and outcome (done, retry, dead, lost).");
  m_state->metrics.describe("steward_job_seconds", "Time a job's handler ran, by kind.");
}

JobRunner::~JobRunner() {
  m_state->stopping = true;
}

void JobRunner::start() {
  const int workers = std::max(1, m_state->options.workers);
  m_state->loops = workers;
  for (int i = 0; i < workers; ++i) {
    net::co_spawn(m_state->strand, worker_loop(m_state),
                  [](const std::exception_ptr& e) { runtime::log_failure("job worker", e); });
  }
}

void JobRunner::wake() {
  net::post(m_state->strand, [state = m_state] {
    for (net::steady_timer* timer : state->idle_timers) {
      timer->cancel();
    }
  });
}

net::awaitable<void> JobRunner::stop(std::chrono::milliseconds grace) {
  m_state->stopping = true;
  wake();
  net::steady_timer timer(m_state->strand);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (m_state->loops > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(use_tuple);
  }
  if (m_state->busy > 0) {
    spdlog::warn(
        "jobs: {} job(s) still running at shutdown; their leases will expire and they will run again",
        m_state->busy.load());
  }
}

int JobRunner::busy() const {
  return m_state->busy;
}

} // namespace steward::bot

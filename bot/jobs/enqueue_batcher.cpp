#include "bot/jobs/enqueue_batcher.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/runtime/log_failure.hpp"
#include "bot/jobs/clock.hpp"

namespace steward::bot {

namespace net = boost::asio;

namespace {

using Outcome = Result<store::Enqueued>;
/// Thread-safe: the writer may complete it from another thread.
using Channel = net::experimental::concurrent_channel<void(boost::system::error_code, Outcome)>;

/// One `enqueue` call waiting for the write that holds its job.
struct Waiter {
  Waiter(const net::any_io_executor& executor, store::NewJob new_job)
      : job(std::move(new_job)), done(executor, 1) {}
  store::NewJob job;
  Channel done;
};

const std::vector<double> k_batch_bounds = {1, 2, 4, 8, 16, 32, 64, 128, 256};

} // namespace

struct EnqueueBatcher::State {
  State(store::JobQueue& queue, runtime::BlockingPool& blocking, metrics::Registry* registry, std::size_t max)
      : jobs(queue), pool(blocking), metrics(registry), max_batch(std::max<std::size_t>(max, 1)) {}

  store::JobQueue& jobs;
  runtime::BlockingPool& pool;
  metrics::Registry* metrics;
  std::size_t max_batch;
  std::atomic<std::size_t> writes{0};

  std::mutex mutex;
  std::vector<std::shared_ptr<Waiter>> pending; ///< guarded by mutex, oldest first
  bool writing = false;                         ///< guarded by mutex: a write loop is running

  /// The next batch, oldest first; empty (and `writing` cleared) when none waits.
  std::vector<std::shared_ptr<Waiter>> take() {
    const std::lock_guard lock(mutex);
    if (pending.empty()) {
      writing = false;
      return {};
    }
    const auto count = static_cast<std::ptrdiff_t>(std::min(pending.size(), max_batch));
    std::vector<std::shared_ptr<Waiter>> batch(pending.begin(), pending.begin() + count);
    pending.erase(pending.begin(), pending.begin() + count);
    return batch;
  }

  /// Runs on a store thread; never throws.
  Result<std::vector<store::Enqueued>> write(const std::vector<store::NewJob>& batch) noexcept {
    try {
      return jobs.enqueue_all(batch, wall_now());
    } catch (const std::exception& error) {
      return fail("store", std::string("enqueue: ") + error.what());
    }
  }

  /// Writes batches until none waits. Runs while `writing` is set.
  static net::awaitable<void> write_loop(std::shared_ptr<State> self) {
    for (auto batch = self->take(); !batch.empty(); batch = self->take()) {
      std::vector<store::NewJob> list;
      list.reserve(batch.size());
      for (const auto& waiter : batch) {
        list.push_back(std::move(waiter->job));
      }
      State* state = self.get();
      const std::vector<store::NewJob>* jobs = &list;
      const Result<std::vector<store::Enqueued>> written =
          co_await self->pool.run([state, jobs] { return state->write(*jobs); });
      self->writes.fetch_add(1);
      if (self->metrics != nullptr) {
        self->metrics->observe("steward_store_enqueue_batch", {}, static_cast<double>(batch.size()),
                               k_batch_bounds);
      }
      for (std::size_t i = 0; i < batch.size(); ++i) {
        Outcome outcome = !written              ? Outcome(tl::unexpected(written.error()))
                          : i < written->size() ? Outcome((*written)[i])
                                                : Outcome(fail("store", "enqueue: a result is missing"));
        batch[i]->done.try_send(boost::system::error_code{}, std::move(outcome));
      }
    }
  }
};

EnqueueBatcher::EnqueueBatcher(store::JobQueue& jobs, runtime::BlockingPool& pool, metrics::Registry* metrics,
                               std::size_t max_batch)
    : m_state(std::make_shared<State>(jobs, pool, metrics, max_batch)) {
  if (metrics != nullptr) {
    metrics->describe("steward_store_enqueue_batch", "Jobs written per store transaction on the ack path.");
  }
}

EnqueueBatcher::~EnqueueBatcher() = default;

net::awaitable<Result<store::Enqueued>> EnqueueBatcher::enqueue(store::NewJob job) {
  const net::any_io_executor executor = co_await net::this_coro::executor;
  auto waiter = std::make_shared<Waiter>(executor, std::move(job));
  bool start = false;
  {
    const std::lock_guard lock(m_state->mutex);
    m_state->pending.push_back(waiter);
    start = !std::exchange(m_state->writing, true);
  }
  if (start) {
    net::co_spawn(executor, State::write_loop(m_state), [](const std::exception_ptr& error) {
      runtime::log_failure("store: enqueue batch", error);
    });
  }
  auto [error, outcome] = co_await waiter->done.async_receive(net::as_tuple(net::use_awaitable));
  if (error) {
    co_return fail("store", "enqueue: " + error.message());
  }
  co_return std::move(outcome);
}

std::size_t EnqueueBatcher::writes() const {
  return m_state->writes.load();
}

} // namespace steward::bot

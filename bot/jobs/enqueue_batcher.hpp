#pragma once

// Group commit for the ack path. Every inbound delivery must be persisted
// before it is acknowledged; one transaction (and one sync to disk) per
// delivery caps throughput at the disk's sync rate and costs a thread
// hand-off per request. The batcher collects the deliveries that arrive while
// a write is in flight and writes them together with `JobQueue::enqueue_all`:
// at concurrency 1 it is one write per delivery, as before; under load, one
// write per batch.

#include <cstddef>
#include <memory>

#include <boost/asio/awaitable.hpp>

#include "adapters/runtime/blocking_pool.hpp"
#include "core/metrics/registry.hpp"
#include "core/ports/store.hpp"

namespace steward::bot {

class EnqueueBatcher {
public:
  /// `jobs` and `pool` (the store's blocking pool) must outlive the batcher
  /// and every `enqueue` in progress. At most `max_batch` jobs go in one write.
  /// Records `steward_store_enqueue_batch` (histogram of batch sizes).
  EnqueueBatcher(store::JobQueue& jobs, runtime::BlockingPool& pool, metrics::Registry* metrics = nullptr,
                 std::size_t max_batch = 256);
  ~EnqueueBatcher();
  EnqueueBatcher(const EnqueueBatcher&) = delete;
  EnqueueBatcher& operator=(const EnqueueBatcher&) = delete;
  EnqueueBatcher(EnqueueBatcher&&) = delete;
  EnqueueBatcher& operator=(EnqueueBatcher&&) = delete;

  /// Persists `job`; completes once the write holding it committed (or
  /// failed: the error is the store's, and nothing of the batch may be
  /// assumed written). Safe to call concurrently from coroutines on any
  /// executor; the writer runs on the first caller's executor.
  boost::asio::awaitable<Result<store::Enqueued>> enqueue(store::NewJob job);

  /// Writes performed so far (for tests and metrics).
  [[nodiscard]] std::size_t writes() const;

private:
  struct State;
  std::shared_ptr<State> m_state;
};

} // namespace steward::bot

#pragma once

// Runs blocking library calls (SQLite, libpqxx, git subprocesses) on threads
// of their own, so coroutines on the Asio I/O threads await them instead of
// stalling the event loop (style guide, rule 9; userver's "no blocking on the
// main task processor").
//
// This header includes Boost.Asio: adapters/runtime/ is the Asio vocabulary
// the network adapters and bot/ share, not a wrapper around a library.

#include <cstddef>
#include <type_traits>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace steward::runtime {

/// A fixed set of threads for blocking calls.
///
/// `run` is awaited from a coroutine on any executor: the call runs on a pool
/// thread, and the coroutine resumes on its own executor with the result.
/// Exceptions thrown by the call are rethrown in the coroutine. Destroying
/// the pool waits for calls in progress; `stop()` first abandons queued ones.
class BlockingPool {
public:
  explicit BlockingPool(std::size_t threads) : m_pool(threads) {}
  /// As above, with every thread's CPU niceness raised by `nice` over the
  /// process's (Linux per-thread `setpriority`, capped at 19; 0 leaves it).
  /// A failure (a sandbox that forbids it) leaves the priority as it was:
  /// niceness is a preference, not a requirement.
  BlockingPool(std::size_t threads, int nice);
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;
  BlockingPool(BlockingPool&&) = delete;
  BlockingPool& operator=(BlockingPool&&) = delete;
  ~BlockingPool() { m_pool.join(); }

  /// Runs `call()` on a pool thread and returns its result.
  ///
  /// Deliberately not a coroutine itself: g++ 12 can destroy a by-value
  /// coroutine parameter twice when the argument is a temporary closure with
  /// non-trivial captures (observed with a captured shared_ptr), so `call`
  /// is moved straight into the spawned function object instead.
  template <typename F>
  auto run(F call) -> boost::asio::awaitable<std::invoke_result_t<F&>> {
    using R = std::invoke_result_t<F&>;
    return boost::asio::co_spawn(
        m_pool, [call = std::move(call)]() mutable -> boost::asio::awaitable<R> { co_return call(); },
        boost::asio::use_awaitable);
  }

  /// Abandons calls not yet started; later `run`s never complete.
  void stop() { m_pool.stop(); }

  [[nodiscard]] boost::asio::thread_pool::executor_type executor() { return m_pool.get_executor(); }

private:
  boost::asio::thread_pool m_pool;
};

} // namespace steward::runtime

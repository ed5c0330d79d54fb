#include "adapters/runtime/blocking_pool.hpp"

#include <algorithm>
#include <cerrno>
#include <latch>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <boost/asio/post.hpp>

namespace steward::runtime {
namespace {

constexpr int k_lowest_priority = 19; ///< the highest niceness Linux allows

} // namespace

BlockingPool::BlockingPool(std::size_t threads, int nice) : m_pool(threads) {
  if (nice == 0 || threads == 0) {
    return;
  }
  // One task per thread: each waits until all have started, so no thread
  // takes two and every thread is reniced exactly once.
  std::latch started(static_cast<std::ptrdiff_t>(threads));
  std::latch done(static_cast<std::ptrdiff_t>(threads));
  for (std::size_t i = 0; i < threads; ++i) {
    boost::asio::post(m_pool, [&started, &done, nice] {
      started.arrive_and_wait();
      const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
      errno = 0;
      const int current = ::getpriority(PRIO_PROCESS, tid);
      if (errno == 0) {
        (void)::setpriority(PRIO_PROCESS, tid, std::min(current + nice, k_lowest_priority));
      }
      done.count_down();
    });
  }
  done.wait();
}

} // namespace steward::runtime

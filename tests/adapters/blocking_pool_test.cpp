// Blocking store calls run on the blocking pool, never on the I/O thread, and
// the awaiting coroutine resumes on its own executor with the result.
#include <atomic>
#include <cerrno>
#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include "adapters/runtime/blocking_pool.hpp"
#include "adapters/sqlite/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::runtime {
namespace {

namespace net = boost::asio;
using namespace std::chrono_literals;

/// The calling thread's own niceness.
int own_niceness() {
  errno = 0;
  return ::getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)));
}

TEST(BlockingPool, NiceThreadsRunBelowTheCallerAndEveryOneIsReniced) {
  const int base = own_niceness();
  if (base > 19 - 5) {
    GTEST_SKIP() << "this process already runs at niceness " << base;
  }
  net::io_context io;
  constexpr std::size_t k_threads = 3;
  BlockingPool pool(k_threads, 5);
  std::mutex mutex;
  std::set<std::thread::id> threads;
  std::set<int> seen;
  auto probe = [&]() -> net::awaitable<void> {
    co_await pool.run([&] {
      std::this_thread::sleep_for(50ms); // overlapping calls spread over the threads
      std::lock_guard lock(mutex);
      threads.insert(std::this_thread::get_id());
      seen.insert(own_niceness());
    });
  };
  std::vector<std::future<void>> done;
  for (std::size_t i = 0; i < 3 * k_threads; ++i) {
    done.push_back(net::co_spawn(io, probe(), net::use_future));
  }
  io.run();
  for (auto& each : done) {
    each.get();
  }
  EXPECT_EQ(threads.size(), k_threads) << "the calls ran on every pool thread";
  EXPECT_EQ(seen, std::set<int>{base + 5}) << "every pool thread is 5 nicer than the caller";
  EXPECT_EQ(own_niceness(), base) << "the caller's own priority is unchanged";
}

TEST(BlockingPool, StoreCallsRunOffTheIoThreadWhileItKeepsServing) {
  testing::TempDir dir;
  auto opened = sqlite::open_sqlite_store({dir.path() / "steward.db", 5000ms, false});
  ASSERT_TRUE(opened) << opened.error().to_string();
  store::Store& db = **opened;

  net::io_context io;
  BlockingPool pool(2);
  std::thread::id io_thread;
  std::thread::id call_thread;
  std::thread::id resumed_on;
  std::atomic<int> ticks{0};
  int ticks_during_call = -1;

  auto slow_call = [&]() -> net::awaitable<Result<store::Enqueued>> {
    io_thread = std::this_thread::get_id();
    auto result = co_await pool.run([&] {
      call_thread = std::this_thread::get_id();
      std::this_thread::sleep_for(200ms); // a slow query: the I/O thread must keep serving
      ticks_during_call = ticks.load();
      return db.enqueue({"k", "{}", "Ev1", 3, {}}, store::TimePoint(store::Millis(1000)));
    });
    resumed_on = std::this_thread::get_id();
    co_return result;
  };
  auto ticker = [&]() -> net::awaitable<void> {
    net::steady_timer timer(co_await net::this_coro::executor);
    for (int i = 0; i < 10; ++i) {
      timer.expires_after(10ms);
      co_await timer.async_wait(net::use_awaitable);
      ++ticks;
    }
  };
  auto result = net::co_spawn(io, slow_call(), net::use_future);
  auto ticked = net::co_spawn(io, ticker(), net::use_future);
  io.run();

  auto enqueued = result.get();
  ASSERT_TRUE(enqueued) << enqueued.error().to_string();
  EXPECT_TRUE(enqueued->created);
  ticked.get();
  EXPECT_EQ(ticks.load(), 10);
  EXPECT_GE(ticks_during_call, 3) << "the I/O thread stalled while the store call ran";
  EXPECT_NE(call_thread, io_thread);
  EXPECT_EQ(resumed_on, io_thread);
  auto job = db.job(enqueued->id);
  ASSERT_TRUE(job && job->has_value());
  EXPECT_EQ((*job)->idempotency_key, "Ev1");
}

TEST(BlockingPool, ExceptionsReachTheAwaitingCoroutine) {
  net::io_context io;
  BlockingPool pool(1);
  auto throwing = [&]() -> net::awaitable<int> {
    co_return co_await pool.run([]() -> int { throw std::runtime_error("driver exploded"); });
  };
  auto result = net::co_spawn(io, throwing(), net::use_future);
  io.run();
  try {
    result.get();
    FAIL() << "expected the exception";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "driver exploded");
  }
}

TEST(BlockingPool, VoidCallsAreAwaitable) {
  net::io_context io;
  BlockingPool pool(1);
  std::atomic<bool> ran{false};
  auto call = [&]() -> net::awaitable<void> { co_await pool.run([&] { ran = true; }); };
  auto done = net::co_spawn(io, call(), net::use_future);
  io.run();
  done.get();
  EXPECT_TRUE(ran.load());
}

} // namespace
} // namespace steward::runtime

#include "bot/alerts/watch.hpp"

#include <array>
#include <fstream>
#include <sstream>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "bot/alerts/ingest.hpp"
#include "bot/jobs/clock.hpp"

namespace steward::bot {

namespace net = boost::asio;
namespace fs = std::filesystem;

namespace {

struct Seen {
  std::uintmax_t size = 0;
  fs::file_time_type modified{};
  bool read = false; ///< this version was turned into a job (or found to be no run)
  int failures = 0;  ///< unreadable attempts of this version
};

/// Reads `file` and stores its run; true when this version is done with.
bool ingest(const fs::path& file, store::JobQueue& jobs, int max_attempts, const std::function<void()>& wake,
            Seen& seen) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  auto job = run_job(text.str(), "file", file.filename().string(), max_attempts);
  if (!job) {
    // Half-written (dbt writes in place) or not a run at all: try the next tick, then give up on this
    // version.
    if (++seen.failures == 3) {
      spdlog::warn("alerts: ignoring {} until it changes: {}", file.string(), job.error().to_string());
      return true;
    }
    return false;
  }
  auto enqueued = jobs.enqueue(*job, wall_now());
  if (!enqueued) {
    spdlog::error("alerts: could not store the run in {}: {}", file.string(), enqueued.error().to_string());
    return false;
  }
  if (enqueued->created) {
    spdlog::info("alerts: new run {} from {}", job->idempotency_key.substr(8), file.string());
    wake();
  }
  return true;
}

} // namespace

fs::path artifacts_dir(const fs::path& project) {
  std::error_code ec;
  if (fs::is_regular_file(project, ec)) {
    return project.parent_path();
  }
  if (fs::exists(project / "dbt_project.yml", ec) || fs::is_directory(project / "target", ec)) {
    return project / "target";
  }
  return project;
}

net::awaitable<void> watch_runs(fs::path dir, store::JobQueue& jobs, runtime::BlockingPool& pool,
                                std::chrono::milliseconds interval, int max_attempts,
                                std::function<void()> wake) {
  const std::array<fs::path, 2> files{dir / "run_results.json", dir / "sources.json"};
  std::array<Seen, 2> seen{};
  net::steady_timer timer(co_await net::this_coro::executor);
  for (;;) {
    for (std::size_t i = 0; i < files.size(); ++i) {
      std::error_code ec;
      const auto size = fs::file_size(files[i], ec);
      const auto modified = ec ? fs::file_time_type{} : fs::last_write_time(files[i], ec);
      if (ec) {
        continue;
      }
      if (size != seen[i].size || modified != seen[i].modified) {
        seen[i] = Seen{size, modified, false, 0};
      }
      if (seen[i].read) {
        continue;
      }
      const fs::path& file = files[i];
      Seen& state = seen[i];
      state.read = co_await pool.run([&file, &jobs, max_attempts, &wake, &state] {
        return ingest(file, jobs, max_attempts, wake, state);
      });
    }
    if (interval.count() == 0) {
      co_return; // project.watch_interval 0s: the files are read once, at start-up
    }
    timer.expires_after(interval);
    auto [ec] = co_await timer.async_wait(net::as_tuple(net::use_awaitable));
    if (ec) {
      co_return;
    }
  }
}

} // namespace steward::bot

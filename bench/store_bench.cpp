// Job-queue throughput and latency of a store backend: WORKERS threads each
// run enqueue -> claim -> complete cycles until JOBS jobs are done.
//
//   steward_store_bench sqlite FILE [WORKERS] [JOBS] [full|normal]
//   steward_store_bench postgres URL [WORKERS] [JOBS]    (password: $STEWARD_STORE_PASSWORD)
//
// Prints one JSON object: jobs/s, and p50/p99 of a whole cycle and of each call.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/postgres/postgres_store.hpp"
#include "adapters/sqlite/sqlite_store.hpp"

namespace {

using namespace steward;
using Clock = std::chrono::steady_clock;

store::TimePoint now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

struct Samples {
  std::vector<double> cycle, enqueue, claim, complete;
  void append(const Samples& other) {
    cycle.insert(cycle.end(), other.cycle.begin(), other.cycle.end());
    enqueue.insert(enqueue.end(), other.enqueue.begin(), other.enqueue.end());
    claim.insert(claim.end(), other.claim.begin(), other.claim.end());
    complete.insert(complete.end(), other.complete.begin(), other.complete.end());
  }
};

double micros(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::micro>(to - from).count();
}

nlohmann::json percentiles(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  auto at = [&](double q) {
    return values.empty() ? 0.0
                          : values[static_cast<std::size_t>(q * static_cast<double>(values.size() - 1))];
  };
  return {{"p50", at(0.50)}, {"p99", at(0.99)}, {"max", values.empty() ? 0.0 : values.back()}};
}

/// One worker: cycles until `remaining` runs out. Claims may return another
/// worker's job; every enqueued job is completed by someone.
void work(store::Store& db, int worker, std::atomic<int>& remaining, Samples& samples,
          std::atomic<int>& errors) {
  const std::string owner = "bench-" + std::to_string(worker);
  while (remaining.fetch_sub(1) > 0) {
    const auto start = Clock::now();
    store::NewJob job{"bench", R"({"event_id": "Ev0123456789", "text": "what is fct_orders?"})", "", 5, {}};
    if (!db.enqueue(job, now())) {
      ++errors;
      continue;
    }
    const auto enqueued = Clock::now();
    auto claimed = db.claim(owner, 1, std::chrono::seconds(60), now());
    const auto claimed_at = Clock::now();
    if (!claimed) {
      ++errors;
      continue;
    }
    for (const store::Job& one : *claimed) {
      if (auto done = db.complete({one.id, owner, one.attempts}, now()); !done || !*done) {
        ++errors;
      }
    }
    const auto end = Clock::now();
    samples.cycle.push_back(micros(start, end));
    samples.enqueue.push_back(micros(start, enqueued));
    samples.claim.push_back(micros(enqueued, claimed_at));
    samples.complete.push_back(micros(claimed_at, end));
  }
}

Result<std::unique_ptr<store::Store>> open(const std::string& backend, const std::string& target, int workers,
                                           bool full_sync) {
  if (backend == "postgres") {
    const char* password = std::getenv("STEWARD_STORE_PASSWORD");
    postgres::PostgresOptions options{target, password != nullptr ? password : "", workers,
                                      std::chrono::seconds(5)};
    return postgres::open_postgres_store(options);
  }
  sqlite::SqliteOptions options;
  options.path = target;
  options.full_sync = full_sync;
  return sqlite::open_sqlite_store(options);
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: steward_store_bench sqlite|postgres FILE|URL [WORKERS] [JOBS] [full|normal]\n";
    return 2;
  }
  const std::string backend = argv[1];
  const int workers = argc > 3 ? std::stoi(argv[3]) : 4;
  const int jobs = argc > 4 ? std::stoi(argv[4]) : 20'000;
  const bool full_sync = !(argc > 5 && std::string(argv[5]) == "normal");
  auto db = open(backend, argv[2], workers, full_sync);
  if (!db) {
    std::cerr << db.error().to_string() << "\n";
    return 3;
  }
  std::atomic<int> remaining{jobs};
  std::atomic<int> errors{0};
  std::vector<Samples> samples(static_cast<std::size_t>(workers));
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(workers));
  const auto start = Clock::now();
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] { work(**db, w, remaining, samples[static_cast<std::size_t>(w)], errors); });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  Samples all;
  for (const Samples& one : samples) {
    all.append(one);
  }
  auto counts = (*db)->counts(now());
  nlohmann::json out{
      {"backend", backend},
      {"sync", backend == "sqlite" ? (full_sync ? "full" : "normal") : "n/a"},
      {"workers", workers},
      {"jobs", jobs},
      {"done", counts ? counts->done : -1},
      {"errors", errors.load()},
      {"seconds", seconds},
      {"jobs_per_s", static_cast<double>(jobs) / seconds},
      {"cycle_us", percentiles(all.cycle)},
      {"enqueue_us", percentiles(all.enqueue)},
      {"claim_us", percentiles(all.claim)},
      {"complete_us", percentiles(all.complete)},
  };
  std::cout << out.dump() << "\n";
  return errors.load() == 0 ? 0 : 1;
}

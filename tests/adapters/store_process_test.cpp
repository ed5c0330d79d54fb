// Store guarantees across processes: a worker killed with SIGKILL loses no
// committed write and its jobs complete exactly once after its lease runs
// out; several processes draining one queue complete every job exactly once.
// Workers are real processes (tests/tools/store_worker.cpp).
#include <map>
#include <set>
#include <sstream>

#include "tests/support/store_fixture.hpp"
#include "tests/support/subprocess.hpp"

namespace steward::testing {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> worker_argv(const StoreTarget& target, const std::string& mode, int n,
                                     std::int64_t lease_ms) {
  return {STEWARD_STORE_WORKER, target.backend,          target.location, mode,
          std::to_string(n),    std::to_string(lease_ms)};
}

void enqueue_jobs(store::Store& db, int count, const std::string& prefix) {
  for (int i = 0; i < count; ++i) {
    store::NewJob job;
    job.kind = "test";
    job.payload = std::to_string(i);
    job.idempotency_key = prefix + std::to_string(i);
    must(db.enqueue(job, wall_now()));
  }
}

class StoreProcesses : public StoreTest {};
STEWARD_STORE_SUITE(StoreProcesses);

TEST_P(StoreProcesses, KilledWorkersLoseNothingAndTheirJobsCompleteOnce) {
  constexpr int k_jobs = 20;
  constexpr int k_held = 8;
  constexpr std::int64_t k_lease_ms = 2000;
  enqueue_jobs(store(), k_jobs, "crash-");

  Subprocess worker(worker_argv(target(), "hold", k_held, k_lease_ms));
  ASSERT_GT(worker.pid(), 0);
  std::set<store::Id> held;
  std::vector<store::Id> feedback;
  store::Id answer = 0;
  std::string line;
  while (feedback.size() < 150 && worker.read_line(line)) {
    std::istringstream in(line);
    std::string what;
    store::Id id = 0;
    in >> what >> id;
    if (what == "held") {
      held.insert(id);
    } else if (what == "feedback") {
      feedback.push_back(id);
      in >> answer;
    }
  }
  worker.kill(SIGKILL); // mid-write: it commits feedback rows in a tight loop
  EXPECT_EQ(worker.wait(), 128 + SIGKILL);
  ASSERT_EQ(held.size(), static_cast<std::size_t>(k_held));
  ASSERT_EQ(feedback.size(), 150U);

  // Every row the worker saw committed is there.
  auto stored = must(store().feedback_for(answer));
  EXPECT_GE(stored.size(), feedback.size());
  std::set<std::string> users;
  for (const store::Feedback& row : stored) {
    users.insert(row.user);
  }
  for (std::size_t i = 0; i < feedback.size(); ++i) {
    EXPECT_TRUE(users.contains("U" + std::to_string(i))) << "feedback row " << i << " was lost";
  }

  // Before the lease runs out the dead worker's jobs stay reserved.
  auto early = must(store().claim("rescuer", 100, 60s, wall_now()));
  EXPECT_EQ(early.size(), static_cast<std::size_t>(k_jobs - k_held));
  for (const store::Job& job : early) {
    EXPECT_FALSE(held.contains(job.id));
    EXPECT_TRUE(must(store().complete({job.id, "rescuer", job.attempts}, wall_now())));
  }
  // After it, another worker takes them over and completes each once.
  auto later = wall_now() + std::chrono::milliseconds(k_lease_ms + 1000);
  auto rescued = must(store().claim("rescuer", 100, 60s, later));
  std::set<store::Id> rescued_ids;
  for (const store::Job& job : rescued) {
    rescued_ids.insert(job.id);
    EXPECT_EQ(job.attempts, 2);
    EXPECT_FALSE(must(store().complete({job.id, "holder", 1}, later))) << "the dead worker's lease";
    EXPECT_TRUE(must(store().complete({job.id, "rescuer", job.attempts}, later)));
    EXPECT_FALSE(must(store().complete({job.id, "rescuer", job.attempts}, later)));
  }
  EXPECT_EQ(rescued_ids, held);
  auto counts = must(store().counts(later));
  EXPECT_EQ(counts.done, k_jobs);
  EXPECT_EQ(counts.queued + counts.running + counts.dead, 0);
}

/// Runs `processes` drain workers of `threads` threads each over `jobs` jobs
/// and checks every job completed exactly once.
void drain_with_processes(store::Store& db, const StoreTarget& target, int jobs, int processes, int threads) {
  enqueue_jobs(db, jobs, "drain-");
  std::vector<std::unique_ptr<Subprocess>> workers;
  for (int p = 0; p < processes; ++p) {
    workers.push_back(std::make_unique<Subprocess>(worker_argv(target, "drain", threads, 60'000)));
    ASSERT_GT(workers.back()->pid(), 0);
  }
  std::map<store::Id, int> completions;
  std::vector<int> per_process;
  for (auto& worker : workers) {
    int mine = 0;
    std::string line;
    while (worker->read_line(line)) {
      if (line.starts_with("done ")) {
        ++completions[std::stoll(line.substr(5))];
        ++mine;
      }
    }
    EXPECT_EQ(worker->wait(), 0);
    per_process.push_back(mine);
  }
  EXPECT_EQ(completions.size(), static_cast<std::size_t>(jobs));
  int duplicates = 0;
  for (const auto& [id, count] : completions) {
    duplicates += count > 1 ? 1 : 0;
  }
  EXPECT_EQ(duplicates, 0);
  for (int count : per_process) {
    EXPECT_GT(count, 0) << "every process should have taken part";
  }
  auto counts = must(db.counts(wall_now()));
  EXPECT_EQ(counts.done, jobs);
  EXPECT_EQ(counts.queued + counts.running + counts.dead, 0);
  for (const store::Job& job : must(db.jobs({store::JobState::done, jobs}))) {
    EXPECT_EQ(job.attempts, 1) << "job " << job.id << " was claimed twice";
  }
}

TEST_P(StoreProcesses, TwoProcessesOfFourWorkersDrainTheQueueExactlyOnce) {
  // The bar is 10,000 jobs on PostgreSQL; SQLite shares one file
  // lock between processes, so it gets a smaller run of the same check.
  const int jobs = GetParam() == "postgres" ? 10'000 : 2'000;
  drain_with_processes(store(), target(), jobs, 2, 4);
}

} // namespace
} // namespace steward::testing

// Store conformance, part 1: event de-duplication and the job queue. Every
// test runs unchanged against SQLite and PostgreSQL (tests/support/store_fixture.hpp).
#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "tests/support/store_fixture.hpp"

namespace steward::testing {
namespace {

using namespace std::chrono_literals;
using store::FailOutcome;
using store::Job;
using store::JobState;
using store::Lease;
using store::NewJob;

NewJob job_of(std::string kind, std::string key = "", int max_attempts = 3) {
  NewJob job;
  job.kind = std::move(kind);
  job.payload = R"({"text": "héllo \"quoted\"", "n": 1})";
  job.idempotency_key = std::move(key);
  job.max_attempts = max_attempts;
  return job;
}

Lease lease_of(const Job& job) {
  return Lease{job.id, job.lease_owner, job.attempts};
}

std::vector<store::Id> ids_of(const std::vector<Job>& jobs) {
  std::vector<store::Id> ids;
  for (const Job& job : jobs) {
    ids.push_back(job.id);
  }
  return ids;
}

// --- Events

class StoreEvents : public StoreTest {};
STEWARD_STORE_SUITE(StoreEvents);

TEST_P(StoreEvents, FirstSightingIsNewAndRepeatsAreDuplicates) {
  EXPECT_TRUE(must(store().record_event("slack", "Ev01", at(0), 1h)));
  EXPECT_FALSE(must(store().record_event("slack", "Ev01", at(10), 1h)));
  EXPECT_FALSE(must(store().record_event("slack", "Ev01", at(3599), 1h)));
  // Ids are per platform.
  EXPECT_TRUE(must(store().record_event("teams", "Ev01", at(10), 1h)));
  EXPECT_TRUE(must(store().record_event("slack", "Ev02", at(10), 1h)));
}

TEST_P(StoreEvents, ExpiredRecordsAreForgottenAndPurged) {
  ASSERT_TRUE(must(store().record_event("slack", "old", at(0), 60s)));
  ASSERT_TRUE(must(store().record_event("slack", "young", at(100), 60s)));
  // Expired at 60 s: a redelivery after that counts as new and lives on.
  EXPECT_TRUE(must(store().record_event("slack", "old", at(61), 60s)));
  EXPECT_FALSE(must(store().record_event("slack", "old", at(100), 60s)));
  // At 200 s both have expired (old renewed until 121 s, young until 160 s).
  EXPECT_EQ(must(store().purge_events(at(200))), 2);
  EXPECT_EQ(must(store().purge_events(at(200))), 0);
  EXPECT_TRUE(must(store().record_event("slack", "young", at(201), 60s)));
}

// --- Enqueue and claim

class StoreJobs : public StoreTest {};
STEWARD_STORE_SUITE(StoreJobs);

TEST_P(StoreJobs, EnqueueIsIdempotentPerKey) {
  auto first = must(store().enqueue(job_of("slack.event", "Ev01"), at(0)));
  EXPECT_TRUE(first.created);
  EXPECT_GT(first.id, 0);
  auto again = must(store().enqueue(job_of("slack.event", "Ev01"), at(5)));
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.id, first.id);
  // Empty keys never collide.
  auto a = must(store().enqueue(job_of("x"), at(0)));
  auto b = must(store().enqueue(job_of("x"), at(0)));
  EXPECT_TRUE(a.created);
  EXPECT_TRUE(b.created);
  EXPECT_NE(a.id, b.id);
  EXPECT_EQ(must(store().counts(at(0))).queued, 3);
}

TEST_P(StoreJobs, EnqueueAllKeepsOrderAndIdempotency) {
  auto existing = must(store().enqueue(job_of("slack.event", "Ev00"), at(0)));
  const std::vector<NewJob> batch = {job_of("slack.event", "Ev01"), job_of("slack.event", "Ev00"),
                                     job_of("slack.event"), job_of("slack.event", "Ev01"),
                                     job_of("slack.command", "Ev02")};
  auto results = must(store().enqueue_all(batch, at(1)));
  ASSERT_EQ(results.size(), batch.size());
  EXPECT_TRUE(results[0].created);
  EXPECT_FALSE(results[1].created);
  EXPECT_EQ(results[1].id, existing.id);
  EXPECT_TRUE(results[2].created);
  EXPECT_FALSE(results[3].created); // the same key earlier in the batch
  EXPECT_EQ(results[3].id, results[0].id);
  EXPECT_TRUE(results[4].created);
  EXPECT_EQ(must(store().counts(at(1))).queued, 4);
  // Claimed in batch order (same run_at, ascending ids).
  auto claimed = must(store().claim("w", 10, 30s, at(2)));
  ASSERT_EQ(claimed.size(), 4U);
  EXPECT_EQ(claimed[1].id, results[0].id);
  EXPECT_EQ(claimed[2].id, results[2].id);
  EXPECT_EQ(claimed[3].kind, "slack.command");
  EXPECT_TRUE(must(store().enqueue_all({}, at(3))).empty());
}

TEST_P(StoreJobs, IdempotencyHoldsAfterTheJobIsDone) {
  auto first = must(store().enqueue(job_of("k", "Ev09"), at(0)));
  auto claimed = must(store().claim("w", 1, 30s, at(1)));
  ASSERT_EQ(claimed.size(), 1U);
  ASSERT_TRUE(must(store().complete(lease_of(claimed[0]), at(2))));
  auto again = must(store().enqueue(job_of("k", "Ev09"), at(3)));
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.id, first.id);
  EXPECT_TRUE(must(store().claim("w", 1, 30s, at(4))).empty());
}

TEST_P(StoreJobs, ClaimReturnsDueJobsOldestFirstWithTheirFields) {
  NewJob later = job_of("later");
  later.run_at = at(100);
  auto late_id = must(store().enqueue(later, at(0))).id;
  NewJob second = job_of("second");
  second.run_at = at(20);
  auto second_id = must(store().enqueue(second, at(0))).id;
  auto first_id = must(store().enqueue(job_of("first", "key-1", 7), at(10))).id;

  auto claimed = must(store().claim("worker-a", 5, 300s, at(50)));
  ASSERT_EQ(claimed.size(), 2U);
  EXPECT_EQ(ids_of(claimed), (std::vector<store::Id>{first_id, second_id}));
  const Job& job = claimed[0];
  EXPECT_EQ(job.kind, "first");
  EXPECT_EQ(job.payload, R"({"text": "héllo \"quoted\"", "n": 1})");
  EXPECT_EQ(job.idempotency_key, "key-1");
  EXPECT_EQ(job.state, JobState::running);
  EXPECT_EQ(job.attempts, 1);
  EXPECT_EQ(job.max_attempts, 7);
  EXPECT_EQ(job.lease_owner, "worker-a");
  ASSERT_TRUE(job.lease_until.has_value());
  EXPECT_EQ(*job.lease_until, at(350));
  EXPECT_EQ(job.run_at, at(10));
  EXPECT_EQ(job.created_at, at(10));

  auto rest = must(store().claim("worker-a", 5, 30s, at(100)));
  EXPECT_EQ(ids_of(rest), (std::vector<store::Id>{late_id}));
}

TEST_P(StoreJobs, ClaimHonoursMax) {
  for (int i = 0; i < 5; ++i) {
    must(store().enqueue(job_of("k"), at(i)));
  }
  EXPECT_EQ(must(store().claim("w", 2, 30s, at(10))).size(), 2U);
  EXPECT_EQ(must(store().claim("w", 2, 30s, at(10))).size(), 2U);
  EXPECT_EQ(must(store().claim("w", 2, 30s, at(10))).size(), 1U);
  EXPECT_TRUE(must(store().claim("w", 2, 30s, at(10))).empty());
}

// --- Leases

TEST_P(StoreJobs, AHeldLeaseIsExclusiveUntilItExpires) {
  auto id = must(store().enqueue(job_of("k"), at(0))).id;
  auto mine = must(store().claim("a", 1, 30s, at(0)));
  ASSERT_EQ(mine.size(), 1U);
  EXPECT_TRUE(must(store().claim("b", 1, 30s, at(29))).empty());

  // The lease ran out: a dead worker's job is taken over, attempt 2.
  auto theirs = must(store().claim("b", 1, 30s, at(31)));
  ASSERT_EQ(theirs.size(), 1U);
  EXPECT_EQ(theirs[0].id, id);
  EXPECT_EQ(theirs[0].attempts, 2);
  EXPECT_EQ(theirs[0].lease_owner, "b");

  // The first worker's late calls must not count.
  EXPECT_FALSE(must(store().heartbeat(lease_of(mine[0]), 30s, at(32))));
  EXPECT_FALSE(must(store().complete(lease_of(mine[0]), at(32))));
  EXPECT_FALSE(store().fail(lease_of(mine[0]), "late", at(40), at(32)).has_value());
  EXPECT_EQ(must(store().job(id))->state, JobState::running);

  EXPECT_TRUE(must(store().complete(lease_of(theirs[0]), at(33))));
  auto done = must(store().job(id));
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(done->state, JobState::done);
  EXPECT_EQ(done->attempts, 2);
}

TEST_P(StoreJobs, HeartbeatExtendsTheLease) {
  must(store().enqueue(job_of("k"), at(0)));
  auto claimed = must(store().claim("a", 1, 30s, at(0)));
  ASSERT_EQ(claimed.size(), 1U);
  EXPECT_TRUE(must(store().heartbeat(lease_of(claimed[0]), 30s, at(25))));
  EXPECT_TRUE(must(store().claim("b", 1, 30s, at(40))).empty()) << "lease runs until 55 s";
  EXPECT_EQ(*must(store().job(claimed[0].id))->lease_until, at(55));
  EXPECT_EQ(must(store().claim("b", 1, 30s, at(56))).size(), 1U);
}

TEST_P(StoreJobs, CompleteCountsOnce) {
  auto id = must(store().enqueue(job_of("k"), at(0))).id;
  auto claimed = must(store().claim("a", 1, 30s, at(0)));
  ASSERT_EQ(claimed.size(), 1U);
  EXPECT_TRUE(must(store().complete(lease_of(claimed[0]), at(1))));
  EXPECT_FALSE(must(store().complete(lease_of(claimed[0]), at(2))));
  EXPECT_FALSE(must(store().heartbeat(lease_of(claimed[0]), 30s, at(2))));
  // A finished job is never claimed again, even long after.
  EXPECT_TRUE(must(store().claim("b", 1, 30s, at(10'000))).empty());
  auto job = must(store().job(id));
  EXPECT_EQ(job->state, JobState::done);
  EXPECT_EQ(job->updated_at, at(1));
}

// --- Failure, back-off and the dead-letter queue

TEST_P(StoreJobs, FailedJobsWaitForTheirRetryTimeThenDie) {
  auto id = must(store().enqueue(job_of("k", "", 2), at(0))).id;
  auto first = must(store().claim("a", 1, 30s, at(0)));
  ASSERT_EQ(first.size(), 1U);
  EXPECT_EQ(must(store().fail(lease_of(first[0]), "warehouse timeout", at(10), at(1))),
            FailOutcome::retrying);
  auto waiting = must(store().job(id));
  EXPECT_EQ(waiting->state, JobState::queued);
  EXPECT_EQ(waiting->run_at, at(10));
  EXPECT_EQ(waiting->last_error, "warehouse timeout");
  EXPECT_FALSE(waiting->lease_until.has_value());
  EXPECT_TRUE(must(store().claim("a", 1, 30s, at(9))).empty());

  auto second = must(store().claim("a", 1, 30s, at(10)));
  ASSERT_EQ(second.size(), 1U);
  EXPECT_EQ(second[0].attempts, 2);
  EXPECT_EQ(must(store().fail(lease_of(second[0]), "still failing", at(30), at(11))), FailOutcome::dead);
  auto dead = must(store().job(id));
  EXPECT_EQ(dead->state, JobState::dead);
  EXPECT_EQ(dead->last_error, "still failing");
  EXPECT_TRUE(must(store().claim("a", 1, 30s, at(1000))).empty());
}

TEST_P(StoreJobs, AJobWhoseWorkersKeepDyingIsDeadLettered) {
  auto id = must(store().enqueue(job_of("poison", "", 2), at(0))).id;
  ASSERT_EQ(must(store().claim("a", 1, 10s, at(0))).size(), 1U);
  ASSERT_EQ(must(store().claim("b", 1, 10s, at(11))).size(), 1U); // attempt 2 of 2
  // Its second lease expires too: no attempts left, so it is dead, not claimed.
  EXPECT_TRUE(must(store().claim("c", 1, 10s, at(22))).empty());
  auto job = must(store().job(id));
  EXPECT_EQ(job->state, JobState::dead);
  EXPECT_EQ(job->attempts, 2);
  EXPECT_FALSE(job->last_error.empty());
}

TEST_P(StoreJobs, DeadJobsCanBeRequeued) {
  auto dead_id = must(store().enqueue(job_of("k", "", 1), at(0))).id;
  auto queued_id = must(store().enqueue(job_of("k"), at(0))).id;
  auto claimed = must(store().claim("a", 1, 30s, at(0)));
  ASSERT_EQ(claimed.size(), 1U);
  ASSERT_EQ(claimed[0].id, dead_id);
  ASSERT_EQ(must(store().fail(lease_of(claimed[0]), "boom", at(5), at(1))), FailOutcome::dead);

  EXPECT_FALSE(must(store().requeue(queued_id, at(2)))) << "only dead jobs are requeued";
  EXPECT_FALSE(must(store().requeue(999'999, at(2))));
  EXPECT_TRUE(must(store().requeue(dead_id, at(3))));
  auto job = must(store().job(dead_id));
  EXPECT_EQ(job->state, JobState::queued);
  EXPECT_EQ(job->attempts, 0);
  EXPECT_EQ(job->run_at, at(3));
  EXPECT_EQ(must(store().claim("a", 5, 30s, at(3))).size(), 2U);
}

TEST_P(StoreJobs, RequeueDeadMovesEveryDeadJob) {
  for (int i = 0; i < 3; ++i) {
    must(store().enqueue(job_of("k", "", 1), at(0)));
  }
  for (const Job& job : must(store().claim("a", 3, 30s, at(0)))) {
    must(store().fail(lease_of(job), "boom", at(5), at(1)));
  }
  EXPECT_EQ(must(store().counts(at(1))).dead, 3);
  EXPECT_EQ(must(store().requeue_dead(at(2))), 3);
  EXPECT_EQ(must(store().requeue_dead(at(2))), 0);
  EXPECT_EQ(must(store().counts(at(2))).queued, 3);
}

TEST_P(StoreJobs, ListingFiltersByStateNewestFirst) {
  std::vector<store::Id> ids;
  for (int i = 0; i < 4; ++i) {
    ids.push_back(must(store().enqueue(job_of("k"), at(i))).id);
  }
  auto claimed = must(store().claim("a", 1, 30s, at(10)));
  ASSERT_EQ(claimed.size(), 1U);
  must(store().complete(lease_of(claimed[0]), at(11)));

  auto all = must(store().jobs({std::nullopt, 100}));
  EXPECT_EQ(ids_of(all), (std::vector<store::Id>{ids[3], ids[2], ids[1], ids[0]}));
  auto queued = must(store().jobs({JobState::queued, 2}));
  EXPECT_EQ(ids_of(queued), (std::vector<store::Id>{ids[3], ids[2]}));
  auto done = must(store().jobs({JobState::done, 100}));
  EXPECT_EQ(ids_of(done), (std::vector<store::Id>{ids[0]}));
  EXPECT_FALSE(must(store().job(ids[3] + 1000)).has_value());
}

TEST_P(StoreJobs, CountsDescribeTheQueue) {
  for (int i = 0; i < 5; ++i) {
    NewJob job = job_of("k");
    job.run_at = at(i * 10);
    must(store().enqueue(job, at(0)));
  }
  auto claimed = must(store().claim("a", 2, 30s, at(10))); // the jobs due at 0 s and 10 s
  ASSERT_EQ(claimed.size(), 2U);
  must(store().complete(lease_of(claimed[0]), at(11)));
  auto counts = must(store().counts(at(25)));
  EXPECT_EQ(counts.queued, 3);
  EXPECT_EQ(counts.due, 1); // the one due at 20 s
  EXPECT_EQ(counts.running, 1);
  EXPECT_EQ(counts.done, 1);
  EXPECT_EQ(counts.dead, 0);
  // At 45 s every queued job is due, and the running job's lease has run out.
  EXPECT_EQ(must(store().counts(at(45))).due, 4);
}

// --- Concurrency within one process

TEST_P(StoreJobs, ConcurrentClaimersNeverShareAJob) {
  constexpr int k_jobs = 400;
  for (int i = 0; i < k_jobs; ++i) {
    must(store().enqueue(job_of("k"), at(0)));
  }
  std::mutex mutex;
  std::map<store::Id, int> completions;
  std::atomic<int> errors{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 6; ++w) {
    workers.emplace_back([&, w] {
      const std::string owner = "worker-" + std::to_string(w);
      for (;;) {
        auto claimed = store().claim(owner, 3, 60s, at(1));
        if (!claimed) {
          ++errors;
          return;
        }
        if (claimed->empty()) {
          return;
        }
        for (const Job& job : *claimed) {
          auto completed = store().complete(lease_of(job), at(2));
          std::lock_guard lock(mutex);
          completions[job.id] += completed && *completed ? 1 : 100;
        }
      }
    });
  }
  for (std::thread& worker : workers) {
    worker.join();
  }
  EXPECT_EQ(errors.load(), 0);
  ASSERT_EQ(completions.size(), static_cast<std::size_t>(k_jobs));
  for (const auto& [id, count] : completions) {
    EXPECT_EQ(count, 1) << "job " << id;
  }
  EXPECT_EQ(must(store().counts(at(3))).done, k_jobs);
}

// --- Persistence and schema

TEST_P(StoreJobs, JobsSurviveReopening) {
  auto id = must(store().enqueue(job_of("k", "Ev77"), at(0))).id;
  auto claimed = must(store().claim("a", 1, 30s, at(0)));
  ASSERT_EQ(claimed.size(), 1U);
  reopen();
  auto job = must(store().job(id));
  ASSERT_TRUE(job.has_value());
  EXPECT_EQ(job->state, JobState::running);
  EXPECT_EQ(job->lease_owner, "a");
  EXPECT_TRUE(must(store().complete(lease_of(claimed[0]), at(1))));
  EXPECT_FALSE(must(store().enqueue(job_of("k", "Ev77"), at(2))).created);
}

TEST_P(StoreJobs, ReportsItsBackendAndSchemaVersion) {
  EXPECT_EQ(store().backend(), GetParam());
  const int expected =
      GetParam() == "sqlite" ? sqlite::sqlite_schema_version() : postgres::postgres_schema_version();
  EXPECT_GE(expected, 1);
  EXPECT_EQ(must(store().schema_version()), expected);
  EXPECT_TRUE(store().ping().has_value());
}

} // namespace
} // namespace steward::testing

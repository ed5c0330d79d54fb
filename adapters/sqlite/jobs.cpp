// The durable job queue. One writer at a time (`BEGIN IMMEDIATE`), so a claim
// selects and leases its jobs before any other claimer, thread or process,
// can look at them.
#include <algorithm>
#include <string>

#include "adapters/sqlite/queries.hpp"
#include "adapters/sqlite/query.hpp"

namespace steward::sqlite::jobs {
namespace {

using store::FailOutcome;
using store::Id;
using store::Job;
using store::JobState;
using store::TimePoint;

#define JOB_COLUMNS                                                                                          \
  "id, kind, payload, idempotency_key, state, attempts, max_attempts, run_at, lease_until, lease_owner, "    \
  "last_error, created_at, updated_at"

Job read_job(const Statement& row) {
  Job job;
  job.id = row.integer(0);
  job.kind = row.text(1);
  job.payload = row.text(2);
  job.idempotency_key = row.text(3);
  job.state = store::job_state_from(row.text(4)).value_or(JobState::dead);
  job.attempts = static_cast<int>(row.integer(5));
  job.max_attempts = static_cast<int>(row.integer(6));
  job.run_at = row.time(7);
  job.lease_until = row.optional_time(8);
  job.lease_owner = row.text(9);
  job.last_error = row.text(10);
  job.created_at = row.time(11);
  job.updated_at = row.time(12);
  return job;
}

/// Binds `id, owner, attempt` for the "lease still held" condition.
void bind_lease(Statement& statement, const store::Lease& lease) {
  statement.bind(lease.job_id).bind(lease.owner).bind(std::int64_t{lease.attempt});
}

constexpr std::string_view k_held = "id = ? AND state = 'running' AND lease_owner = ? AND attempts = ?";

Result<std::int64_t> dead_letter_expired(Connection& db, TimePoint now) {
  return execute(db,
                 "UPDATE jobs SET state = 'dead', lease_until = NULL, lease_owner = '', updated_at = ?1, "
                 "last_error = 'lease expired after ' || attempts || "
                 "CASE WHEN attempts = 1 THEN ' attempt' ELSE ' attempts' END "
                 "WHERE state = 'running' AND lease_until < ?1 AND attempts >= max_attempts",
                 [&](Statement& s) { s.bind(now); });
}

/// Leases the `max` due jobs with the oldest `run_at`; each index range is
/// limited before the merge, so a long backlog costs nothing extra.
Result<std::vector<Job>> lease_due(Connection& db, std::string_view owner, int max, TimePoint until,
                                   TimePoint now) {
  auto claimed = query_all<Job>(
      db,
      "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?1, lease_until = ?2, "
      "updated_at = ?3 WHERE id IN (SELECT id FROM ("
      "SELECT id, run_at FROM (SELECT id, run_at FROM jobs WHERE state = 'queued' AND run_at <= ?3 "
      "ORDER BY run_at, id LIMIT ?4) "
      "UNION ALL SELECT id, run_at FROM (SELECT id, run_at FROM jobs WHERE state = 'running' "
      "AND lease_until < ?3 ORDER BY run_at, id LIMIT ?4) "
      "ORDER BY run_at, id LIMIT ?4)) RETURNING " JOB_COLUMNS,
      [&](Statement& s) { s.bind(owner).bind(until).bind(now).bind(std::int64_t{max}); }, read_job);
  if (claimed) {
    std::sort(claimed->begin(), claimed->end(), [](const Job& a, const Job& b) {
      return a.run_at != b.run_at ? a.run_at < b.run_at : a.id < b.id;
    });
  }
  return claimed;
}

} // namespace

namespace {

/// Inserts `job` (or finds the job holding its key) inside the caller's transaction.
Result<store::Enqueued> insert_job(Connection& db, const store::NewJob& job, TimePoint now) {
  auto inserted = execute(db,
                          "INSERT INTO jobs (kind, payload, idempotency_key, state, max_attempts, run_at, "
                          "created_at, updated_at) VALUES (?, ?, ?, 'queued', ?, ?, ?6, ?6) "
                          "ON CONFLICT (idempotency_key) DO NOTHING",
                          [&](Statement& s) {
                            s.bind(job.kind).bind(job.payload).bind_optional_text(job.idempotency_key);
                            s.bind(std::int64_t{job.max_attempts}).bind(job.run_at.value_or(now)).bind(now);
                          });
  if (!inserted) {
    return tl::unexpected(inserted.error());
  }
  if (*inserted > 0) {
    return store::Enqueued{db.last_insert_id(), true};
  }
  auto existing = query_one<Id>(
      db, "SELECT id FROM jobs WHERE idempotency_key = ?", [&](Statement& s) { s.bind(job.idempotency_key); },
      [](const Statement& row) { return row.integer(0); });
  if (!existing) {
    return tl::unexpected(existing.error());
  }
  if (!*existing) {
    return fail("store", "enqueue: the insert was skipped but no job has its idempotency key");
  }
  return store::Enqueued{**existing, false};
}

} // namespace

Result<store::Enqueued> enqueue(Connection& db, const store::NewJob& job, TimePoint now) {
  return write_transaction(db, [&] { return insert_job(db, job, now); });
}

Result<std::vector<store::Enqueued>> enqueue_all(Connection& db, std::span<const store::NewJob> jobs,
                                                 TimePoint now) {
  return write_transaction(db, [&]() -> Result<std::vector<store::Enqueued>> {
    std::vector<store::Enqueued> out;
    out.reserve(jobs.size());
    for (const store::NewJob& job : jobs) {
      auto one = insert_job(db, job, now);
      if (!one) {
        return tl::unexpected(one.error());
      }
      out.push_back(*one);
    }
    return out;
  });
}

Result<std::vector<Job>> claim(Connection& db, std::string_view owner, int max, store::Millis lease,
                               TimePoint now) {
  if (max <= 0) {
    return std::vector<Job>();
  }
  return write_transaction(db, [&]() -> Result<std::vector<Job>> {
    if (auto dead = dead_letter_expired(db, now); !dead) {
      return tl::unexpected(dead.error());
    }
    return lease_due(db, owner, max, now + lease, now);
  });
}

Result<bool> heartbeat(Connection& db, const store::Lease& lease, store::Millis extend, TimePoint now) {
  static const std::string sql =
      "UPDATE jobs SET lease_until = ?, updated_at = ? WHERE " + std::string(k_held);
  return write_transaction(db,
                           [&] {
                             return execute(db, sql, [&](Statement& s) {
                               bind_lease(s.bind(now + extend).bind(now), lease);
                             });
                           })
      .map([](std::int64_t changed) { return changed > 0; });
}

Result<bool> complete(Connection& db, const store::Lease& lease, TimePoint now) {
  static const std::string sql =
      "UPDATE jobs SET state = 'done', lease_until = NULL, lease_owner = '', updated_at = ? WHERE " +
      std::string(k_held);
  return write_transaction(
             db, [&] { return execute(db, sql, [&](Statement& s) { bind_lease(s.bind(now), lease); }); })
      .map([](std::int64_t changed) { return changed > 0; });
}

Result<FailOutcome> fail_job(Connection& db, const store::Lease& lease, std::string_view error,
                             TimePoint retry_at, TimePoint now) {
  static const std::string sql =
      "UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END, "
      "run_at = CASE WHEN attempts >= max_attempts THEN run_at ELSE ? END, lease_until = NULL, "
      "lease_owner = '', last_error = ?, updated_at = ? WHERE " +
      std::string(k_held) + " RETURNING state";
  return write_transaction(db, [&]() -> Result<FailOutcome> {
    auto state = query_one<std::string>(
        db, sql, [&](Statement& s) { bind_lease(s.bind(retry_at).bind(error).bind(now), lease); },
        [](const Statement& row) { return row.text(0); });
    if (!state) {
      return tl::unexpected(state.error());
    }
    if (!*state) {
      return fail("store", "job " + std::to_string(lease.job_id) + ": lease lost (attempt " +
                               std::to_string(lease.attempt) + " of '" + lease.owner +
                               "' no longer holds it)");
    }
    return **state == "dead" ? FailOutcome::dead : FailOutcome::retrying;
  });
}

Result<std::optional<Job>> job(Connection& db, Id id) {
  return query_one<Job>(
      db, "SELECT " JOB_COLUMNS " FROM jobs WHERE id = ?", [&](Statement& s) { s.bind(id); }, read_job);
}

Result<std::vector<Job>> list(Connection& db, const store::JobFilter& filter) {
  const std::int64_t limit = clamp_limit(filter.limit);
  if (filter.state) {
    return query_all<Job>(
        db, "SELECT " JOB_COLUMNS " FROM jobs WHERE state = ? ORDER BY id DESC LIMIT ?",
        [&](Statement& s) { s.bind(store::to_string(*filter.state)).bind(limit); }, read_job);
  }
  return query_all<Job>(
      db, "SELECT " JOB_COLUMNS " FROM jobs ORDER BY id DESC LIMIT ?", [&](Statement& s) { s.bind(limit); },
      read_job);
}

Result<bool> requeue(Connection& db, Id id, TimePoint now) {
  return write_transaction(
             db,
             [&] {
               return execute(
                   db,
                   "UPDATE jobs SET state = 'queued', attempts = 0, run_at = ?1, lease_until = NULL, "
                   "lease_owner = '', updated_at = ?1 WHERE id = ?2 AND state = 'dead'",
                   [&](Statement& s) { s.bind(now).bind(id); });
             })
      .map([](std::int64_t changed) { return changed > 0; });
}

Result<std::int64_t> requeue_dead(Connection& db, TimePoint now) {
  return write_transaction(db, [&] {
    return execute(db,
                   "UPDATE jobs SET state = 'queued', attempts = 0, run_at = ?1, lease_until = NULL, "
                   "lease_owner = '', updated_at = ?1 WHERE state = 'dead'",
                   [&](Statement& s) { s.bind(now); });
  });
}

Result<store::QueueCounts> counts(Connection& db, TimePoint now) {
  auto row = query_one<store::QueueCounts>(
      db,
      "SELECT (SELECT COUNT(*) FROM jobs WHERE state = 'queued'), "
      "(SELECT COUNT(*) FROM jobs WHERE state = 'queued' AND run_at <= ?1) + "
      "(SELECT COUNT(*) FROM jobs WHERE state = 'running' AND lease_until < ?1), "
      "(SELECT COUNT(*) FROM jobs WHERE state = 'running'), (SELECT COUNT(*) FROM jobs WHERE state = "
      "'done'), "
      "(SELECT COUNT(*) FROM jobs WHERE state = 'dead')",
      [&](Statement& s) { s.bind(now); },
      [](const Statement& r) {
        return store::QueueCounts{r.integer(0), r.integer(1), r.integer(2), r.integer(3), r.integer(4)};
      });
  return row.map(
      [](const std::optional<store::QueueCounts>& counts) { return counts.value_or(store::QueueCounts{}); });
}

} // namespace steward::sqlite::jobs

// The job queue's hot path: enqueue, claim, heartbeat, complete, fail. Each is
// one prepared statement, its own transaction: one round trip (enqueue adds a
// lookup when the idempotency key is taken).
#include <algorithm>
#include <tuple>

#include <pqxx/binarystring>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction_base>

#include "adapters/postgres/operations.hpp"
#include "adapters/postgres/sql.hpp"

namespace steward::postgres {
namespace {

constexpr const char* k_enqueue = R"sql(
  INSERT INTO jobs (kind, payload, idempotency_key, state, max_attempts, run_at, created_at, updated_at)
  VALUES ($1, $2, NULLIF($3, ''::bytea), 'queued', $4, $5, $6, $6)
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id)sql";

constexpr const char* k_enqueued_id = "SELECT id FROM jobs WHERE idempotency_key = $1";

// $1 now, $2 max, $3 owner, $4 lease. Expired leases with no attempts left
// are dead-lettered; due jobs (queued, or running with an expired lease and
// attempts left) are claimed, oldest run_at first. SKIP LOCKED: concurrent
// claimers never wait for each other and never get the same row. The two
// kinds of due job are read separately so that each is an ordered scan of
// its partial index; rows locked but not among the first $2 are released at
// commit.
constexpr const char* k_claim = R"sql(
  WITH expired AS (
    SELECT id FROM jobs
    WHERE state = 'running' AND lease_until < $1 AND attempts >= max_attempts
    FOR UPDATE SKIP LOCKED
  ), dead AS (
    UPDATE jobs SET state = 'dead', lease_until = NULL, updated_at = $1,
      last_error = 'lease expired with no attempts left'::bytea
    FROM expired WHERE jobs.id = expired.id
  ), queued AS (
    SELECT id, run_at FROM jobs
    WHERE state = 'queued' AND run_at <= $1
    ORDER BY run_at, id LIMIT $2
    FOR UPDATE SKIP LOCKED
  ), lapsed AS (
    SELECT id, run_at FROM jobs
    WHERE state = 'running' AND lease_until < $1 AND attempts < max_attempts
    ORDER BY run_at, id LIMIT $2
    FOR UPDATE SKIP LOCKED
  ), due AS (
    SELECT id FROM (SELECT * FROM queued UNION ALL SELECT * FROM lapsed) candidates
    ORDER BY run_at, id LIMIT $2
  )
  UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, lease_owner = $3,
    lease_until = $1::bigint + $4::bigint, updated_at = $1
  FROM due WHERE j.id = due.id
  RETURNING j.*)sql";

// The lease holds: $1 id, $2 owner, $3 attempt.
#define STEWARD_LEASE_HOLDS "id = $1 AND state = 'running' AND lease_owner = $2 AND attempts = $3"

constexpr const char* k_heartbeat =
    "UPDATE jobs SET lease_until = $4::bigint + $5::bigint, updated_at = $4 WHERE " STEWARD_LEASE_HOLDS;

constexpr const char* k_complete =
    "UPDATE jobs SET state = 'done', lease_until = NULL, updated_at = $4 WHERE " STEWARD_LEASE_HOLDS;

// $4 error, $5 retry_at, $6 now.
constexpr const char* k_fail = R"sql(
  UPDATE jobs SET
    state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
    run_at = CASE WHEN attempts >= max_attempts THEN run_at ELSE $5 END,
    lease_owner = CASE WHEN attempts >= max_attempts THEN lease_owner ELSE ''::bytea END,
    lease_until = NULL, last_error = $4, updated_at = $6
  WHERE )sql" STEWARD_LEASE_HOLDS " RETURNING state";

#undef STEWARD_LEASE_HOLDS

} // namespace

void prepare_job_statements(pqxx::connection_base& connection) {
  connection.prepare("enqueue", k_enqueue);
  connection.prepare("enqueued_id", k_enqueued_id);
  connection.prepare("claim", k_claim);
  connection.prepare("heartbeat", k_heartbeat);
  connection.prepare("complete", k_complete);
  connection.prepare("fail", k_fail);
}

Result<store::Enqueued> enqueue(Pool& pool, const store::NewJob& job, TimePoint now) {
  return pool.run("enqueue", [&](pqxx::connection_base& connection) -> Result<store::Enqueued> {
    const pqxx::result inserted = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_prepared("enqueue", bytes(job.kind), bytes(job.payload), bytes(job.idempotency_key),
                              job.max_attempts, ms(job.run_at.value_or(now)), ms(now));
    });
    if (!inserted.empty()) {
      return store::Enqueued{inserted[0][0].as<Id>(), true};
    }
    // The key is taken, by a row that committed before the insert returned.
    pqxx::nontransaction read(connection);
    return store::Enqueued{read.exec_prepared1("enqueued_id", bytes(job.idempotency_key))[0].as<Id>(), false};
  });
}

Result<std::vector<store::Job>> claim(Pool& pool, std::string_view owner, int max, Millis lease,
                                      TimePoint now) {
  return pool.run("claim", [&](pqxx::connection_base& connection) -> Result<std::vector<store::Job>> {
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_prepared("claim", ms(now), std::max(max, 0), bytes(owner), ms(lease));
    });
    std::vector<store::Job> claimed;
    claimed.reserve(rows.size());
    for (const pqxx::row& row : rows) {
      claimed.push_back(job_from(row));
    }
    std::sort(claimed.begin(), claimed.end(), [](const store::Job& a, const store::Job& b) {
      return std::tie(a.run_at, a.id) < std::tie(b.run_at, b.id);
    });
    return claimed;
  });
}

Result<bool> heartbeat(Pool& pool, const store::Lease& lease, Millis extend, TimePoint now) {
  return pool.run("heartbeat", [&](pqxx::connection_base& connection) -> Result<bool> {
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_prepared("heartbeat", lease.job_id, bytes(lease.owner), lease.attempt, ms(now),
                              ms(extend));
    });
    return rows.affected_rows() == 1;
  });
}

Result<bool> complete(Pool& pool, const store::Lease& lease, TimePoint now) {
  return pool.run("complete", [&](pqxx::connection_base& connection) -> Result<bool> {
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_prepared("complete", lease.job_id, bytes(lease.owner), lease.attempt, ms(now));
    });
    return rows.affected_rows() == 1;
  });
}

Result<store::FailOutcome> fail_job(Pool& pool, const store::Lease& lease, std::string_view error,
                                    TimePoint retry_at, TimePoint now) {
  return pool.run("fail", [&](pqxx::connection_base& connection) -> Result<store::FailOutcome> {
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_prepared("fail", lease.job_id, bytes(lease.owner), lease.attempt, bytes(error),
                              ms(retry_at), ms(now));
    });
    if (rows.empty()) { // nothing was written
      return fail("store", "job " + std::to_string(lease.job_id) + ": lease lost (attempt " +
                               std::to_string(lease.attempt) + " is no longer running for this owner)");
    }
    return view_of(rows[0][0]) == "dead" ? store::FailOutcome::dead : store::FailOutcome::retrying;
  });
}

store::Job job_from(const pqxx::row& row) {
  store::Job job;
  job.id = row["id"].as<Id>();
  job.kind = text_of(row["kind"]);
  job.payload = text_of(row["payload"]);
  job.idempotency_key = text_of(row["idempotency_key"]);
  job.state = enum_of(view_of(row["state"]), &store::job_state_from, "job state");
  job.attempts = row["attempts"].as<int>();
  job.max_attempts = row["max_attempts"].as<int>();
  job.run_at = time_of(row["run_at"]);
  job.lease_until = optional_time(row["lease_until"]);
  job.lease_owner = text_of(row["lease_owner"]);
  job.last_error = text_of(row["last_error"]);
  job.created_at = time_of(row["created_at"]);
  job.updated_at = time_of(row["updated_at"]);
  return job;
}

} // namespace steward::postgres

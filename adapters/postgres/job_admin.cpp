// The job queue seen from the command line: listing, counting, requeueing.
#include <algorithm>

#include <pqxx/binarystring>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction_base>

#include "adapters/postgres/operations.hpp"
#include "adapters/postgres/sql.hpp"

namespace steward::postgres {

Result<std::optional<store::Job>> job(Pool& pool, Id id) {
  return pool.run("job", [&](pqxx::connection_base& connection) -> Result<std::optional<store::Job>> {
    pqxx::nontransaction read(connection);
    const pqxx::result rows = read.exec_params("SELECT * FROM jobs WHERE id = $1", id);
    if (rows.empty()) {
      return std::nullopt;
    }
    return job_from(rows[0]);
  });
}

Result<std::vector<store::Job>> jobs(Pool& pool, const store::JobFilter& filter) {
  const std::string state(filter.state ? store::to_string(*filter.state) : "");
  return pool.run("jobs", [&](pqxx::connection_base& connection) -> Result<std::vector<store::Job>> {
    pqxx::nontransaction read(connection);
    const pqxx::result rows = read.exec_params(R"sql(
      SELECT * FROM jobs WHERE $1::text = '' OR state = $1::text
      ORDER BY created_at DESC, id DESC LIMIT $2)sql",
                                               state, std::max<std::int64_t>(filter.limit, 0));
    std::vector<store::Job> found;
    found.reserve(rows.size());
    for (const pqxx::row& row : rows) {
      found.push_back(job_from(row));
    }
    return found;
  });
}

namespace {

constexpr const char* k_requeue = R"sql(
  UPDATE jobs SET state = 'queued', attempts = 0, run_at = $1, lease_until = NULL,
    lease_owner = ''::bytea, updated_at = $1
  WHERE state = 'dead')sql";

} // namespace

Result<bool> requeue(Pool& pool, Id id, TimePoint now) {
  return pool.run("requeue", [&](pqxx::connection_base& connection) -> Result<bool> {
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_params(std::string(k_requeue) + " AND id = $2", ms(now), id);
    });
    return rows.affected_rows() == 1;
  });
}

Result<std::int64_t> requeue_dead(Pool& pool, TimePoint now) {
  return pool.run("requeue_dead", [&](pqxx::connection_base& connection) -> Result<std::int64_t> {
    const pqxx::result rows = write_once(
        connection, [&](pqxx::transaction_base& tx) { return tx.exec_params(k_requeue, ms(now)); });
    return static_cast<std::int64_t>(rows.affected_rows());
  });
}

Result<store::QueueCounts> counts(Pool& pool, TimePoint now) {
  return pool.run("counts", [&](pqxx::connection_base& connection) -> Result<store::QueueCounts> {
    pqxx::nontransaction read(connection);
    const pqxx::row row = read.exec_params1(R"sql(
      SELECT
        count(*) FILTER (WHERE state = 'queued'),
        count(*) FILTER (WHERE (state = 'queued' AND run_at <= $1)
                            OR (state = 'running' AND lease_until < $1)),
        count(*) FILTER (WHERE state = 'running'),
        count(*) FILTER (WHERE state = 'done'),
        count(*) FILTER (WHERE state = 'dead')
      FROM jobs)sql",
                                            ms(now));
    store::QueueCounts totals;
    totals.queued = row[0].as<std::int64_t>();
    totals.due = row[1].as<std::int64_t>();
    totals.running = row[2].as<std::int64_t>();
    totals.done = row[3].as<std::int64_t>();
    totals.dead = row[4].as<std::int64_t>();
    return totals;
  });
}

} // namespace steward::postgres

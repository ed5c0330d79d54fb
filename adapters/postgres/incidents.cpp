// Incidents: opened once per fingerprint, counted while unresolved (once per
// dbt run), snoozed, alerted and resolved.
#include <algorithm>

#include <pqxx/binarystring>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction_base>

#include "adapters/postgres/operations.hpp"
#include "adapters/postgres/sql.hpp"

namespace steward::postgres {
namespace {

store::Incident incident_from(const pqxx::row& row) {
  store::Incident incident;
  incident.id = row["id"].as<Id>();
  incident.fingerprint = text_of(row["fingerprint"]);
  incident.title = text_of(row["title"]);
  incident.node = text_of(row["node"]);
  incident.details = text_of(row["details"]);
  incident.state = enum_of(view_of(row["state"]), &store::incident_state_from, "incident state");
  incident.occurrences = row["occurrences"].as<std::int64_t>();
  if (!row["message_id"].is_null()) {
    incident.message = store::MessageRef{text_of(row["message_platform"]), text_of(row["message_workspace"]),
                                         text_of(row["message_channel"]), text_of(row["message_id"])};
  }
  incident.created_at = time_of(row["created_at"]);
  incident.updated_at = time_of(row["updated_at"]);
  incident.last_run = text_of(row["last_run"]);
  incident.alerted_at = optional_time(row["alerted_at"]);
  incident.snoozed_until = optional_time(row["snoozed_until"]);
  incident.resolved_at = optional_time(row["resolved_at"]);
  return incident;
}

// Opens an incident or counts a repeat, in one statement: the partial unique
// index allows one unresolved incident per fingerprint. A repeat from the run
// the incident last counted ("same") keeps every column as it was. `xmax` is
// 0 only on a row this statement inserted (an ON CONFLICT update locks the
// row, leaving our transaction id there), which tells an opened incident from
// a repeat.
constexpr std::string_view k_record_incident = R"sql(
  INSERT INTO incidents (fingerprint, title, node, details, state, occurrences, last_run, created_at,
                         updated_at)
  VALUES ($1, $2, $3, $4, 'open', 1, $5, $6, $6)
  ON CONFLICT (fingerprint) WHERE state <> 'resolved' DO UPDATE SET
    occurrences = incidents.occurrences +
      CASE WHEN EXCLUDED.last_run <> ''::bytea AND incidents.last_run = EXCLUDED.last_run THEN 0 ELSE 1 END,
    title = CASE WHEN EXCLUDED.last_run <> ''::bytea AND incidents.last_run = EXCLUDED.last_run
                 THEN incidents.title ELSE EXCLUDED.title END,
    details = CASE WHEN EXCLUDED.last_run <> ''::bytea AND incidents.last_run = EXCLUDED.last_run
                   THEN incidents.details ELSE EXCLUDED.details END,
    updated_at = CASE WHEN EXCLUDED.last_run <> ''::bytea AND incidents.last_run = EXCLUDED.last_run
                      THEN incidents.updated_at ELSE EXCLUDED.updated_at END,
    last_run = EXCLUDED.last_run
  RETURNING *, (xmax = 0) AS inserted)sql";

/// Runs one UPDATE of an incident (`$1` is its id); true when it exists.
template <typename... Params>
Result<bool> update_incident(Pool& pool, std::string_view name, std::string_view sql,
                             const Params&... params) {
  return pool.run(name, [&](pqxx::connection_base& connection) -> Result<bool> {
    const pqxx::result rows = write_once(
        connection, [&](pqxx::transaction_base& tx) { return tx.exec_params(std::string(sql), params...); });
    return rows.affected_rows() == 1;
  });
}

} // namespace

Result<store::IncidentUpsert> record_incident(Pool& pool, const store::NewIncident& incident, TimePoint now) {
  return pool.run("record_incident", [&](pqxx::connection_base& connection) -> Result<store::IncidentUpsert> {
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_params(std::string(k_record_incident), bytes(incident.fingerprint),
                            bytes(incident.title), bytes(incident.node), bytes(incident.details),
                            bytes(incident.run), ms(now));
    });
    return store::IncidentUpsert{incident_from(rows.at(0)), rows.at(0)["inserted"].as<bool>()};
  });
}

Result<std::optional<store::Incident>> incident(Pool& pool, Id id) {
  return pool.run("incident",
                  [&](pqxx::connection_base& connection) -> Result<std::optional<store::Incident>> {
                    pqxx::nontransaction read(connection);
                    const pqxx::result rows = read.exec_params("SELECT * FROM incidents WHERE id = $1", id);
                    if (rows.empty()) {
                      return std::nullopt;
                    }
                    return incident_from(rows[0]);
                  });
}

Result<std::vector<store::Incident>> incidents(Pool& pool, std::optional<store::IncidentState> state,
                                               std::int64_t limit) {
  const std::string wanted(state ? store::to_string(*state) : "");
  return pool.run("incidents",
                  [&](pqxx::connection_base& connection) -> Result<std::vector<store::Incident>> {
                    pqxx::nontransaction read(connection);
                    const pqxx::result rows = read.exec_params(R"sql(
      SELECT * FROM incidents WHERE $1::text = '' OR state = $1::text
      ORDER BY created_at DESC, id DESC LIMIT $2)sql",
                                                               wanted, std::max<std::int64_t>(limit, 0));
                    std::vector<store::Incident> found;
                    found.reserve(rows.size());
                    for (const pqxx::row& row : rows) {
                      found.push_back(incident_from(row));
                    }
                    return found;
                  });
}

Result<std::optional<store::Incident>> unresolved_incident(Pool& pool, std::string_view fingerprint) {
  return pool.run("unresolved_incident",
                  [&](pqxx::connection_base& connection) -> Result<std::optional<store::Incident>> {
                    pqxx::nontransaction read(connection);
                    const pqxx::result rows = read.exec_params(
                        "SELECT * FROM incidents WHERE fingerprint = $1 AND state <> 'resolved'",
                        bytes(fingerprint));
                    if (rows.empty()) {
                      return std::nullopt;
                    }
                    return incident_from(rows[0]);
                  });
}

Result<bool> snooze_incident(Pool& pool, Id id, std::optional<TimePoint> until, TimePoint now) {
  const std::optional<std::int64_t> until_ms = until ? std::optional<std::int64_t>(ms(*until)) : std::nullopt;
  return update_incident(pool, "snooze_incident",
                         "UPDATE incidents SET snoozed_until = $2, updated_at = $3 WHERE id = $1", id,
                         until_ms, ms(now));
}

Result<bool> set_incident_state(Pool& pool, Id id, store::IncidentState state, TimePoint now) {
  // `resolved_at` moves only when the incident becomes resolved (or was
  // resolved before it had the column); leaving `resolved` keeps it.
  return update_incident(pool, "set_incident_state", R"sql(
      UPDATE incidents SET state = $2::text, updated_at = $3,
        resolved_at = CASE WHEN $2::text = 'resolved' AND (state <> 'resolved' OR resolved_at IS NULL)
                           THEN $3 ELSE resolved_at END
      WHERE id = $1)sql",
                         id, std::string(store::to_string(state)), ms(now));
}

Result<bool> set_incident_message(Pool& pool, Id id, const store::MessageRef& message, TimePoint now) {
  return update_incident(pool, "set_incident_message", R"sql(
      UPDATE incidents SET message_platform = $2, message_workspace = $3, message_channel = $4,
        message_id = $5, alerted_at = $6, updated_at = $6
      WHERE id = $1)sql",
                         id, bytes(message.platform), bytes(message.workspace), bytes(message.channel),
                         bytes(message.message), ms(now));
}

} // namespace steward::postgres

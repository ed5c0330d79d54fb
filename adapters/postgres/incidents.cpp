// Incidents: opened once per fingerprint, counted while unresolved.
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
  return incident;
}

} // namespace

Result<store::IncidentUpsert> record_incident(Pool& pool, const store::NewIncident& incident, TimePoint now) {
  return pool.run("record_incident", [&](pqxx::connection_base& connection) -> Result<store::IncidentUpsert> {
    // The partial unique index allows one unresolved incident per
    // fingerprint, so this one statement either opens it or counts a repeat.
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_params(R"sql(
      INSERT INTO incidents (fingerprint, title, node, details, state, occurrences, created_at, updated_at)
      VALUES ($1, $2, $3, $4, 'open', 1, $5, $5)
      ON CONFLICT (fingerprint) WHERE state <> 'resolved' DO UPDATE SET
        occurrences = incidents.occurrences + 1, title = EXCLUDED.title, details = EXCLUDED.details,
        updated_at = EXCLUDED.updated_at
      RETURNING *)sql",
                            bytes(incident.fingerprint), bytes(incident.title), bytes(incident.node),
                            bytes(incident.details), ms(now));
    });
    store::IncidentUpsert upsert{incident_from(rows.at(0)), false};
    upsert.created = upsert.incident.occurrences == 1; // a repeat has counted at least 2
    return upsert;
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

Result<bool> set_incident_state(Pool& pool, Id id, store::IncidentState state, TimePoint now) {
  return pool.run("set_incident_state", [&](pqxx::connection_base& connection) -> Result<bool> {
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_params("UPDATE incidents SET state = $2, updated_at = $3 WHERE id = $1", id,
                            std::string(store::to_string(state)), ms(now));
    });
    return rows.affected_rows() == 1;
  });
}

Result<bool> set_incident_message(Pool& pool, Id id, const store::MessageRef& message, TimePoint now) {
  return pool.run("set_incident_message", [&](pqxx::connection_base& connection) -> Result<bool> {
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_params(R"sql(
      UPDATE incidents SET message_platform = $2, message_workspace = $3, message_channel = $4,
        message_id = $5, updated_at = $6
      WHERE id = $1)sql",
                            id, bytes(message.platform), bytes(message.workspace), bytes(message.channel),
                            bytes(message.message), ms(now));
    });
    return rows.affected_rows() == 1;
  });
}

} // namespace steward::postgres

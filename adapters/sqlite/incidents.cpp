// Incidents: opened once per fingerprint, counted while unresolved (once per
// dbt run), snoozed, alerted and resolved.
#include <string>

#include "adapters/sqlite/queries.hpp"
#include "adapters/sqlite/query.hpp"

namespace steward::sqlite {
namespace {

using store::Id;
using store::TimePoint;

#define INCIDENT_COLUMNS                                                                                     \
  "id, fingerprint, title, node, details, state, occurrences, message_platform, message_workspace, "         \
  "message_channel, message_id, created_at, updated_at, last_run, alerted_at, snoozed_until, resolved_at"

store::Incident read_incident(const Statement& row) {
  store::Incident incident;
  incident.id = row.integer(0);
  incident.fingerprint = row.text(1);
  incident.title = row.text(2);
  incident.node = row.text(3);
  incident.details = row.text(4);
  incident.state = store::incident_state_from(row.text(5)).value_or(store::IncidentState::open);
  incident.occurrences = row.integer(6);
  if (!row.is_null(10)) {
    incident.message = store::MessageRef{row.text(7), row.text(8), row.text(9), row.text(10)};
  }
  incident.created_at = row.time(11);
  incident.updated_at = row.time(12);
  incident.last_run = row.text(13);
  incident.alerted_at = row.optional_time(14);
  incident.snoozed_until = row.optional_time(15);
  incident.resolved_at = row.optional_time(16);
  return incident;
}

/// The newest unresolved incident with `fingerprint`, if any.
Result<std::optional<store::Incident>> find_unresolved(Connection& db, std::string_view fingerprint) {
  return query_one<store::Incident>(
      db,
      "SELECT " INCIDENT_COLUMNS " FROM incidents WHERE fingerprint = ? AND state <> 'resolved' "
      "ORDER BY id DESC LIMIT 1",
      [&](Statement& s) { s.bind(fingerprint); }, read_incident);
}

/// Counts one more occurrence of incident `id`, or opens a new incident when
/// `id` is none; returns the incident's id.
Result<Id> upsert_incident(Connection& db, std::optional<Id> id, const store::NewIncident& incident,
                           TimePoint now) {
  if (id) {
    return execute(
               db,
               "UPDATE incidents SET occurrences = occurrences + 1, title = ?, details = ?, last_run = ?, "
               "updated_at = ? WHERE id = ?",
               [&](Statement& s) {
                 s.bind(incident.title).bind(incident.details).bind(incident.run).bind(now).bind(*id);
               })
        .map([&](std::int64_t) { return *id; });
  }
  return execute(
             db,
             "INSERT INTO incidents (fingerprint, title, node, details, state, occurrences, last_run, "
             "created_at, updated_at) VALUES (?, ?, ?, ?, 'open', 1, ?, ?6, ?6)",
             [&](Statement& s) {
               s.bind(incident.fingerprint).bind(incident.title).bind(incident.node).bind(incident.details);
               s.bind(incident.run).bind(now);
             })
      .map([&](std::int64_t) { return db.last_insert_id(); });
}

/// Runs one UPDATE of incident `id` in a transaction; true when it exists.
template <typename Bind>
Result<bool> update_incident(Connection& db, std::string_view sql, Bind&& bind) {
  return write_transaction(db, [&] { return execute(db, sql, std::forward<Bind>(bind)); })
      .map([](std::int64_t changed) { return changed > 0; });
}

} // namespace

namespace incidents {

Result<store::IncidentUpsert> record_incident(Connection& db, const store::NewIncident& incident,
                                              TimePoint now) {
  return write_transaction(db, [&]() -> Result<store::IncidentUpsert> {
    auto open = find_unresolved(db, incident.fingerprint);
    if (!open) {
      return tl::unexpected(open.error());
    }
    if (*open && !incident.run.empty() && (*open)->last_run == incident.run) {
      return store::IncidentUpsert{std::move(**open), false}; // a redelivered run
    }
    auto id = upsert_incident(db, *open ? std::optional<Id>((*open)->id) : std::nullopt, incident, now);
    if (!id) {
      return tl::unexpected(id.error());
    }
    auto stored = incidents::incident(db, *id);
    if (!stored || !*stored) {
      return stored ? fail("store", "incident " + std::to_string(*id) + " vanished")
                    : tl::unexpected(stored.error());
    }
    return store::IncidentUpsert{std::move(**stored), !open->has_value()};
  });
}

Result<std::optional<store::Incident>> incident(Connection& db, Id id) {
  return query_one<store::Incident>(
      db, "SELECT " INCIDENT_COLUMNS " FROM incidents WHERE id = ?", [&](Statement& s) { s.bind(id); },
      read_incident);
}

Result<std::optional<store::Incident>> unresolved(Connection& db, std::string_view fingerprint) {
  return find_unresolved(db, fingerprint);
}

Result<std::vector<store::Incident>> list(Connection& db, std::optional<store::IncidentState> state,
                                          std::int64_t limit) {
  if (state) {
    return query_all<store::Incident>(
        db, "SELECT " INCIDENT_COLUMNS " FROM incidents WHERE state = ? ORDER BY id DESC LIMIT ?",
        [&](Statement& s) { s.bind(store::to_string(*state)).bind(clamp_limit(limit)); }, read_incident);
  }
  return query_all<store::Incident>(
      db, "SELECT " INCIDENT_COLUMNS " FROM incidents ORDER BY id DESC LIMIT ?",
      [&](Statement& s) { s.bind(clamp_limit(limit)); }, read_incident);
}

Result<bool> snooze(Connection& db, Id id, std::optional<TimePoint> until, TimePoint now) {
  const std::optional<std::int64_t> until_ms =
      until ? std::optional<std::int64_t>(until->time_since_epoch().count()) : std::nullopt;
  return update_incident(db, "UPDATE incidents SET snoozed_until = ?, updated_at = ? WHERE id = ?",
                         [&](Statement& s) { s.bind(until_ms).bind(now).bind(id); });
}

Result<bool> set_state(Connection& db, Id id, store::IncidentState state, TimePoint now) {
  // `resolved_at` moves only when the incident becomes resolved (or was
  // resolved before it had the column); leaving `resolved` keeps it.
  return update_incident(db,
                         "UPDATE incidents SET state = ?1, updated_at = ?2, resolved_at = CASE "
                         "WHEN ?1 = 'resolved' AND (state <> 'resolved' OR resolved_at IS NULL) THEN ?2 "
                         "ELSE resolved_at END WHERE id = ?3",
                         [&](Statement& s) { s.bind(store::to_string(state)).bind(now).bind(id); });
}

Result<bool> set_message(Connection& db, Id id, const store::MessageRef& message, TimePoint now) {
  return update_incident(db,
                         "UPDATE incidents SET message_platform = ?, message_workspace = ?, "
                         "message_channel = ?, message_id = ?, alerted_at = ?5, updated_at = ?5 WHERE id = ?",
                         [&](Statement& s) {
                           s.bind(message.platform).bind(message.workspace).bind(message.channel);
                           s.bind(message.message).bind(now).bind(id);
                         });
}

} // namespace incidents
} // namespace steward::sqlite

// Incidents, the fix proposals made for them and the decisions on those.
#include <string>

#include "adapters/sqlite/queries.hpp"
#include "adapters/sqlite/query.hpp"

namespace steward::sqlite {
namespace {

using store::Id;
using store::TimePoint;

#define INCIDENT_COLUMNS                                                                                     \
  "id, fingerprint, title, node, details, state, occurrences, message_platform, message_workspace, "         \
  "message_channel, message_id, created_at, updated_at"

#define PROPOSAL_COLUMNS                                                                                     \
  "id, incident_id, title, diff, dry_run, author, state, branch, pull_request, created_at, updated_at"

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
  return incident;
}

store::Proposal read_proposal(const Statement& row) {
  store::Proposal proposal;
  proposal.id = row.integer(0);
  if (!row.is_null(1)) {
    proposal.incident = row.integer(1);
  }
  proposal.title = row.text(2);
  proposal.diff = row.text(3);
  proposal.dry_run = row.text(4);
  proposal.author = row.text(5);
  proposal.state = store::proposal_state_from(row.text(6)).value_or(store::ProposalState::failed);
  proposal.branch = row.text(7);
  proposal.pull_request = row.text(8);
  proposal.created_at = row.time(9);
  proposal.updated_at = row.time(10);
  return proposal;
}

store::Approval read_approval(const Statement& row) {
  return store::Approval{row.integer(0), row.text(1), row.integer(2) != 0, row.text(3), row.time(4)};
}

Id read_id(const Statement& row) {
  return row.integer(0);
}

/// Counts one more occurrence of incident `id`, or opens a new incident when
/// `id` is none; returns the incident's id.
Result<Id> upsert_incident(Connection& db, std::optional<Id> id, const store::NewIncident& incident,
                           TimePoint now) {
  if (id) {
    return execute(
               db,
               "UPDATE incidents SET occurrences = occurrences + 1, title = ?, details = ?, updated_at = ? "
               "WHERE id = ?",
               [&](Statement& s) { s.bind(incident.title).bind(incident.details).bind(now).bind(*id); })
        .map([&](std::int64_t) { return *id; });
  }
  return execute(
             db,
             "INSERT INTO incidents (fingerprint, title, node, details, state, occurrences, created_at, "
             "updated_at) VALUES (?, ?, ?, ?, 'open', 1, ?5, ?5)",
             [&](Statement& s) {
               s.bind(incident.fingerprint).bind(incident.title).bind(incident.node).bind(incident.details);
               s.bind(now);
             })
      .map([&](std::int64_t) { return db.last_insert_id(); });
}

} // namespace

namespace incidents {

Result<store::IncidentUpsert> record_incident(Connection& db, const store::NewIncident& incident,
                                              TimePoint now) {
  return write_transaction(db, [&]() -> Result<store::IncidentUpsert> {
    auto open = query_one<Id>(
        db, "SELECT id FROM incidents WHERE fingerprint = ? AND state <> 'resolved' ORDER BY id DESC LIMIT 1",
        [&](Statement& s) { s.bind(incident.fingerprint); }, read_id);
    if (!open) {
      return tl::unexpected(open.error());
    }
    auto id = upsert_incident(db, *open, incident, now);
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

Result<bool> set_state(Connection& db, Id id, store::IncidentState state, TimePoint now) {
  return write_transaction(db,
                           [&] {
                             return execute(
                                 db, "UPDATE incidents SET state = ?, updated_at = ? WHERE id = ?",
                                 [&](Statement& s) { s.bind(store::to_string(state)).bind(now).bind(id); });
                           })
      .map([](std::int64_t changed) { return changed > 0; });
}

Result<bool> set_message(Connection& db, Id id, const store::MessageRef& message, TimePoint now) {
  return write_transaction(
             db,
             [&] {
               return execute(
                   db,
                   "UPDATE incidents SET message_platform = ?, message_workspace = ?, message_channel = ?, "
                   "message_id = ?, updated_at = ? WHERE id = ?",
                   [&](Statement& s) {
                     s.bind(message.platform)
                         .bind(message.workspace)
                         .bind(message.channel)
                         .bind(message.message);
                     s.bind(now).bind(id);
                   });
             })
      .map([](std::int64_t changed) { return changed > 0; });
}

} // namespace incidents

namespace proposals {

Result<Id> add_proposal(Connection& db, const store::NewProposal& proposal, TimePoint now) {
  return write_transaction(db, [&]() -> Result<Id> {
    auto inserted =
        execute(db,
                "INSERT INTO proposals (incident_id, title, diff, dry_run, author, state, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, 'proposed', ?6, ?6)",
                [&](Statement& s) {
                  s.bind(proposal.incident).bind(proposal.title).bind(proposal.diff);
                  s.bind(proposal.dry_run).bind(proposal.author).bind(now);
                });
    if (!inserted) {
      return tl::unexpected(
          missing_or(inserted.error(), "incident " + std::to_string(proposal.incident.value_or(0))));
    }
    return db.last_insert_id();
  });
}

Result<std::optional<store::Proposal>> proposal(Connection& db, Id id) {
  return query_one<store::Proposal>(
      db, "SELECT " PROPOSAL_COLUMNS " FROM proposals WHERE id = ?", [&](Statement& s) { s.bind(id); },
      read_proposal);
}

Result<std::vector<store::Proposal>> proposals_for(Connection& db, Id incident) {
  return query_all<store::Proposal>(
      db, "SELECT " PROPOSAL_COLUMNS " FROM proposals WHERE incident_id = ? ORDER BY id",
      [&](Statement& s) { s.bind(incident); }, read_proposal);
}

Result<bool> decide(Connection& db, const store::Approval& approval) {
  const store::ProposalState outcome =
      approval.approved ? store::ProposalState::approved : store::ProposalState::rejected;
  return write_transaction(db, [&]() -> Result<bool> {
    auto moved = execute(
        db, "UPDATE proposals SET state = ?, updated_at = ? WHERE id = ? AND state = 'proposed'",
        [&](Statement& s) { s.bind(store::to_string(outcome)).bind(approval.at).bind(approval.proposal); });
    if (!moved || *moved == 0) {
      return moved.map([](std::int64_t) { return false; });
    }
    return execute(
               db,
               "INSERT INTO approvals (proposal_id, user_id, approved, comment, at) VALUES (?, ?, ?, ?, ?)",
               [&](Statement& s) {
                 s.bind(approval.proposal).bind(approval.user).bind(std::int64_t{approval.approved ? 1 : 0});
                 s.bind(approval.comment).bind(approval.at);
               })
        .map([](std::int64_t) { return true; });
  });
}

Result<std::vector<store::Approval>> approvals(Connection& db, Id proposal) {
  return query_all<store::Approval>(
      db,
      "SELECT proposal_id, user_id, approved, comment, at FROM approvals WHERE proposal_id = ? ORDER BY id",
      [&](Statement& s) { s.bind(proposal); }, read_approval);
}

Result<bool> mark_applied(Connection& db, Id proposal, store::ProposalState state, std::string_view branch,
                          std::string_view pull_request, TimePoint now) {
  if (state != store::ProposalState::applied && state != store::ProposalState::failed) {
    return fail("store", "proposal " + std::to_string(proposal) +
                             ": an applied proposal's state must be applied "
                             "or failed, not " +
                             std::string(store::to_string(state)));
  }
  return write_transaction(
             db,
             [&] {
               return execute(
                   db,
                   "UPDATE proposals SET state = ?, branch = ?, pull_request = ?, updated_at = ? "
                   "WHERE id = ? AND state = 'approved'",
                   [&](Statement& s) {
                     s.bind(store::to_string(state)).bind(branch).bind(pull_request).bind(now).bind(proposal);
                   });
             })
      .map([](std::int64_t changed) { return changed > 0; });
}

} // namespace proposals
} // namespace steward::sqlite

// Fix proposals and the decisions on them.
#include <string>

#include "adapters/sqlite/queries.hpp"
#include "adapters/sqlite/query.hpp"

namespace steward::sqlite {
namespace {

using store::Id;
using store::TimePoint;

#define PROPOSAL_COLUMNS                                                                                     \
  "id, incident_id, title, diff, dry_run, author, state, branch, pull_request, created_at, updated_at"

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

} // namespace

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

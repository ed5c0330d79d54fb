// Fix proposals and the decisions on them.
#include <pqxx/binarystring>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction_base>

#include "adapters/postgres/operations.hpp"
#include "adapters/postgres/sql.hpp"

namespace steward::postgres {
namespace {

store::Proposal proposal_from(const pqxx::row& row) {
  store::Proposal proposal;
  proposal.id = row["id"].as<Id>();
  if (!row["incident_id"].is_null()) {
    proposal.incident = row["incident_id"].as<Id>();
  }
  proposal.title = text_of(row["title"]);
  proposal.diff = text_of(row["diff"]);
  proposal.dry_run = text_of(row["dry_run"]);
  proposal.author = text_of(row["author"]);
  proposal.state = enum_of(view_of(row["state"]), &store::proposal_state_from, "proposal state");
  proposal.branch = text_of(row["branch"]);
  proposal.pull_request = text_of(row["pull_request"]);
  proposal.created_at = time_of(row["created_at"]);
  proposal.updated_at = time_of(row["updated_at"]);
  return proposal;
}

} // namespace

Result<Id> add_proposal(Pool& pool, const store::NewProposal& proposal, TimePoint now) {
  return pool.run("add_proposal", [&](pqxx::connection_base& connection) -> Result<Id> {
    // $1 is text so that an absent incident can be passed as "" (NULL).
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_params(R"sql(
      INSERT INTO proposals (incident_id, title, diff, dry_run, author, state, created_at, updated_at)
      VALUES (NULLIF($1::text, '')::bigint, $2, $3, $4, $5, 'proposed', $6, $6)
      RETURNING id)sql",
                            proposal.incident ? std::to_string(*proposal.incident) : "",
                            bytes(proposal.title), bytes(proposal.diff), bytes(proposal.dry_run),
                            bytes(proposal.author), ms(now));
    });
    return rows.at(0).at(0).as<Id>();
  });
}

Result<std::optional<store::Proposal>> proposal(Pool& pool, Id id) {
  return pool.run("proposal",
                  [&](pqxx::connection_base& connection) -> Result<std::optional<store::Proposal>> {
                    pqxx::nontransaction read(connection);
                    const pqxx::result rows = read.exec_params("SELECT * FROM proposals WHERE id = $1", id);
                    if (rows.empty()) {
                      return std::nullopt;
                    }
                    return proposal_from(rows[0]);
                  });
}

Result<std::vector<store::Proposal>> proposals_for(Pool& pool, Id incident) {
  return pool.run(
      "proposals_for", [&](pqxx::connection_base& connection) -> Result<std::vector<store::Proposal>> {
        pqxx::nontransaction read(connection);
        const pqxx::result rows =
            read.exec_params("SELECT * FROM proposals WHERE incident_id = $1 ORDER BY id", incident);
        std::vector<store::Proposal> found;
        found.reserve(rows.size());
        for (const pqxx::row& row : rows) {
          found.push_back(proposal_from(row));
        }
        return found;
      });
}

Result<bool> decide(Pool& pool, const store::Approval& approval) {
  return pool.run("decide", [&](pqxx::connection_base& connection) -> Result<bool> {
    const auto state = approval.approved ? store::ProposalState::approved : store::ProposalState::rejected;
    // One statement: only the first decision moves the proposal, and the
    // approval is recorded only with the move.
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_params(R"sql(
        WITH moved AS (
          UPDATE proposals SET state = $2, updated_at = $6 WHERE id = $1 AND state = 'proposed'
          RETURNING id)
        INSERT INTO approvals (proposal_id, user_id, approved, comment, at)
        SELECT id, $3, $4, $5, $6 FROM moved
        RETURNING id)sql",
                            approval.proposal, std::string(store::to_string(state)), bytes(approval.user),
                            approval.approved, bytes(approval.comment), ms(approval.at));
    });
    return !rows.empty();
  });
}

Result<std::vector<store::Approval>> approvals(Pool& pool, Id proposal) {
  return pool.run(
      "approvals", [&](pqxx::connection_base& connection) -> Result<std::vector<store::Approval>> {
        pqxx::nontransaction read(connection);
        const pqxx::result rows =
            read.exec_params("SELECT * FROM approvals WHERE proposal_id = $1 ORDER BY id", proposal);
        std::vector<store::Approval> found;
        found.reserve(rows.size());
        for (const pqxx::row& row : rows) {
          store::Approval approval;
          approval.proposal = row["proposal_id"].as<Id>();
          approval.user = text_of(row["user_id"]);
          approval.approved = row["approved"].as<bool>();
          approval.comment = text_of(row["comment"]);
          approval.at = time_of(row["at"]);
          found.push_back(std::move(approval));
        }
        return found;
      });
}

Result<bool> mark_applied(Pool& pool, Id proposal, store::ProposalState state, std::string_view branch,
                          std::string_view pull_request, TimePoint now) {
  if (state != store::ProposalState::applied && state != store::ProposalState::failed) {
    return fail("store",
                "mark_applied: state must be applied or failed, not " + std::string(store::to_string(state)));
  }
  return pool.run("mark_applied", [&](pqxx::connection_base& connection) -> Result<bool> {
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_params(R"sql(
      UPDATE proposals SET state = $2, branch = $3, pull_request = $4, updated_at = $5
      WHERE id = $1 AND state = 'approved')sql",
                            proposal, std::string(store::to_string(state)), bytes(branch),
                            bytes(pull_request), ms(now));
    });
    return rows.affected_rows() == 1;
  });
}

} // namespace steward::postgres

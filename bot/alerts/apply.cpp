// Apply: an approver's click commits the approved option on a branch, pushes
// it, opens a pull request, and says so on the alert. Once per proposal.
#include <charconv>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "bot/alerts/worker.hpp"
#include "bot/jobs/clock.hpp"
#include "bot/slack/replies.hpp"
#include "core/fix/fixers.hpp"

namespace steward::bot {

namespace fs = std::filesystem;

namespace {

Result<void> tell(const AlertClick& click, AlertDeps& deps, std::string text) {
  return deps.chat.post_ephemeral(click.where, click.user, notice(std::move(text)));
}

std::optional<store::Id> proposal_id(std::string_view value) {
  const std::size_t colon = value.find(':');
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  value = value.substr(colon + 1);
  store::Id id = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
  return ec == std::errc() && end == value.data() + value.size() && id > 0 ? std::optional(id) : std::nullopt;
}

bool listed(const std::vector<std::string>& users, const std::string& user) {
  return std::find(users.begin(), users.end(), user) != users.end();
}

/// `alerts.approvers` (user ids, user groups, `owners`), else `access.approvers` and admins.
bool may_apply(const AlertClick& click, const alerts::Alert& alert, AlertDeps& deps) {
  if (click.is_bot || click.is_restricted) {
    return false;
  }
  if (deps.approvers.empty()) {
    return listed(deps.policy.approvers, click.user) || listed(deps.policy.admins, click.user);
  }
  for (const std::string& who : deps.approvers) {
    if (who == "owners") {
      for (const std::string& owner : alert.route.owners) {
        if (deps.people.includes(owner, click.user)) {
          return true;
        }
      }
    } else if (deps.people.includes(who, click.user)) {
      return true;
    }
  }
  return false;
}

/// The option that is the approved proposal, re-derived from the current files.
Result<fix::FixOption> approved_option(const store::Proposal& proposal, const alerts::Alert& alert,
                                       AlertDeps& deps) {
  if (proposal.author.starts_with("llm:")) {
    return model_fix_option(proposal, deps);
  }
  const auto snapshot = deps.knowledge.current();
  if (!snapshot) {
    return fail("project", "not loaded");
  }
  for (fix::FixOption& option :
       fix::propose_fixes(snapshot->project, failure_facts(alert), project_files(deps.fixes.project_root))) {
    if (option.diff == proposal.diff && option.title == proposal.title) {
      return std::move(option);
    }
  }
  return fail("fix", "the project's files changed since this fix was proposed; press Propose fix again");
}

std::string branch_name(store::Id incident, const std::string& option) {
  return "steward/fix-" + std::to_string(incident) + "-" + option;
}

std::string pull_request_body(const alerts::Alert& alert, const fix::FixOption& option,
                              const store::Proposal& proposal, const AlertClick& click) {
  std::string body = "Proposed by Steward for the failing `" + alert.failure.name + "` (" +
                     alert.failure.outcome.status + ": " + alert.failure.outcome.message +
                     ") and approved by " + click.user + " in Slack (channel " + click.where.channel +
                     ", alert " + click.where.thread + ").\n\n## What it changes\n\n" + option.what +
                     "\n\n**Risk:** " + std::string(fix::to_string(option.risk)) + "\n\n";
  for (const std::string& pro : option.pros) {
    body += "- ✅ " + pro + "\n";
  }
  for (const std::string& con : option.cons) {
    body += "- ⚠️ " + con + "\n";
  }
  body += "\n## Evidence\n\n";
  if (!alert.impact.empty()) {
    body += "- Downstream: " + alert.impact + "\n";
  }
  if (!alert.sample.empty()) {
    body += "- Failing rows (PII masked):\n\n```\n" + alert.sample + "\n```\n";
  }
  body += "\n## Dry run\n\n" + proposal.dry_run + "\n\n## Diff\n\n```diff\n" + option.diff + "```\n";
  return body;
}

BranchChange branch_change(const store::Incident& incident, const alerts::Alert& alert,
                           const fix::FixOption& option, const store::Proposal& proposal,
                           const AlertClick& click) {
  BranchChange change;
  change.branch = branch_name(incident.id, option.id);
  change.message = "fix(" + alert.failure.model_name + "): " + option.title + "\n\n" + option.what +
                   "\n\nSteward incident " + std::to_string(incident.id) + ", approved by " + click.user +
                   ".";
  for (const fix::FileEdit& edit : option.edits) {
    change.files.push_back({edit.path, edit.after});
  }
  change.title = "Fix " + alert.failure.name + ": " + option.title;
  change.body = pull_request_body(alert, option, proposal, click);
  change.user = click.user;
  change.audit = {{"incident", incident.id}, {"proposal", proposal.id}};
  return change;
}

} // namespace

Result<void> apply(const AlertClick& click, const store::Incident& incident, AlertDeps& deps) {
  const auto id = proposal_id(click.value);
  auto proposal = id ? deps.store.proposal(*id) : Result<std::optional<store::Proposal>>(std::nullopt);
  if (!proposal) {
    return tl::unexpected(proposal.error());
  }
  if (!*proposal || (*proposal)->incident != incident.id) {
    return tell(click, deps, "I can't find that fix any more.");
  }
  auto alert = alerts::alert_from_details(incident.details);
  if (!alert) {
    return tl::unexpected(alert.error());
  }
  if (!may_apply(click, *alert, deps)) {
    return tell(click, deps, "Sorry: only approvers can apply fixes.");
  }
  if (deps.repository == nullptr) {
    return tell(click, deps, "I can't apply fixes: no git repository is configured (git.repository).");
  }
  auto decided = deps.store.decide({(*proposal)->id, click.user, true, "", wall_now()});
  if (!decided) {
    return tl::unexpected(decided.error());
  }
  if (!*decided) {
    // Already decided: a double click, or a retry of this job after a failure midway.
    auto approvals = deps.store.approvals((*proposal)->id);
    const bool ours = approvals && !approvals->empty() && approvals->front().user == click.user &&
                      (*proposal)->state == store::ProposalState::approved;
    if (!ours) {
      return tell(click, deps,
                  "This fix was " + std::string(store::to_string((*proposal)->state)) + " already.");
    }
  }
  const chat::Destination where{click.where.workspace, click.where.channel,
                                incident.message ? incident.message->message : click.where.thread};
  auto option = approved_option(**proposal, *alert, deps);
  Result<Delivered> applied =
      option ? commit_and_open(branch_change(incident, *alert, *option, **proposal, click), deps)
             : Result<Delivered>(tl::unexpected(option.error()));
  if (!applied) {
    (void)deps.store.mark_applied((*proposal)->id, store::ProposalState::failed, "", "", wall_now());
    (void)deps.store.append_audit({0, click.user, "fix.failed", "proposal " + std::to_string((*proposal)->id),
                                   nlohmann::json{{"error", applied.error().to_string()}}.dump(),
                                   wall_now()});
    auto told = deps.chat.post(
        where, notice("❌ Applying \"" + (*proposal)->title + "\" failed: " + applied.error().to_string()));
    return told ? Result<void>{} : tl::unexpected(told.error());
  }
  if (auto marked = deps.store.mark_applied((*proposal)->id, store::ProposalState::applied, applied->branch,
                                            applied->pull_request, wall_now());
      !marked) {
    return tl::unexpected(marked.error());
  }
  const std::string where_to = applied->where();
  if (auto noted = add_alert_note(incident.id, "Approved by <@" + click.user + "> · " + where_to, deps);
      !noted) {
    return noted;
  }
  if (auto redrawn = redraw_alert(incident.id, deps); !redrawn) {
    return redrawn;
  }
  auto told = deps.chat.post(
      where,
      notice("✅ <@" + click.user + "> approved \"" + (*proposal)->title + "\": committed on `" +
             applied->branch + "`" +
             (applied->pull_request.empty() ? "." : "; review " + where_to + ": " + applied->pull_request)));
  return told ? Result<void>{} : tl::unexpected(told.error());
}

} // namespace steward::bot

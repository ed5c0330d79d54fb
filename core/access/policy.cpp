#include "core/access/policy.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace steward::access {
namespace {

constexpr std::array<std::pair<std::string_view, Requirement>, 20> k_requirements{{
    {"steward.feedback", Requirement::anyone},
    {"steward.feedback_comment", Requirement::anyone},
    {"steward.describe", Requirement::anyone},
    {"steward.upstream", Requirement::anyone},
    {"steward.downstream", Requirement::anyone},
    {"steward.impact", Requirement::anyone},
    {"steward.more", Requirement::anyone},
    {"steward.approve", Requirement::approver},
    {"steward.reject", Requirement::approver},
    {"steward.sql_run", Requirement::owner},
    {"steward.sql_cancel", Requirement::owner},
    {"steward.sql_stop", Requirement::owner},
    {"steward.reload", Requirement::admin},
    {"steward.mute", Requirement::admin},
    // Alerts: anyone may look into an incident; snoozing needs an owner of the
    // asset or an approver, applying a fix an alert approver (checked by
    // bot/alerts, which knows the asset's owners).
    {"steward.investigate", Requirement::anyone},
    {"steward.propose", Requirement::anyone},
    {"steward.snooze", Requirement::owner},
    {"steward.apply", Requirement::owner},
    // Data Vault: anyone may generate a drafted spec; a branch and pull
    // request (`datavault.delivery: git`) is for approvers.
    {"steward.datavault_generate", Requirement::anyone},
    {"steward.datavault_branch", Requirement::approver},
}};

bool listed(const std::vector<std::string>& users, std::string_view user) {
  return !user.empty() && std::find(users.begin(), users.end(), user) != users.end();
}

Decision refuse(std::string reason) {
  return Decision{false, std::move(reason)};
}

} // namespace

Requirement requirement_of(std::string_view action) {
  for (const auto& [name, requirement] : k_requirements) {
    if (name == action) {
      return requirement;
    }
  }
  return Requirement::nobody;
}

Decision may(const Policy& policy, std::string_view user, std::string_view action, bool is_bot,
             bool is_restricted) {
  if (is_bot) {
    return refuse("bots can't take actions");
  }
  bool admin = listed(policy.admins, user);
  bool approver = admin || listed(policy.approvers, user);
  switch (requirement_of(action)) {
  case Requirement::anyone: return Decision{true, {}};
  case Requirement::approver:
    if (is_restricted) {
      return refuse("guests can't approve or reject fixes");
    }
    return approver ? Decision{true, {}} : refuse("only approvers can approve or reject fixes");
  case Requirement::admin:
    if (is_restricted) {
      return refuse("guests can't reload the project or mute alerts");
    }
    return admin ? Decision{true, {}} : refuse("only admins can reload the project or mute alerts");
  case Requirement::owner:
    return Decision{true, {}}; // who asked is known to the action's handler: see may_act_for
  case Requirement::nobody: break;
  }
  return refuse("that action isn't recognised");
}

Decision may_act_for(const Policy& policy, std::string_view user, std::string_view owner, bool is_bot,
                     bool is_restricted) {
  if (is_bot) {
    return refuse("bots can't take actions");
  }
  if (!user.empty() && user == owner) {
    return Decision{true, {}};
  }
  const bool approver = listed(policy.admins, user) || listed(policy.approvers, user);
  if (approver && !is_restricted) {
    return Decision{true, {}};
  }
  return refuse("only the person who asked or an approver can run or cancel this query");
}

} // namespace steward::access

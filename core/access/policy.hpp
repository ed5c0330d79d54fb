#pragma once

// Who may take which action. Every button click, modal submission and
// approving command passes through `may` before anything happens.

#include <string>
#include <string_view>
#include <vector>

namespace steward::access {

/// What an action needs from the person taking it.
enum class Requirement {
  anyone,   ///< any human in the workspace (feedback, navigation buttons)
  approver, ///< a configured approver (approving or rejecting a fix)
  owner,    ///< the person who asked, or an approver (running a query held for approval)
  admin,    ///< a configured admin (reloading, muting alerts)
  nobody,   ///< unknown actions: refused
};

/// The access rules: which users are approvers and admins. Admins are also
/// approvers.
struct Policy {
  std::vector<std::string> approvers; ///< user ids (Slack `U…`, Teams AAD ids)
  std::vector<std::string> admins;
};

/// The requirement of action `action` (a `Button::action` such as
/// `steward.feedback`); unknown actions require `nobody`.
Requirement requirement_of(std::string_view action);

/// A decision with the reason shown to a refused user.
struct Decision {
  bool allowed = false;
  std::string reason; ///< empty when allowed; else e.g. "only approvers can approve fixes"
};

/// Decides whether `user` may take `action`. Admins count as approvers.
/// Bots (`is_bot`) are refused everything; guests (`is_restricted`) may take
/// `anyone` actions but never approver or admin ones, even when listed.
/// Unknown actions are refused for everyone.
Decision may(const Policy& policy, std::string_view user, std::string_view action, bool is_bot = false,
             bool is_restricted = false);

/// For `owner` actions: `user` may act when they are `owner` (the asker, even
/// a guest) or an approver who is not a guest. Bots are refused.
Decision may_act_for(const Policy& policy, std::string_view user, std::string_view owner, bool is_bot = false,
                     bool is_restricted = false);

} // namespace steward::access

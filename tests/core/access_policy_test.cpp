// Who may take which action.

#include <gtest/gtest.h>

#include "core/access/policy.hpp"

namespace steward::access {
namespace {

const Policy k_policy{{"UAPPROVER"}, {"UADMIN"}};

TEST(AccessPolicy, RequirementsByAction) {
  for (const char* action : {"steward.feedback", "steward.feedback_comment", "steward.describe",
                             "steward.upstream", "steward.downstream", "steward.impact", "steward.more"}) {
    EXPECT_EQ(requirement_of(action), Requirement::anyone) << action;
  }
  EXPECT_EQ(requirement_of("steward.approve"), Requirement::approver);
  EXPECT_EQ(requirement_of("steward.reject"), Requirement::approver);
  EXPECT_EQ(requirement_of("steward.reload"), Requirement::admin);
  EXPECT_EQ(requirement_of("steward.mute"), Requirement::admin);
  EXPECT_EQ(requirement_of("steward.delete_everything"), Requirement::nobody);
  EXPECT_EQ(requirement_of(""), Requirement::nobody);
  EXPECT_EQ(requirement_of("STEWARD.DESCRIBE"), Requirement::nobody) << "action names are exact";
}

TEST(AccessPolicy, AnyoneActionsAreOpenToEveryHumanIncludingGuests) {
  EXPECT_TRUE(may(k_policy, "USOMEONE", "steward.feedback").allowed);
  EXPECT_TRUE(may(k_policy, "UGUEST", "steward.upstream", false, true).allowed);
  EXPECT_TRUE(may(k_policy, "USOMEONE", "steward.describe").reason.empty());
}

TEST(AccessPolicy, ApprovalsNeedAnApproverOrAnAdmin) {
  EXPECT_TRUE(may(k_policy, "UAPPROVER", "steward.approve").allowed);
  EXPECT_TRUE(may(k_policy, "UADMIN", "steward.reject").allowed) << "admins count as approvers";
  Decision refused = may(k_policy, "USOMEONE", "steward.approve");
  EXPECT_FALSE(refused.allowed);
  EXPECT_NE(refused.reason.find("approvers"), std::string::npos) << refused.reason;
}

TEST(AccessPolicy, AdminActionsNeedAnAdmin) {
  EXPECT_TRUE(may(k_policy, "UADMIN", "steward.reload").allowed);
  EXPECT_FALSE(may(k_policy, "UAPPROVER", "steward.mute").allowed) << "approvers are not admins";
  EXPECT_NE(may(k_policy, "USOMEONE", "steward.reload").reason.find("admins"), std::string::npos);
}

TEST(AccessPolicy, BotsAreRefusedEverythingAndGuestsNeverApproveOrAdminister) {
  for (const char* action : {"steward.feedback", "steward.describe", "steward.approve", "steward.reload"}) {
    Decision decision = may(k_policy, "UADMIN", action, true);
    EXPECT_FALSE(decision.allowed) << action;
    EXPECT_FALSE(decision.reason.empty());
  }
  EXPECT_FALSE(may(k_policy, "UAPPROVER", "steward.approve", false, true).allowed)
      << "a guest stays a guest even when listed";
  EXPECT_FALSE(may(k_policy, "UADMIN", "steward.reload", false, true).allowed);
}

TEST(AccessPolicy, UnknownActionsAreRefusedEvenToAdmins) {
  Decision decision = may(k_policy, "UADMIN", "steward.unknown");
  EXPECT_FALSE(decision.allowed);
  EXPECT_FALSE(decision.reason.empty());
  EXPECT_FALSE(may(Policy{}, "", "steward.approve").allowed) << "an empty user id matches nobody";
}

} // namespace
} // namespace steward::access

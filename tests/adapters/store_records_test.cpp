// Store conformance, part 2: conversations, feedback, incidents and fixes,
// the audit log, embeddings and settings. Every test runs unchanged against
// SQLite and PostgreSQL (tests/support/store_fixture.hpp).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "tests/support/store_fixture.hpp"

namespace steward::testing {
namespace {

using namespace std::chrono_literals;
using store::ConversationKey;
using store::Feedback;
using store::FeedbackKind;
using store::IncidentState;
using store::MessageRef;
using store::NewTurn;
using store::ProposalState;

ConversationKey thread_key(std::string thread) {
  return {"slack", "T01", "C42", std::move(thread)};
}

NewTurn turn_of(std::string role, std::string text, std::string message = "") {
  NewTurn turn;
  turn.role = std::move(role);
  turn.user = "U7";
  turn.text = std::move(text);
  turn.message = std::move(message);
  turn.tokens = 12;
  return turn;
}

// --- Conversations

class StoreConversations : public StoreTest {};
STEWARD_STORE_SUITE(StoreConversations);

TEST_P(StoreConversations, OneConversationPerThread) {
  auto a = must(store().conversation(thread_key("1700000000.000100"), at(0)));
  EXPECT_EQ(must(store().conversation(thread_key("1700000000.000100"), at(5))), a);
  auto b = must(store().conversation(thread_key("1700000000.000200"), at(0)));
  EXPECT_NE(a, b);
  auto other_channel = must(store().conversation({"slack", "T01", "C43", "1700000000.000100"}, at(0)));
  auto teams = must(store().conversation({"teams", "T01", "C42", "1700000000.000100"}, at(0)));
  EXPECT_NE(other_channel, a);
  EXPECT_NE(teams, a);
  EXPECT_NE(teams, other_channel);
}

TEST_P(StoreConversations, TurnsComeBackOldestFirstAndLimited) {
  auto conversation = must(store().conversation(thread_key("t"), at(0)));
  auto other = must(store().conversation(thread_key("u"), at(0)));
  for (int i = 0; i < 5; ++i) {
    must(store().add_turn(conversation,
                          turn_of(i % 2 == 0 ? "user" : "assistant", "turn " + std::to_string(i)), at(i)));
  }
  must(store().add_turn(other, turn_of("user", "elsewhere"), at(3)));

  auto last3 = must(store().turns(conversation, 3));
  ASSERT_EQ(last3.size(), 3U);
  EXPECT_EQ(last3[0].text, "turn 2");
  EXPECT_EQ(last3[1].text, "turn 3");
  EXPECT_EQ(last3[2].text, "turn 4");
  EXPECT_EQ(last3[1].role, "assistant");
  EXPECT_EQ(last3[1].user, "U7");
  EXPECT_EQ(last3[1].tokens, 12);
  EXPECT_EQ(last3[1].conversation_id, conversation);
  EXPECT_EQ(last3[1].created_at, at(3));
  EXPECT_EQ(must(store().turns(conversation, 100)).size(), 5U);
}

TEST_P(StoreConversations, AnswersAreFoundByTheirChatMessage) {
  auto conversation = must(store().conversation(thread_key("t"), at(0)));
  must(store().add_turn(conversation, turn_of("user", "what is fct_orders?", "1700000001.000001"), at(0)));
  auto answer = must(
      store().add_turn(conversation, turn_of("assistant", "fct_orders is ...", "1700000002.000002"), at(1)));

  auto found = must(store().turn_by_message({"slack", "T01", "C42", "1700000002.000002"}));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, answer);
  EXPECT_EQ(found->text, "fct_orders is ...");
  EXPECT_FALSE(must(store().turn_by_message({"slack", "T01", "C99", "1700000002.000002"})).has_value());
  EXPECT_FALSE(must(store().turn_by_message({"slack", "T01", "C42", "1700000009.000009"})).has_value());
}

TEST_P(StoreConversations, ToolStepsAreAnOrderedAuditTrail) {
  auto conversation = must(store().conversation(thread_key("t"), at(0)));
  auto answer = must(store().add_turn(conversation, turn_of("assistant", "..."), at(0)));
  std::vector<store::ToolStep> steps{
      {"search", R"({"query": "orders"})", 2048, 3ms, 0},
      {"lineage", R"({"node": "model.shop.fct_orders"})", 512, 1ms, 0},
      {"llm", "", 0, 1500ms, 1234},
  };
  must(store().add_tool_steps(answer, steps));
  must(store().add_tool_steps(answer, std::vector<store::ToolStep>{{"describe", "{}", 10, 2ms, 5}}));
  auto stored = must(store().tool_steps(answer));
  ASSERT_EQ(stored.size(), 4U);
  EXPECT_EQ(stored[0].tool, "search");
  EXPECT_EQ(stored[0].input, R"({"query": "orders"})");
  EXPECT_EQ(stored[0].output_bytes, 2048);
  EXPECT_EQ(stored[0].duration, 3ms);
  EXPECT_EQ(stored[1].tool, "lineage");
  EXPECT_EQ(stored[2].tokens, 1234);
  EXPECT_EQ(stored[2].duration, 1500ms);
  EXPECT_EQ(stored[3].tool, "describe");
  EXPECT_TRUE(must(store().tool_steps(answer + 1000)).empty());
}

// --- Feedback

class StoreFeedback : public StoreTest {};
STEWARD_STORE_SUITE(StoreFeedback);

TEST_P(StoreFeedback, FeedbackStaysWithItsAnswer) {
  auto conversation = must(store().conversation(thread_key("t"), at(0)));
  auto answer = must(store().add_turn(conversation, turn_of("assistant", "a"), at(0)));
  auto other = must(store().add_turn(conversation, turn_of("assistant", "b"), at(1)));
  must(store().add_feedback({answer, "U1", FeedbackKind::reaction, "+1", at(10)}));
  must(store().add_feedback({other, "U2", FeedbackKind::button, "-1", at(11)}));
  must(
      store().add_feedback({answer, "U3", FeedbackKind::comment, "wrong grain: it's per line item", at(12)}));

  auto on_answer = must(store().feedback_for(answer));
  ASSERT_EQ(on_answer.size(), 2U);
  EXPECT_EQ(on_answer[0].user, "U1");
  EXPECT_EQ(on_answer[0].kind, FeedbackKind::reaction);
  EXPECT_EQ(on_answer[0].value, "+1");
  EXPECT_EQ(on_answer[0].at, at(10));
  EXPECT_EQ(on_answer[1].kind, FeedbackKind::comment);
  EXPECT_EQ(on_answer[1].value, "wrong grain: it's per line item");

  auto recent = must(store().recent_feedback(2));
  ASSERT_EQ(recent.size(), 2U);
  EXPECT_EQ(recent[0].user, "U3");
  EXPECT_EQ(recent[1].user, "U2");
  EXPECT_EQ(recent[1].answer, other);
}

TEST_P(StoreFeedback, FeedbackOnAMissingAnswerIsRefused) {
  EXPECT_FALSE(store().add_feedback({424242, "U1", FeedbackKind::reaction, "+1", at(0)}).has_value());
  EXPECT_TRUE(must(store().recent_feedback(10)).empty());
}

TEST_P(StoreFeedback, FeedbackSurvivesReopening) {
  auto conversation = must(store().conversation(thread_key("t"), at(0)));
  auto answer = must(store().add_turn(conversation, turn_of("assistant", "a", "1.2"), at(0)));
  must(store().add_feedback({answer, "U1", FeedbackKind::reaction, "-1", at(1)}));
  reopen();
  auto found = must(store().turn_by_message({"slack", "T01", "C42", "1.2"}));
  ASSERT_TRUE(found.has_value());
  auto feedback = must(store().feedback_for(found->id));
  ASSERT_EQ(feedback.size(), 1U);
  EXPECT_EQ(feedback[0].value, "-1");
}

// --- Incidents, proposals and approvals

class StoreIncidents : public StoreTest {};
STEWARD_STORE_SUITE(StoreIncidents);

store::NewIncident failure(std::string title) {
  return {"model.shop.fct_orders:error", std::move(title), "model.shop.fct_orders", R"({"status": "error"})"};
}

TEST_P(StoreIncidents, RepeatsOfAnUnresolvedFailureAreOneIncident) {
  auto first = must(store().record_incident(failure("fct_orders failed"), at(0)));
  EXPECT_TRUE(first.created);
  EXPECT_EQ(first.incident.occurrences, 1);
  EXPECT_EQ(first.incident.state, IncidentState::open);

  auto repeat = must(store().record_incident(failure("fct_orders failed again"), at(60)));
  EXPECT_FALSE(repeat.created);
  EXPECT_EQ(repeat.incident.id, first.incident.id);
  EXPECT_EQ(repeat.incident.occurrences, 2);
  EXPECT_EQ(repeat.incident.title, "fct_orders failed again");
  EXPECT_EQ(repeat.incident.created_at, at(0));
  EXPECT_EQ(repeat.incident.updated_at, at(60));

  // Acknowledged still counts as unresolved.
  ASSERT_TRUE(must(store().set_incident_state(first.incident.id, IncidentState::acknowledged, at(70))));
  EXPECT_EQ(must(store().record_incident(failure("x"), at(80))).incident.occurrences, 3);

  ASSERT_TRUE(must(store().set_incident_state(first.incident.id, IncidentState::resolved, at(90))));
  auto fresh = must(store().record_incident(failure("failed after the fix"), at(100)));
  EXPECT_TRUE(fresh.created);
  EXPECT_NE(fresh.incident.id, first.incident.id);
  EXPECT_EQ(fresh.incident.occurrences, 1);
}

TEST_P(StoreIncidents, KeepsTheAlertMessageAndState) {
  auto id = must(store().record_incident(failure("boom"), at(0))).incident.id;
  EXPECT_FALSE(must(store().incident(id))->message.has_value());
  MessageRef message{"slack", "T01", "C-alerts", "1700000000.123456"};
  ASSERT_TRUE(must(store().set_incident_message(id, message, at(1))));
  ASSERT_TRUE(must(store().set_incident_state(id, IncidentState::muted, at(2))));
  auto incident = must(store().incident(id));
  ASSERT_TRUE(incident.has_value());
  ASSERT_TRUE(incident->message.has_value());
  EXPECT_EQ(incident->message->channel, "C-alerts");
  EXPECT_EQ(incident->message->message, "1700000000.123456");
  EXPECT_EQ(incident->state, IncidentState::muted);
  EXPECT_EQ(incident->node, "model.shop.fct_orders");
  EXPECT_EQ(incident->details, R"({"status": "error"})");
  EXPECT_FALSE(must(store().set_incident_state(id + 1000, IncidentState::resolved, at(3))));
  EXPECT_FALSE(must(store().set_incident_message(id + 1000, message, at(3))));
}

TEST_P(StoreIncidents, ListsByStateNewestFirst) {
  auto a = must(store().record_incident({"a", "A", "", "{}"}, at(0))).incident.id;
  auto b = must(store().record_incident({"b", "B", "", "{}"}, at(1))).incident.id;
  auto c = must(store().record_incident({"c", "C", "", "{}"}, at(2))).incident.id;
  must(store().set_incident_state(b, IncidentState::resolved, at(3)));
  auto open = must(store().incidents(IncidentState::open, 10));
  ASSERT_EQ(open.size(), 2U);
  EXPECT_EQ(open[0].id, c);
  EXPECT_EQ(open[1].id, a);
  EXPECT_EQ(must(store().incidents(std::nullopt, 10)).size(), 3U);
  EXPECT_EQ(must(store().incidents(std::nullopt, 1)).size(), 1U);
}

store::NewProposal proposal_for(std::optional<store::Id> incident) {
  return {incident, "Cast order_id to bigint", "--- a/models/x.sql\n+++ b/models/x.sql\n", "dbt build: OK",
          "steward"};
}

TEST_P(StoreIncidents, AProposalIsDecidedOnceAndAppliedOnlyWhenApproved) {
  auto incident = must(store().record_incident(failure("boom"), at(0))).incident.id;
  auto id = must(store().add_proposal(proposal_for(incident), at(1)));
  EXPECT_FALSE(must(store().mark_applied(id, ProposalState::applied, "b", "u", at(2)))) << "not approved yet";

  EXPECT_TRUE(must(store().decide({id, "U-lead", true, "looks right", at(3)})));
  EXPECT_FALSE(must(store().decide({id, "U-other", false, "no", at(4)}))) << "already decided";
  auto approvals = must(store().approvals(id));
  ASSERT_EQ(approvals.size(), 1U);
  EXPECT_EQ(approvals[0].user, "U-lead");
  EXPECT_TRUE(approvals[0].approved);
  EXPECT_EQ(approvals[0].comment, "looks right");
  EXPECT_EQ(approvals[0].at, at(3));
  EXPECT_EQ(must(store().proposal(id))->state, ProposalState::approved);

  EXPECT_TRUE(must(store().mark_applied(id, ProposalState::applied, "steward/fix-1",
                                        "https://github.com/acme/dbt/pull/7", at(5))));
  auto applied = must(store().proposal(id));
  EXPECT_EQ(applied->state, ProposalState::applied);
  EXPECT_EQ(applied->branch, "steward/fix-1");
  EXPECT_EQ(applied->pull_request, "https://github.com/acme/dbt/pull/7");
  EXPECT_EQ(applied->diff, "--- a/models/x.sql\n+++ b/models/x.sql\n");
  EXPECT_EQ(applied->dry_run, "dbt build: OK");
  EXPECT_FALSE(must(store().mark_applied(id, ProposalState::applied, "b", "u", at(6)))) << "applied once";

  auto listed = must(store().proposals_for(incident));
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed[0].id, id);
}

TEST_P(StoreIncidents, RejectionIsFinal) {
  auto id = must(store().add_proposal(proposal_for(std::nullopt), at(0)));
  EXPECT_FALSE(must(store().proposal(id))->incident.has_value());
  EXPECT_TRUE(must(store().decide({id, "U1", false, "wrong column", at(1)})));
  EXPECT_EQ(must(store().proposal(id))->state, ProposalState::rejected);
  EXPECT_FALSE(must(store().decide({id, "U2", true, "", at(2)})));
  EXPECT_FALSE(must(store().mark_applied(id, ProposalState::applied, "b", "u", at(3))));
  EXPECT_FALSE(must(store().decide({id + 1000, "U2", true, "", at(2)}))) << "missing proposal";
  EXPECT_FALSE(must(store().proposal(id + 1000)).has_value());
}

// --- Audit log

class StoreAudit : public StoreTest {};
STEWARD_STORE_SUITE(StoreAudit);

TEST_P(StoreAudit, EntriesAreAppendedInOrderAndPagedById) {
  std::vector<store::Id> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(
        must(store().append_audit({0, "U" + std::to_string(i), "git.push", "steward/fix-" + std::to_string(i),
                                   R"({"sha": "abc"})", at(i)})));
  }
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  auto first = must(store().audit_entries(0, 3));
  ASSERT_EQ(first.size(), 3U);
  EXPECT_EQ(first[0].id, ids[0]);
  EXPECT_EQ(first[0].actor, "U0");
  EXPECT_EQ(first[0].action, "git.push");
  EXPECT_EQ(first[0].target, "steward/fix-0");
  EXPECT_EQ(first[0].details, R"({"sha": "abc"})");
  EXPECT_EQ(first[0].at, at(0));
  auto rest = must(store().audit_entries(first.back().id, 10));
  ASSERT_EQ(rest.size(), 2U);
  EXPECT_EQ(rest[0].id, ids[3]);
  EXPECT_EQ(rest[1].id, ids[4]);
}

// --- Embeddings and settings

class StoreCaches : public StoreTest {};
STEWARD_STORE_SUITE(StoreCaches);

TEST_P(StoreCaches, EmbeddingsRoundTripBitForBit) {
  std::vector<float> vector{0.0F,
                            -1.5F,
                            3.1415927F,
                            1e-30F,
                            std::numeric_limits<float>::denorm_min(),
                            -std::numeric_limits<float>::max(),
                            42.0F};
  for (int i = 0; i < 1529; ++i) {
    vector.push_back(std::sin(static_cast<float>(i)));
  }
  must(store().put_embedding("text-embedding-3-small", "sha256:abc", vector, at(0)));
  auto stored = must(store().embedding("text-embedding-3-small", "sha256:abc"));
  ASSERT_TRUE(stored.has_value());
  ASSERT_EQ(stored->size(), vector.size());
  for (std::size_t i = 0; i < vector.size(); ++i) {
    ASSERT_EQ(std::memcmp(&(*stored)[i], &vector[i], sizeof(float)), 0) << "element " << i;
  }
  EXPECT_FALSE(must(store().embedding("other-model", "sha256:abc")).has_value());
  EXPECT_FALSE(must(store().embedding("text-embedding-3-small", "sha256:def")).has_value());

  must(store().put_embedding("text-embedding-3-small", "sha256:abc", std::vector<float>{1.0F, 2.0F}, at(1)));
  EXPECT_EQ(*must(store().embedding("text-embedding-3-small", "sha256:abc")),
            (std::vector<float>{1.0F, 2.0F}));
}

TEST_P(StoreCaches, SettingsAreSmallKeyValues) {
  EXPECT_FALSE(must(store().setting("slack.team_id")).has_value());
  must(store().put_setting("slack.team_id", "T01", at(0)));
  must(store().put_setting("slack.team_id", "T02", at(1)));
  must(store().put_setting("empty", "", at(1)));
  EXPECT_EQ(must(store().setting("slack.team_id")), std::optional<std::string>("T02"));
  EXPECT_EQ(must(store().setting("empty")), std::optional<std::string>(""));
  EXPECT_TRUE(must(store().erase_setting("slack.team_id")));
  EXPECT_FALSE(must(store().erase_setting("slack.team_id")));
  EXPECT_FALSE(must(store().setting("slack.team_id")).has_value());
  reopen();
  EXPECT_EQ(must(store().setting("empty")), std::optional<std::string>(""));
}

} // namespace
} // namespace steward::testing

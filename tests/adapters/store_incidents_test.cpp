// Store conformance: an incident's life beyond counting repeats — one count
// per dbt run, finding the unresolved one, snoozes, and when it was alerted
// and resolved. Every test runs against SQLite and PostgreSQL
// (tests/support/store_fixture.hpp).
#include "tests/support/store_fixture.hpp"

namespace steward::testing {
namespace {

using store::IncidentState;

class StoreIncidentLife : public StoreTest {};
STEWARD_STORE_SUITE(StoreIncidentLife);

constexpr const char* k_fingerprint = "model.shop.fct_orders:error";

store::NewIncident failure_in(std::string run, std::string title = "fct_orders failed") {
  store::NewIncident incident{k_fingerprint, std::move(title), "model.shop.fct_orders",
                              R"({"status": "error"})"};
  incident.run = std::move(run);
  return incident;
}

TEST_P(StoreIncidentLife, ARedeliveredRunIsCountedOnce) {
  auto first = must(store().record_incident(failure_in("run-1"), at(0)));
  EXPECT_TRUE(first.created);
  EXPECT_EQ(first.incident.last_run, "run-1");

  // The same run again (a webhook retried): nothing changes, and it is not
  // reported as a new incident either.
  auto again = must(store().record_incident(failure_in("run-1", "retitled"), at(10)));
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.incident.id, first.incident.id);
  EXPECT_EQ(again.incident.occurrences, 1);
  EXPECT_EQ(again.incident.title, "fct_orders failed");
  EXPECT_EQ(again.incident.updated_at, at(0));
  auto stored = must(store().incident(first.incident.id));
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->occurrences, 1);
  EXPECT_EQ(stored->title, "fct_orders failed");

  // A new run counts, and becomes the last run.
  auto next = must(store().record_incident(failure_in("run-2", "fct_orders failed again"), at(20)));
  EXPECT_FALSE(next.created);
  EXPECT_EQ(next.incident.id, first.incident.id);
  EXPECT_EQ(next.incident.occurrences, 2);
  EXPECT_EQ(next.incident.last_run, "run-2");
  EXPECT_EQ(next.incident.title, "fct_orders failed again");
  EXPECT_EQ(next.incident.updated_at, at(20));
  EXPECT_EQ(must(store().record_incident(failure_in("run-2"), at(30))).incident.occurrences, 2);
}

TEST_P(StoreIncidentLife, OccurrencesWithoutARunAlwaysCount) {
  must(store().record_incident(failure_in("run-1"), at(0)));
  auto bare = must(store().record_incident(failure_in(""), at(1)));
  EXPECT_EQ(bare.incident.occurrences, 2);
  EXPECT_EQ(bare.incident.last_run, "");
  EXPECT_EQ(must(store().record_incident(failure_in(""), at(2))).incident.occurrences, 3);
}

TEST_P(StoreIncidentLife, AfterResolutionANewRunOpensANewIncident) {
  auto first = must(store().record_incident(failure_in("run-1"), at(0)));
  must(store().snooze_incident(first.incident.id, at(3600), at(1)));
  ASSERT_TRUE(must(store().set_incident_state(first.incident.id, IncidentState::resolved, at(2))));

  auto fresh = must(store().record_incident(failure_in("run-2"), at(3)));
  EXPECT_TRUE(fresh.created);
  EXPECT_NE(fresh.incident.id, first.incident.id);
  EXPECT_EQ(fresh.incident.occurrences, 1);
  EXPECT_EQ(fresh.incident.state, IncidentState::open);
  EXPECT_EQ(fresh.incident.last_run, "run-2");
  EXPECT_FALSE(fresh.incident.snoozed_until.has_value());
  EXPECT_FALSE(fresh.incident.resolved_at.has_value());
  EXPECT_FALSE(fresh.incident.alerted_at.has_value());

  auto old = must(store().incident(first.incident.id));
  ASSERT_TRUE(old.has_value());
  EXPECT_EQ(old->state, IncidentState::resolved);
  EXPECT_EQ(old->occurrences, 1);
}

TEST_P(StoreIncidentLife, FindsTheUnresolvedIncidentOfAFingerprint) {
  EXPECT_FALSE(must(store().unresolved_incident(k_fingerprint)).has_value());
  const store::Id id = must(store().record_incident(failure_in("run-1"), at(0))).incident.id;
  must(store().record_incident({"other:error", "other", "", "{}"}, at(1)));

  for (const IncidentState state : {IncidentState::open, IncidentState::acknowledged, IncidentState::muted}) {
    ASSERT_TRUE(must(store().set_incident_state(id, state, at(2))));
    auto found = must(store().unresolved_incident(k_fingerprint));
    ASSERT_TRUE(found.has_value()) << store::to_string(state);
    EXPECT_EQ(found->id, id);
    EXPECT_EQ(found->state, state);
    EXPECT_EQ(found->last_run, "run-1");
  }

  ASSERT_TRUE(must(store().set_incident_state(id, IncidentState::resolved, at(3))));
  EXPECT_FALSE(must(store().unresolved_incident(k_fingerprint)).has_value());
  EXPECT_FALSE(must(store().unresolved_incident("model.shop:error")).has_value());

  const store::Id reopened = must(store().record_incident(failure_in("run-2"), at(4))).incident.id;
  auto found = must(store().unresolved_incident(k_fingerprint));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, reopened);
}

TEST_P(StoreIncidentLife, ASnoozeIsSetKeptAndLifted) {
  const store::Id id = must(store().record_incident(failure_in("run-1"), at(0))).incident.id;
  EXPECT_FALSE(must(store().incident(id))->snoozed_until.has_value());

  ASSERT_TRUE(must(store().snooze_incident(id, at(3600), at(10))));
  auto snoozed = must(store().incident(id));
  ASSERT_TRUE(snoozed.has_value());
  EXPECT_EQ(snoozed->snoozed_until, at(3600));
  EXPECT_EQ(snoozed->updated_at, at(10));

  // It survives closing the store, and further occurrences.
  reopen();
  must(store().record_incident(failure_in("run-2"), at(20)));
  auto kept = must(store().unresolved_incident(k_fingerprint));
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->snoozed_until, at(3600));
  EXPECT_EQ(kept->occurrences, 2);

  ASSERT_TRUE(must(store().snooze_incident(id, std::nullopt, at(30))));
  reopen();
  auto lifted = must(store().incident(id));
  ASSERT_TRUE(lifted.has_value());
  EXPECT_FALSE(lifted->snoozed_until.has_value());
  EXPECT_EQ(lifted->updated_at, at(30));

  EXPECT_FALSE(must(store().snooze_incident(id + 1000, at(3600), at(40))));
}

TEST_P(StoreIncidentLife, ResolvingRecordsWhenItBecameResolved) {
  const store::Id id = must(store().record_incident(failure_in("run-1"), at(0))).incident.id;
  ASSERT_TRUE(must(store().set_incident_state(id, IncidentState::acknowledged, at(5))));
  EXPECT_FALSE(must(store().incident(id))->resolved_at.has_value());

  ASSERT_TRUE(must(store().set_incident_state(id, IncidentState::resolved, at(10))));
  EXPECT_EQ(must(store().incident(id))->resolved_at, at(10));

  // Resolving it again does not move the time it became resolved.
  ASSERT_TRUE(must(store().set_incident_state(id, IncidentState::resolved, at(20))));
  auto still = must(store().incident(id));
  EXPECT_EQ(still->resolved_at, at(10));
  EXPECT_EQ(still->updated_at, at(20));

  // Re-opened by hand, it keeps when it last became resolved; resolving it
  // once more records the new time.
  ASSERT_TRUE(must(store().set_incident_state(id, IncidentState::open, at(30))));
  EXPECT_EQ(must(store().incident(id))->resolved_at, at(10));
  ASSERT_TRUE(must(store().set_incident_state(id, IncidentState::resolved, at(40))));
  EXPECT_EQ(must(store().incident(id))->resolved_at, at(40));
}

TEST_P(StoreIncidentLife, SettingTheAlertMessageRecordsWhenItWasAlerted) {
  const store::Id id = must(store().record_incident(failure_in("run-1"), at(0))).incident.id;
  EXPECT_FALSE(must(store().incident(id))->alerted_at.has_value());

  ASSERT_TRUE(must(store().set_incident_message(id, {"slack", "T01", "C-alerts", "1.1"}, at(7))));
  EXPECT_EQ(must(store().incident(id))->alerted_at, at(7));

  // A repeat leaves it; a new alert message moves it.
  must(store().record_incident(failure_in("run-2"), at(8)));
  EXPECT_EQ(must(store().incident(id))->alerted_at, at(7));
  ASSERT_TRUE(must(store().set_incident_message(id, {"slack", "T01", "C-alerts", "1.2"}, at(9))));
  auto alerted = must(store().incident(id));
  EXPECT_EQ(alerted->alerted_at, at(9));
  ASSERT_TRUE(alerted->message.has_value());
  EXPECT_EQ(alerted->message->message, "1.2");
}

} // namespace
} // namespace steward::testing

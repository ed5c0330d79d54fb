#pragma once

// Private to the SQLite adapter: the Store port's operations as functions of
// one connection, grouped by area (one .cpp each). Each behaves as the port
// method of the same name documents (core/ports/store.hpp); callers hold the
// connection's lock. Mutating functions run in one transaction.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "adapters/sqlite/connection.hpp"
#include "core/ports/store.hpp"

namespace steward::sqlite {

namespace events {
Result<bool> record_event(Connection& db, std::string_view platform, std::string_view event_id,
                          store::TimePoint now, store::Millis ttl);
Result<std::int64_t> purge_events(Connection& db, store::TimePoint now);
} // namespace events

namespace jobs {
Result<store::Enqueued> enqueue(Connection& db, const store::NewJob& job, store::TimePoint now);
/// All of `jobs` in one transaction: one WAL sync for the batch.
Result<std::vector<store::Enqueued>> enqueue_all(Connection& db, std::span<const store::NewJob> jobs,
                                                 store::TimePoint now);
Result<std::vector<store::Job>> claim(Connection& db, std::string_view owner, int max, store::Millis lease,
                                      store::TimePoint now);
Result<bool> heartbeat(Connection& db, const store::Lease& lease, store::Millis extend, store::TimePoint now);
Result<bool> complete(Connection& db, const store::Lease& lease, store::TimePoint now);
Result<store::FailOutcome> fail_job(Connection& db, const store::Lease& lease, std::string_view error,
                                    store::TimePoint retry_at, store::TimePoint now);
Result<std::optional<store::Job>> job(Connection& db, store::Id id);
Result<std::vector<store::Job>> list(Connection& db, const store::JobFilter& filter);
Result<bool> requeue(Connection& db, store::Id id, store::TimePoint now);
Result<std::int64_t> requeue_dead(Connection& db, store::TimePoint now);
Result<store::QueueCounts> counts(Connection& db, store::TimePoint now);
} // namespace jobs

namespace conversations {
Result<store::Id> conversation(Connection& db, const store::ConversationKey& key, store::TimePoint now);
Result<store::Id> add_turn(Connection& db, store::Id conversation, const store::NewTurn& turn,
                           store::TimePoint now);
Result<std::vector<store::Turn>> turns(Connection& db, store::Id conversation, std::int64_t limit);
Result<std::optional<store::Turn>> turn_by_message(Connection& db, const store::MessageRef& message);
Result<void> add_tool_steps(Connection& db, store::Id turn, std::span<const store::ToolStep> steps);
Result<std::vector<store::ToolStep>> tool_steps(Connection& db, store::Id turn);
Result<store::Id> add_feedback(Connection& db, const store::Feedback& feedback);
Result<std::vector<store::Feedback>> feedback_for(Connection& db, store::Id answer);
Result<std::vector<store::Feedback>> recent_feedback(Connection& db, std::int64_t limit);
} // namespace conversations

namespace lessons {
Result<store::Id> add_lesson(Connection& db, const store::NewLesson& lesson, store::TimePoint now);
Result<bool> retract_example(Connection& db, store::Id answer, std::string_view user);
Result<std::vector<store::Lesson>> list(Connection& db, std::optional<store::LessonKind> kind,
                                        std::int64_t limit);
Result<std::vector<store::RatedAnswer>> rated_answers(Connection& db, std::int64_t limit);
Result<std::int64_t> answer_count(Connection& db);
} // namespace lessons

namespace incidents {
Result<store::IncidentUpsert> record_incident(Connection& db, const store::NewIncident& incident,
                                              store::TimePoint now);
Result<std::optional<store::Incident>> incident(Connection& db, store::Id id);
Result<std::optional<store::Incident>> unresolved(Connection& db, std::string_view fingerprint);
Result<bool> snooze(Connection& db, store::Id id, std::optional<store::TimePoint> until,
                    store::TimePoint now);
Result<std::vector<store::Incident>> list(Connection& db, std::optional<store::IncidentState> state,
                                          std::int64_t limit);
Result<bool> set_state(Connection& db, store::Id id, store::IncidentState state, store::TimePoint now);
Result<bool> set_message(Connection& db, store::Id id, const store::MessageRef& message,
                         store::TimePoint now);
} // namespace incidents

namespace proposals {
Result<store::Id> add_proposal(Connection& db, const store::NewProposal& proposal, store::TimePoint now);
Result<std::optional<store::Proposal>> proposal(Connection& db, store::Id id);
Result<std::vector<store::Proposal>> proposals_for(Connection& db, store::Id incident);
Result<bool> decide(Connection& db, const store::Approval& approval);
Result<std::vector<store::Approval>> approvals(Connection& db, store::Id proposal);
Result<bool> mark_applied(Connection& db, store::Id proposal, store::ProposalState state,
                          std::string_view branch, std::string_view pull_request, store::TimePoint now);
} // namespace proposals

namespace runs {
Result<bool> record_run(Connection& db, const store::RunRecord& run);
Result<std::optional<store::RunRecord>> run(Connection& db, std::string_view invocation_id);
Result<std::vector<store::RunRecord>> recent_runs(Connection& db, std::int64_t limit);
} // namespace runs

namespace records {
Result<store::Id> append_audit(Connection& db, const store::AuditEntry& entry);
Result<std::vector<store::AuditEntry>> audit_entries(Connection& db, store::Id after, std::int64_t limit);
Result<void> put_embedding(Connection& db, std::string_view model, std::string_view content_hash,
                           std::span<const float> vector, store::TimePoint now);
Result<std::optional<std::vector<float>>> embedding(Connection& db, std::string_view model,
                                                    std::string_view content_hash);
Result<void> put_setting(Connection& db, std::string_view key, std::string_view value, store::TimePoint now);
Result<std::optional<std::string>> setting(Connection& db, std::string_view key);
Result<bool> erase_setting(Connection& db, std::string_view key);
} // namespace records

/// Limits below zero read as zero.
inline std::int64_t clamp_limit(std::int64_t limit) {
  return limit < 0 ? 0 : limit;
}

} // namespace steward::sqlite

#pragma once

// Private to the PostgreSQL adapter: the store's calls as functions over the
// pool, one file per area. Each has the contract of the `store::Store` method
// of the same name (core/ports/store.hpp); mutating calls run in one
// transaction, reads in one statement where they can.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/postgres/pool.hpp"
#include "core/ports/store.hpp"

namespace pqxx {
class connection_base;
class row;
} // namespace pqxx

namespace steward::postgres {

using store::Id;
using store::Millis;
using store::TimePoint;

// --- events.cpp ---
Result<bool> record_event(Pool& pool, std::string_view platform, std::string_view event_id, TimePoint now,
                          Millis ttl);
Result<std::int64_t> purge_events(Pool& pool, TimePoint now);

// --- jobs.cpp: the worker's hot path, as prepared statements ---
/// Registers the job queue's prepared statements on a new connection.
void prepare_job_statements(pqxx::connection_base& connection);
Result<store::Enqueued> enqueue(Pool& pool, const store::NewJob& job, TimePoint now);
Result<std::vector<store::Job>> claim(Pool& pool, std::string_view owner, int max, Millis lease,
                                      TimePoint now);
Result<bool> heartbeat(Pool& pool, const store::Lease& lease, Millis extend, TimePoint now);
Result<bool> complete(Pool& pool, const store::Lease& lease, TimePoint now);
Result<store::FailOutcome> fail_job(Pool& pool, const store::Lease& lease, std::string_view error,
                                    TimePoint retry_at, TimePoint now);
/// A `jobs` row (every column) as a job.
store::Job job_from(const pqxx::row& row);

// --- job_admin.cpp ---
Result<std::optional<store::Job>> job(Pool& pool, Id id);
Result<std::vector<store::Job>> jobs(Pool& pool, const store::JobFilter& filter);
Result<bool> requeue(Pool& pool, Id id, TimePoint now);
Result<std::int64_t> requeue_dead(Pool& pool, TimePoint now);
Result<store::QueueCounts> counts(Pool& pool, TimePoint now);

// --- conversations.cpp ---
Result<Id> conversation(Pool& pool, const store::ConversationKey& key, TimePoint now);
Result<Id> add_turn(Pool& pool, Id conversation, const store::NewTurn& turn, TimePoint now);
Result<std::vector<store::Turn>> turns(Pool& pool, Id conversation, std::int64_t limit);
Result<std::optional<store::Turn>> turn_by_message(Pool& pool, const store::MessageRef& message);
Result<void> add_tool_steps(Pool& pool, Id turn, std::span<const store::ToolStep> steps);
Result<std::vector<store::ToolStep>> tool_steps(Pool& pool, Id turn);

// --- feedback.cpp ---
Result<Id> add_feedback(Pool& pool, const store::Feedback& feedback);
Result<std::vector<store::Feedback>> feedback_for(Pool& pool, Id answer);
Result<std::vector<store::Feedback>> recent_feedback(Pool& pool, std::int64_t limit);

// --- lessons.cpp ---
Result<Id> add_lesson(Pool& pool, const store::NewLesson& lesson, TimePoint now);
Result<bool> retract_example(Pool& pool, Id answer, std::string_view user);
Result<std::vector<store::Lesson>> lessons(Pool& pool, std::optional<store::LessonKind> kind,
                                           std::int64_t limit);
Result<std::vector<store::RatedAnswer>> rated_answers(Pool& pool, std::int64_t limit);
Result<std::int64_t> answer_count(Pool& pool);

// --- incidents.cpp ---
Result<store::IncidentUpsert> record_incident(Pool& pool, const store::NewIncident& incident, TimePoint now);
Result<std::optional<store::Incident>> incident(Pool& pool, Id id);
Result<std::optional<store::Incident>> unresolved_incident(Pool& pool, std::string_view fingerprint);
Result<bool> snooze_incident(Pool& pool, Id id, std::optional<TimePoint> until, TimePoint now);
Result<std::vector<store::Incident>> incidents(Pool& pool, std::optional<store::IncidentState> state,
                                               std::int64_t limit);
Result<bool> set_incident_state(Pool& pool, Id id, store::IncidentState state, TimePoint now);
Result<bool> set_incident_message(Pool& pool, Id id, const store::MessageRef& message, TimePoint now);

// --- proposals.cpp ---
Result<Id> add_proposal(Pool& pool, const store::NewProposal& proposal, TimePoint now);
Result<std::optional<store::Proposal>> proposal(Pool& pool, Id id);
Result<std::vector<store::Proposal>> proposals_for(Pool& pool, Id incident);
Result<bool> decide(Pool& pool, const store::Approval& approval);
Result<std::vector<store::Approval>> approvals(Pool& pool, Id proposal);
Result<bool> mark_applied(Pool& pool, Id proposal, store::ProposalState state, std::string_view branch,
                          std::string_view pull_request, TimePoint now);

// --- runs.cpp ---
Result<bool> record_run(Pool& pool, const store::RunRecord& run);
Result<std::optional<store::RunRecord>> run(Pool& pool, std::string_view invocation_id);
Result<std::vector<store::RunRecord>> recent_runs(Pool& pool, std::int64_t limit);

// --- audit.cpp ---
Result<Id> append_audit(Pool& pool, const store::AuditEntry& entry);
Result<std::vector<store::AuditEntry>> audit_entries(Pool& pool, Id after, std::int64_t limit);

// --- settings.cpp: the embedding cache and settings ---
Result<void> put_embedding(Pool& pool, std::string_view model, std::string_view content_hash,
                           std::span<const float> vector, TimePoint now);
Result<std::optional<std::vector<float>>> embedding(Pool& pool, std::string_view model,
                                                    std::string_view content_hash);
Result<void> put_setting(Pool& pool, std::string_view key, std::string_view value, TimePoint now);
Result<std::optional<std::string>> setting(Pool& pool, std::string_view key);
Result<bool> erase_setting(Pool& pool, std::string_view key);

} // namespace steward::postgres

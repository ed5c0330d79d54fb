#pragma once

// The Store port: everything the daemon persists. Steward must lose nothing —
// an acknowledged event is a job that completes exactly once, a reaction is
// feedback that stays, an approval is on record.
//
// Contract for every implementation (the conformance suite in
// tests/adapters/store_conformance_test.cpp checks each clause):
// - Calls are blocking and thread-safe. Callers on an I/O thread must offload
//   them (adapters/runtime/blocking_pool.hpp); a store never starts threads.
// - Time is always passed in (`now`), never read from a clock inside the
//   store, so leases, back-off and TTLs are deterministic under test and all
//   processes sharing one database agree on what `now` means.
// - Every mutating call is one transaction: it happens completely or not at
//   all, and a `Result` error means nothing was written.
// - Errors are `Error{key, reason}` with `key` "store" (or the config key at
//   fault at open time) and never contain a password.
// - Text is stored and returned byte-for-byte (UTF-8 is not validated).

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"

namespace steward::store {

/// Wall-clock time with millisecond precision (Unix epoch), as stored.
using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;
using Millis = std::chrono::milliseconds;

/// Database row id (positive).
using Id = std::int64_t;

// --- Inbound event de-duplication ------------------------------------------

class EventLog {
public:
  virtual ~EventLog() = default;

  /// Records inbound event `event_id` of `platform` ("slack", "teams") as seen
  /// until `now + ttl`. Returns true the first time an id is seen (or when
  /// its previous record has expired), false for a duplicate.
  virtual Result<bool> record_event(std::string_view platform, std::string_view event_id, TimePoint now,
                                    Millis ttl) = 0;

  /// Deletes event records that expired before `now`; returns how many.
  virtual Result<std::int64_t> purge_events(TimePoint now) = 0;
};

// --- Durable job queue -------------------------------------------------------

enum class JobState {
  queued,  ///< waiting for `run_at`
  running, ///< claimed; owned by `lease_owner` until `lease_until`
  done,    ///< completed exactly once
  dead,    ///< failed `max_attempts` times; kept for `steward jobs retry`
};

std::string_view to_string(JobState state);
std::optional<JobState> job_state_from(std::string_view text);

struct NewJob {
  std::string kind;                ///< what runs it, e.g. "slack.event"
  std::string payload;             ///< opaque to the store (usually JSON)
  std::string idempotency_key;     ///< unique per job; empty means "always new"
  int max_attempts = 5;            ///< after this many failed attempts the job is dead
  std::optional<TimePoint> run_at; ///< earliest start; default `now`
};

struct Job {
  Id id = 0;
  std::string kind;
  std::string payload;
  std::string idempotency_key;
  JobState state = JobState::queued;
  int attempts = 0; ///< claims so far, this one included while running
  int max_attempts = 0;
  TimePoint run_at;
  std::optional<TimePoint> lease_until;
  std::string lease_owner;
  std::string last_error;
  TimePoint created_at;
  TimePoint updated_at;
};

/// Proof of a claim. Heartbeat, complete and fail succeed only while the
/// lease still holds: same job, same owner, same attempt, not re-claimed.
struct Lease {
  Id job_id = 0;
  std::string owner;
  int attempt = 0;
};

struct Enqueued {
  Id id = 0;
  bool created = false; ///< false: a job with the same idempotency key existed
};

enum class FailOutcome {
  retrying, ///< queued again for `retry_at`
  dead,     ///< attempts exhausted: dead-lettered
};

struct JobFilter {
  std::optional<JobState> state; ///< none: every state
  std::int64_t limit = 100;
};

struct QueueCounts {
  std::int64_t queued = 0;
  std::int64_t due = 0; ///< queued with run_at <= now, plus running with an expired lease
  std::int64_t running = 0;
  std::int64_t done = 0;
  std::int64_t dead = 0;
};

class JobQueue {
public:
  virtual ~JobQueue() = default;

  /// Adds a job, or returns the existing one when `idempotency_key` is not
  /// empty and already used (whatever that job's state).
  virtual Result<Enqueued> enqueue(const NewJob& job, TimePoint now) = 0;

  /// Enqueues each of `jobs` as `enqueue` does, in order (a key repeated in
  /// the batch is created once); results match `jobs` by index. A store that
  /// overrides this writes the batch in one transaction, one sync to disk for
  /// all of it (group commit), and an error means none was written. This
  /// default calls `enqueue` for each and stops at the first error, keeping
  /// the ones before it; callers retrying by idempotency key are safe either way.
  virtual Result<std::vector<Enqueued>> enqueue_all(std::span<const NewJob> jobs, TimePoint now) {
    std::vector<Enqueued> out;
    out.reserve(jobs.size());
    for (const NewJob& job : jobs) {
      auto one = enqueue(job, now);
      if (!one) {
        return tl::unexpected(one.error());
      }
      out.push_back(*one);
    }
    return out;
  }

  /// Claims up to `max` due jobs for `owner` until `now + lease`, oldest
  /// `run_at` first: queued jobs with `run_at <= now`, and running jobs whose
  /// lease expired before `now` (their worker died). Each claim increments
  /// `attempts`. A job whose lease expired with no attempts left is moved to
  /// `dead` instead. Concurrent claimers (threads or processes) never receive
  /// the same job.
  virtual Result<std::vector<Job>> claim(std::string_view owner, int max, Millis lease, TimePoint now) = 0;

  /// Extends a held lease to `now + lease`. False when the lease was lost.
  virtual Result<bool> heartbeat(const Lease& lease, Millis extend, TimePoint now) = 0;

  /// Marks the job done. False when the lease was lost (the job belongs to
  /// someone else now, or is already done): the caller must not report success.
  virtual Result<bool> complete(const Lease& lease, TimePoint now) = 0;

  /// Records a failed attempt: queued again for `retry_at` while attempts
  /// remain, else dead. Fails with key "store" when the lease was lost.
  virtual Result<FailOutcome> fail(const Lease& lease, std::string_view error, TimePoint retry_at,
                                   TimePoint now) = 0;

  virtual Result<std::optional<Job>> job(Id id) = 0;

  /// Jobs matching `filter`, newest first.
  virtual Result<std::vector<Job>> jobs(const JobFilter& filter) = 0;

  /// Moves a dead job back to queued (attempts reset, due `now`). False
  /// when `id` is not dead.
  virtual Result<bool> requeue(Id id, TimePoint now) = 0;

  /// Requeues every dead job; returns how many.
  virtual Result<std::int64_t> requeue_dead(TimePoint now) = 0;

  virtual Result<QueueCounts> counts(TimePoint now) = 0;
};

// --- Conversations, answers and their tool steps --------------------------------

/// Where a conversation lives. `thread` is the thread's root message id
/// (Slack `thread_ts`, Teams conversation id); empty for a DM without threads.
struct ConversationKey {
  std::string platform;
  std::string workspace;
  std::string channel;
  std::string thread;
};

/// A posted chat message, enough to update or thread under it later.
struct MessageRef {
  std::string platform;
  std::string workspace;
  std::string channel;
  std::string message; ///< Slack `ts`, Teams activity id
};

struct NewTurn {
  std::string role; ///< "user" or "assistant"
  std::string user; ///< platform user id (assistant turns: the bot's)
  std::string text;
  std::string message; ///< the platform message id; lets feedback find the turn
  std::int64_t tokens = 0;
};

/// A turn; assistant turns are "answers", and their id is the answer id.
struct Turn {
  Id id = 0;
  Id conversation_id = 0;
  std::string role;
  std::string user;
  std::string text;
  std::string message;
  std::int64_t tokens = 0;
  TimePoint created_at;
};

/// One tool call the agent made while producing an answer.
struct ToolStep {
  std::string tool;
  std::string input; ///< the call's arguments as sent (JSON)
  std::int64_t output_bytes = 0;
  Millis duration{0};
  std::int64_t tokens = 0;
};

class Conversations {
public:
  virtual ~Conversations() = default;

  /// The conversation's id, created on first use.
  virtual Result<Id> conversation(const ConversationKey& key, TimePoint now) = 0;

  virtual Result<Id> add_turn(Id conversation, const NewTurn& turn, TimePoint now) = 0;

  /// The last `limit` turns, oldest first.
  virtual Result<std::vector<Turn>> turns(Id conversation, std::int64_t limit) = 0;

  /// The turn posted as chat message `message` (feedback arrives this way).
  virtual Result<std::optional<Turn>> turn_by_message(const MessageRef& message) = 0;

  /// Appends the tool steps behind answer `turn`, in order.
  virtual Result<void> add_tool_steps(Id turn, std::span<const ToolStep> steps) = 0;

  virtual Result<std::vector<ToolStep>> tool_steps(Id turn) = 0;
};

// --- Feedback ---------------------------------------------------------------------

enum class FeedbackKind { reaction, button, comment };

std::string_view to_string(FeedbackKind kind);
std::optional<FeedbackKind> feedback_kind_from(std::string_view text);

struct Feedback {
  Id answer = 0; ///< a turn id
  std::string user;
  FeedbackKind kind = FeedbackKind::reaction;
  std::string value; ///< "+1", "-1", a reaction name, or comment text
  TimePoint at;
};

class FeedbackLog {
public:
  virtual ~FeedbackLog() = default;

  virtual Result<Id> add_feedback(const Feedback& feedback) = 0;

  /// Feedback on `answer`, oldest first.
  virtual Result<std::vector<Feedback>> feedback_for(Id answer) = 0;

  /// The newest `limit` feedback rows, newest first.
  virtual Result<std::vector<Feedback>> recent_feedback(std::int64_t limit) = 0;
};

// --- Lessons: what feedback taught ------------------------------------------------

enum class LessonKind {
  example,    ///< an answer someone marked helpful (👍 or the Helpful button)
  correction, ///< what someone wrote after marking an answer not helpful
};

std::string_view to_string(LessonKind kind);
std::optional<LessonKind> lesson_kind_from(std::string_view text);

struct NewLesson {
  LessonKind kind = LessonKind::example;
  Id answer = 0;        ///< the answer turn it is about
  std::string user;     ///< who taught it
  std::string question; ///< the question the answer was for
  std::string text;     ///< the answer (example) or the correction
  std::string models;   ///< JSON array of the unique_ids the answer used
};

struct Lesson {
  Id id = 0;
  LessonKind kind = LessonKind::example;
  Id answer = 0;
  std::string user;
  std::string question;
  std::string text;
  std::string models;
  TimePoint created_at;
};

/// An answer that received feedback, with its tally.
struct RatedAnswer {
  Id answer = 0;
  std::string question;         ///< the newest user turn before the answer in its conversation; may be empty
  std::string text;             ///< the answer's text
  std::int64_t helpful = 0;     ///< "+1" feedback rows (reactions and buttons)
  std::int64_t not_helpful = 0; ///< "-1" feedback rows
  std::vector<std::string> comments; ///< comment feedback, oldest first
  TimePoint last_feedback;
};

class Lessons {
public:
  virtual ~Lessons() = default;

  /// Records a lesson. An example is kept once per (answer, user): a second
  /// 👍 by the same user on the same answer returns the existing id.
  /// Corrections are always added. Fails with key "store" when `answer` is
  /// not a turn.
  virtual Result<Id> add_lesson(const NewLesson& lesson, TimePoint now) = 0;

  /// Deletes the example lesson `user` gave for `answer` (their 👍 was
  /// removed). False when there was none.
  virtual Result<bool> retract_example(Id answer, std::string_view user) = 0;

  /// Lessons of `kind` (none: both), newest first, at most `limit`.
  virtual Result<std::vector<Lesson>> lessons(std::optional<LessonKind> kind, std::int64_t limit) = 0;

  /// Answers with feedback, most recent feedback first, at most `limit`.
  virtual Result<std::vector<RatedAnswer>> rated_answers(std::int64_t limit) = 0;

  /// Assistant turns recorded so far.
  virtual Result<std::int64_t> answer_count() = 0;
};

// --- Incidents, fix proposals, approvals -------------------------------------

enum class IncidentState { open, acknowledged, resolved, muted };

std::string_view to_string(IncidentState state);
std::optional<IncidentState> incident_state_from(std::string_view text);

struct NewIncident {
  std::string fingerprint; ///< groups repeats, e.g. node id + failure kind
  std::string title;
  std::string node;    ///< dbt unique_id, may be empty
  std::string details; ///< JSON
  /// The dbt run (invocation id) this occurrence came from; empty: none.
  /// Recording the same run twice for an unresolved incident counts it once.
  std::string run{};
};

struct Incident {
  Id id = 0;
  std::string fingerprint;
  std::string title;
  std::string node;
  std::string details;
  IncidentState state = IncidentState::open;
  std::int64_t occurrences = 0;
  std::optional<MessageRef> message; ///< the alert message, to update in place
  TimePoint created_at;
  TimePoint updated_at;
  std::string last_run{};                   ///< the run of the latest occurrence
  std::optional<TimePoint> alerted_at{};    ///< when `message` was last set
  std::optional<TimePoint> snoozed_until{}; ///< no alerts before this time
  std::optional<TimePoint> resolved_at{};   ///< when it last became resolved
};

struct IncidentUpsert {
  Incident incident;
  bool created = false; ///< false: an unresolved incident with this fingerprint existed
};

enum class ProposalState { proposed, approved, rejected, applied, failed };

std::string_view to_string(ProposalState state);
std::optional<ProposalState> proposal_state_from(std::string_view text);

struct NewProposal {
  std::optional<Id> incident;
  std::string title;
  std::string diff;    ///< unified diff
  std::string dry_run; ///< what the dry run printed
  std::string author;  ///< who or what proposed it ("steward" for the bot)
};

struct Proposal {
  Id id = 0;
  std::optional<Id> incident;
  std::string title;
  std::string diff;
  std::string dry_run;
  std::string author;
  ProposalState state = ProposalState::proposed;
  std::string branch;       ///< set once applied
  std::string pull_request; ///< URL, set once applied
  TimePoint created_at;
  TimePoint updated_at;
};

struct Approval {
  Id proposal = 0;
  std::string user;
  bool approved = false; ///< false: rejected
  std::string comment;
  TimePoint at;
};

class Incidents {
public:
  virtual ~Incidents() = default;

  /// Opens an incident, or — when one with the same fingerprint is not yet
  /// resolved — counts one more occurrence of it (title, details and
  /// `last_run` updated). An occurrence whose non-empty `run` equals the
  /// incident's `last_run` changes nothing (a redelivered run).
  virtual Result<IncidentUpsert> record_incident(const NewIncident& incident, TimePoint now) = 0;

  virtual Result<std::optional<Incident>> incident(Id id) = 0;

  /// The incident with `fingerprint` that is not resolved (open,
  /// acknowledged or muted), if any.
  virtual Result<std::optional<Incident>> unresolved_incident(std::string_view fingerprint) = 0;

  /// Holds alerts for incident `id` until `until` (none: lifts a snooze).
  /// False when `id` does not exist.
  virtual Result<bool> snooze_incident(Id id, std::optional<TimePoint> until, TimePoint now) = 0;

  /// Incidents in `state` (none: all), newest first.
  virtual Result<std::vector<Incident>> incidents(std::optional<IncidentState> state, std::int64_t limit) = 0;

  /// False when `id` does not exist. Moving to `resolved` sets `resolved_at`.
  virtual Result<bool> set_incident_state(Id id, IncidentState state, TimePoint now) = 0;
  /// Records the alert message (and `alerted_at = now`). False when `id` does not exist.
  virtual Result<bool> set_incident_message(Id id, const MessageRef& message, TimePoint now) = 0;

  virtual Result<Id> add_proposal(const NewProposal& proposal, TimePoint now) = 0;
  virtual Result<std::optional<Proposal>> proposal(Id id) = 0;
  virtual Result<std::vector<Proposal>> proposals_for(Id incident) = 0;

  /// Records a decision and moves the proposal from `proposed` to `approved`
  /// or `rejected` in the same transaction. False (nothing written) when the
  /// proposal is missing or already decided: a second approval never counts.
  virtual Result<bool> decide(const Approval& approval) = 0;

  virtual Result<std::vector<Approval>> approvals(Id proposal) = 0;

  /// Records the outcome of applying an approved proposal. False unless the
  /// proposal is `approved`; `state` must be `applied` or `failed`.
  virtual Result<bool> mark_applied(Id proposal, ProposalState state, std::string_view branch,
                                    std::string_view pull_request, TimePoint now) = 0;
};

// --- dbt runs ----------------------------------------------------------------------

/// One dbt invocation Steward has seen (from `target/run_results.json`, the
/// `/hooks/dbt` endpoint or a dbt Cloud webhook).
struct RunRecord {
  std::string invocation_id; ///< unique: a run is stored once
  std::string source;        ///< `file`, `hook`, `dbt_cloud`, `elementary`
  std::string generated_at;  ///< from the artifact's metadata, as written
  std::string summary;       ///< JSON: counts by status, the problem nodes
  TimePoint received_at;
};

class Runs {
public:
  virtual ~Runs() = default;

  /// Stores `run`. False (nothing changed) when a run with the same
  /// `invocation_id` is already stored.
  virtual Result<bool> record_run(const RunRecord& run) = 0;

  virtual Result<std::optional<RunRecord>> run(std::string_view invocation_id) = 0;

  /// The latest runs, newest `received_at` first, at most `limit`.
  virtual Result<std::vector<RunRecord>> recent_runs(std::int64_t limit) = 0;
};

// --- Audit log ----------------------------------------------------------------------

/// An action that changed something outside Steward (a branch pushed, a pull
/// request opened, a message deleted). Append-only: no call updates or
/// deletes entries, and the database refuses to.
struct AuditEntry {
  Id id = 0;           ///< ignored by `append_audit`
  std::string actor;   ///< who asked for it (user id) or "steward"
  std::string action;  ///< e.g. "git.push", "github.pull_request"
  std::string target;  ///< what it acted on
  std::string details; ///< JSON
  TimePoint at;
};

class AuditLog {
public:
  virtual ~AuditLog() = default;
  virtual Result<Id> append_audit(const AuditEntry& entry) = 0;
  /// Entries with id > `after`, oldest first, at most `limit`.
  virtual Result<std::vector<AuditEntry>> audit_entries(Id after, std::int64_t limit) = 0;
};

// --- Embedding cache and settings -------------------------------------------------

class EmbeddingCache {
public:
  virtual ~EmbeddingCache() = default;
  /// Stores (or replaces) the vector for (model, content hash).
  virtual Result<void> put_embedding(std::string_view model, std::string_view content_hash,
                                     std::span<const float> vector, TimePoint now) = 0;
  virtual Result<std::optional<std::vector<float>>> embedding(std::string_view model,
                                                              std::string_view content_hash) = 0;
};

class Settings {
public:
  virtual ~Settings() = default;
  virtual Result<void> put_setting(std::string_view key, std::string_view value, TimePoint now) = 0;
  virtual Result<std::optional<std::string>> setting(std::string_view key) = 0;
  /// False when the key did not exist.
  virtual Result<bool> erase_setting(std::string_view key) = 0;
};

// --- The whole store ---------------------------------------------------------------

/// Everything at once; components should depend on the narrow interfaces.
/// Opening a store (see the adapters' factories) applies pending migrations
/// and refuses a database whose schema is newer than the binary.
class Store : public EventLog,
              public JobQueue,
              public Conversations,
              public FeedbackLog,
              public Lessons,
              public Incidents,
              public Runs,
              public AuditLog,
              public EmbeddingCache,
              public Settings {
public:
  ~Store() override = default;

  /// "sqlite" or "postgres".
  [[nodiscard]] virtual std::string_view backend() const = 0;

  /// The highest migration applied.
  virtual Result<int> schema_version() = 0;

  /// Cheap round trip for readiness probes.
  virtual Result<void> ping() = 0;
};

} // namespace steward::store

#include "adapters/postgres/postgres_store.hpp"

#include <pqxx/nontransaction>

#include "adapters/postgres/conninfo.hpp"
#include "adapters/postgres/migrations.hpp"
#include "adapters/postgres/operations.hpp"
#include "adapters/postgres/pool.hpp"

namespace steward::postgres {
namespace {

using namespace store; // the port's vocabulary, in this file only

/// The Store port over a connection pool; each call is one of the functions
/// in operations.hpp.
class PostgresStore final : public Store {
public:
  explicit PostgresStore(std::unique_ptr<Pool> pool) : m_pool(std::move(pool)) {}

  [[nodiscard]] std::string_view backend() const override { return "postgres"; }
  Result<int> schema_version() override { return applied_version(*m_pool); }
  Result<void> ping() override {
    return m_pool->run("ping", [](pqxx::connection_base& connection) -> Result<void> {
      pqxx::nontransaction(connection).exec("SELECT 1");
      return {};
    });
  }

  // EventLog
  Result<bool> record_event(std::string_view platform, std::string_view event_id, TimePoint now,
                            Millis ttl) override {
    return postgres::record_event(*m_pool, platform, event_id, now, ttl);
  }
  Result<std::int64_t> purge_events(TimePoint now) override { return postgres::purge_events(*m_pool, now); }

  // JobQueue
  Result<Enqueued> enqueue(const NewJob& job, TimePoint now) override {
    return postgres::enqueue(*m_pool, job, now);
  }
  Result<std::vector<Job>> claim(std::string_view owner, int max, Millis lease, TimePoint now) override {
    return postgres::claim(*m_pool, owner, max, lease, now);
  }
  Result<bool> heartbeat(const Lease& lease, Millis extend, TimePoint now) override {
    return postgres::heartbeat(*m_pool, lease, extend, now);
  }
  Result<bool> complete(const Lease& lease, TimePoint now) override {
    return postgres::complete(*m_pool, lease, now);
  }
  Result<FailOutcome> fail(const Lease& lease, std::string_view error, TimePoint retry_at,
                           TimePoint now) override {
    return fail_job(*m_pool, lease, error, retry_at, now);
  }
  Result<std::optional<Job>> job(Id id) override { return postgres::job(*m_pool, id); }
  Result<std::vector<Job>> jobs(const JobFilter& filter) override { return postgres::jobs(*m_pool, filter); }
  Result<bool> requeue(Id id, TimePoint now) override { return postgres::requeue(*m_pool, id, now); }
  Result<std::int64_t> requeue_dead(TimePoint now) override { return postgres::requeue_dead(*m_pool, now); }
  Result<QueueCounts> counts(TimePoint now) override { return postgres::counts(*m_pool, now); }

  // Conversations
  Result<Id> conversation(const ConversationKey& key, TimePoint now) override {
    return postgres::conversation(*m_pool, key, now);
  }
  Result<Id> add_turn(Id conversation, const NewTurn& turn, TimePoint now) override {
    return postgres::add_turn(*m_pool, conversation, turn, now);
  }
  Result<std::vector<Turn>> turns(Id conversation, std::int64_t limit) override {
    return postgres::turns(*m_pool, conversation, limit);
  }
  Result<std::optional<Turn>> turn_by_message(const MessageRef& message) override {
    return postgres::turn_by_message(*m_pool, message);
  }
  Result<void> add_tool_steps(Id turn, std::span<const ToolStep> steps) override {
    return postgres::add_tool_steps(*m_pool, turn, steps);
  }
  Result<std::vector<ToolStep>> tool_steps(Id turn) override { return postgres::tool_steps(*m_pool, turn); }

  // FeedbackLog
  Result<Id> add_feedback(const Feedback& feedback) override {
    return postgres::add_feedback(*m_pool, feedback);
  }
  Result<std::vector<Feedback>> feedback_for(Id answer) override {
    return postgres::feedback_for(*m_pool, answer);
  }
  Result<std::vector<Feedback>> recent_feedback(std::int64_t limit) override {
    return postgres::recent_feedback(*m_pool, limit);
  }

  // Lessons
  Result<Id> add_lesson(const NewLesson& lesson, TimePoint now) override {
    return postgres::add_lesson(*m_pool, lesson, now);
  }
  Result<bool> retract_example(Id answer, std::string_view user) override {
    return postgres::retract_example(*m_pool, answer, user);
  }
  Result<std::vector<Lesson>> lessons(std::optional<LessonKind> kind, std::int64_t limit) override {
    return postgres::lessons(*m_pool, kind, limit);
  }
  Result<std::vector<RatedAnswer>> rated_answers(std::int64_t limit) override {
    return postgres::rated_answers(*m_pool, limit);
  }
  Result<std::int64_t> answer_count() override { return postgres::answer_count(*m_pool); }

  // Incidents
  Result<IncidentUpsert> record_incident(const NewIncident& incident, TimePoint now) override {
    return postgres::record_incident(*m_pool, incident, now);
  }
  Result<std::optional<Incident>> incident(Id id) override { return postgres::incident(*m_pool, id); }
  Result<std::optional<Incident>> unresolved_incident(std::string_view fingerprint) override {
    return postgres::unresolved_incident(*m_pool, fingerprint);
  }
  Result<bool> snooze_incident(Id id, std::optional<TimePoint> until, TimePoint now) override {
    return postgres::snooze_incident(*m_pool, id, until, now);
  }
  Result<std::vector<Incident>> incidents(std::optional<IncidentState> state, std::int64_t limit) override {
    return postgres::incidents(*m_pool, state, limit);
  }
  Result<bool> set_incident_state(Id id, IncidentState state, TimePoint now) override {
    return postgres::set_incident_state(*m_pool, id, state, now);
  }
  Result<bool> set_incident_message(Id id, const MessageRef& message, TimePoint now) override {
    return postgres::set_incident_message(*m_pool, id, message, now);
  }
  Result<Id> add_proposal(const NewProposal& proposal, TimePoint now) override {
    return postgres::add_proposal(*m_pool, proposal, now);
  }
  Result<std::optional<Proposal>> proposal(Id id) override { return postgres::proposal(*m_pool, id); }
  Result<std::vector<Proposal>> proposals_for(Id incident) override {
    return postgres::proposals_for(*m_pool, incident);
  }
  Result<bool> decide(const Approval& approval) override { return postgres::decide(*m_pool, approval); }
  Result<std::vector<Approval>> approvals(Id proposal) override {
    return postgres::approvals(*m_pool, proposal);
  }
  Result<bool> mark_applied(Id proposal, ProposalState state, std::string_view branch,
                            std::string_view pull_request, TimePoint now) override {
    return postgres::mark_applied(*m_pool, proposal, state, branch, pull_request, now);
  }

  // Runs
  Result<bool> record_run(const RunRecord& run) override { return postgres::record_run(*m_pool, run); }
  Result<std::optional<RunRecord>> run(std::string_view invocation_id) override {
    return postgres::run(*m_pool, invocation_id);
  }
  Result<std::vector<RunRecord>> recent_runs(std::int64_t limit) override {
    return postgres::recent_runs(*m_pool, limit);
  }

  // AuditLog
  Result<Id> append_audit(const AuditEntry& entry) override { return postgres::append_audit(*m_pool, entry); }
  Result<std::vector<AuditEntry>> audit_entries(Id after, std::int64_t limit) override {
    return postgres::audit_entries(*m_pool, after, limit);
  }

  // EmbeddingCache
  Result<void> put_embedding(std::string_view model, std::string_view content_hash,
                             std::span<const float> vector, TimePoint now) override {
    return postgres::put_embedding(*m_pool, model, content_hash, vector, now);
  }
  Result<std::optional<std::vector<float>>> embedding(std::string_view model,
                                                      std::string_view content_hash) override {
    return postgres::embedding(*m_pool, model, content_hash);
  }

  // Settings
  Result<void> put_setting(std::string_view key, std::string_view value, TimePoint now) override {
    return postgres::put_setting(*m_pool, key, value, now);
  }
  Result<std::optional<std::string>> setting(std::string_view key) override {
    return postgres::setting(*m_pool, key);
  }
  Result<bool> erase_setting(std::string_view key) override { return postgres::erase_setting(*m_pool, key); }

private:
  std::unique_ptr<Pool> m_pool;
};

} // namespace

Result<std::unique_ptr<store::Store>> open_postgres_store(const PostgresOptions& options) {
  if (options.pool_size < 1) {
    return fail("store.pool_size", "must be at least 1, not " + std::to_string(options.pool_size));
  }
  auto info = make_conninfo(options.url, options.password, options.connect_timeout);
  if (!info) {
    return tl::unexpected(std::move(info.error()));
  }
  auto pool = Pool::open(std::move(*info), options.pool_size, &prepare_job_statements);
  if (!pool) {
    return tl::unexpected(std::move(pool.error()));
  }
  if (auto migrated = migrate(**pool); !migrated) {
    return tl::unexpected(std::move(migrated.error()));
  }
  return std::make_unique<PostgresStore>(std::move(*pool));
}

} // namespace steward::postgres

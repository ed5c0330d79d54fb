#include "adapters/sqlite/sqlite_store.hpp"

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "adapters/sqlite/connection.hpp"
#include "adapters/sqlite/migrations.hpp"
#include "adapters/sqlite/opening.hpp"
#include "adapters/sqlite/queries.hpp"
#include "adapters/sqlite/query.hpp"

namespace steward::sqlite {
namespace {

using namespace store;

/// The Store over one SQLite connection. Calls run one batch at a time (see
/// `locked`), so the store is thread-safe and has one writer; other
/// processes wait for the file lock up to the busy timeout.
class SqliteStore final : public Store {
public:
  explicit SqliteStore(std::unique_ptr<Connection> db) : m_db(std::move(db)) {}

  // EventLog
  Result<bool> record_event(std::string_view platform, std::string_view event_id, TimePoint now,
                            Millis ttl) override {
    return locked([&] { return events::record_event(*m_db, platform, event_id, now, ttl); });
  }
  Result<std::int64_t> purge_events(TimePoint now) override {
    return locked([&] { return events::purge_events(*m_db, now); });
  }

  // JobQueue
  Result<Enqueued> enqueue(const NewJob& job, TimePoint now) override {
    return locked([&] { return jobs::enqueue(*m_db, job, now); });
  }
  Result<std::vector<Enqueued>> enqueue_all(std::span<const NewJob> batch, TimePoint now) override {
    return locked([&] { return jobs::enqueue_all(*m_db, batch, now); });
  }
  Result<std::vector<Job>> claim(std::string_view owner, int max, Millis lease, TimePoint now) override {
    return locked([&] { return jobs::claim(*m_db, owner, max, lease, now); });
  }
  Result<bool> heartbeat(const Lease& lease, Millis extend, TimePoint now) override {
    return locked([&] { return jobs::heartbeat(*m_db, lease, extend, now); });
  }
  Result<bool> complete(const Lease& lease, TimePoint now) override {
    return locked([&] { return jobs::complete(*m_db, lease, now); });
  }
  Result<FailOutcome> fail(const Lease& lease, std::string_view error, TimePoint retry_at,
                           TimePoint now) override {
    return locked([&] { return jobs::fail_job(*m_db, lease, error, retry_at, now); });
  }
  Result<std::optional<Job>> job(Id id) override {
    return locked([&] { return jobs::job(*m_db, id); });
  }
  Result<std::vector<Job>> jobs(const JobFilter& filter) override {
    return locked([&] { return jobs::list(*m_db, filter); });
  }
  Result<bool> requeue(Id id, TimePoint now) override {
    return locked([&] { return jobs::requeue(*m_db, id, now); });
  }
  Result<std::int64_t> requeue_dead(TimePoint now) override {
    return locked([&] { return jobs::requeue_dead(*m_db, now); });
  }
  Result<QueueCounts> counts(TimePoint now) override {
    return locked([&] { return jobs::counts(*m_db, now); });
  }

  // Conversations
  Result<Id> conversation(const ConversationKey& key, TimePoint now) override {
    return locked([&] { return conversations::conversation(*m_db, key, now); });
  }
  Result<Id> add_turn(Id conversation, const NewTurn& turn, TimePoint now) override {
    return locked([&] { return conversations::add_turn(*m_db, conversation, turn, now); });
  }
  Result<std::vector<Turn>> turns(Id conversation, std::int64_t limit) override {
    return locked([&] { return conversations::turns(*m_db, conversation, limit); });
  }
  Result<std::optional<Turn>> turn_by_message(const MessageRef& message) override {
    return locked([&] { return conversations::turn_by_message(*m_db, message); });
  }
  Result<void> add_tool_steps(Id turn, std::span<const ToolStep> steps) override {
    return locked([&] { return conversations::add_tool_steps(*m_db, turn, steps); });
  }
  Result<std::vector<ToolStep>> tool_steps(Id turn) override {
    return locked([&] { return conversations::tool_steps(*m_db, turn); });
  }

  // FeedbackLog
  Result<Id> add_feedback(const Feedback& feedback) override {
    return locked([&] { return conversations::add_feedback(*m_db, feedback); });
  }
  Result<std::vector<Feedback>> feedback_for(Id answer) override {
    return locked([&] { return conversations::feedback_for(*m_db, answer); });
  }
  Result<std::vector<Feedback>> recent_feedback(std::int64_t limit) override {
    return locked([&] { return conversations::recent_feedback(*m_db, limit); });
  }

  // Lessons
  Result<Id> add_lesson(const NewLesson& lesson, TimePoint now) override {
    return locked([&] { return lessons::add_lesson(*m_db, lesson, now); });
  }
  Result<bool> retract_example(Id answer, std::string_view user) override {
    return locked([&] { return lessons::retract_example(*m_db, answer, user); });
  }
  Result<std::vector<Lesson>> lessons(std::optional<LessonKind> kind, std::int64_t limit) override {
    return locked([&] { return lessons::list(*m_db, kind, limit); });
  }
  Result<std::vector<RatedAnswer>> rated_answers(std::int64_t limit) override {
    return locked([&] { return lessons::rated_answers(*m_db, limit); });
  }
  Result<std::int64_t> answer_count() override {
    return locked([&] { return lessons::answer_count(*m_db); });
  }

  // Incidents
  Result<IncidentUpsert> record_incident(const NewIncident& incident, TimePoint now) override {
    return locked([&] { return incidents::record_incident(*m_db, incident, now); });
  }
  Result<std::optional<Incident>> incident(Id id) override {
    return locked([&] { return incidents::incident(*m_db, id); });
  }
  Result<std::optional<Incident>> unresolved_incident(std::string_view fingerprint) override {
    return locked([&] { return incidents::unresolved(*m_db, fingerprint); });
  }
  Result<bool> snooze_incident(Id id, std::optional<TimePoint> until, TimePoint now) override {
    return locked([&] { return incidents::snooze(*m_db, id, until, now); });
  }
  Result<std::vector<Incident>> incidents(std::optional<IncidentState> state, std::int64_t limit) override {
    return locked([&] { return incidents::list(*m_db, state, limit); });
  }
  Result<bool> set_incident_state(Id id, IncidentState state, TimePoint now) override {
    return locked([&] { return incidents::set_state(*m_db, id, state, now); });
  }
  Result<bool> set_incident_message(Id id, const MessageRef& message, TimePoint now) override {
    return locked([&] { return incidents::set_message(*m_db, id, message, now); });
  }
  Result<Id> add_proposal(const NewProposal& proposal, TimePoint now) override {
    return locked([&] { return proposals::add_proposal(*m_db, proposal, now); });
  }
  Result<std::optional<Proposal>> proposal(Id id) override {
    return locked([&] { return proposals::proposal(*m_db, id); });
  }
  Result<std::vector<Proposal>> proposals_for(Id incident) override {
    return locked([&] { return proposals::proposals_for(*m_db, incident); });
  }
  Result<bool> decide(const Approval& approval) override {
    return locked([&] { return proposals::decide(*m_db, approval); });
  }
  Result<std::vector<Approval>> approvals(Id proposal) override {
    return locked([&] { return proposals::approvals(*m_db, proposal); });
  }
  Result<bool> mark_applied(Id proposal, ProposalState state, std::string_view branch,
                            std::string_view pull_request, TimePoint now) override {
    return locked([&] { return proposals::mark_applied(*m_db, proposal, state, branch, pull_request, now); });
  }

  // Runs
  Result<bool> record_run(const RunRecord& run) override {
    return locked([&] { return runs::record_run(*m_db, run); });
  }
  Result<std::optional<RunRecord>> run(std::string_view invocation_id) override {
    return locked([&] { return runs::run(*m_db, invocation_id); });
  }
  Result<std::vector<RunRecord>> recent_runs(std::int64_t limit) override {
    return locked([&] { return runs::recent_runs(*m_db, limit); });
  }

  // AuditLog
  Result<Id> append_audit(const AuditEntry& entry) override {
    return locked([&] { return records::append_audit(*m_db, entry); });
  }
  Result<std::vector<AuditEntry>> audit_entries(Id after, std::int64_t limit) override {
    return locked([&] { return records::audit_entries(*m_db, after, limit); });
  }

  // EmbeddingCache
  Result<void> put_embedding(std::string_view model, std::string_view content_hash,
                             std::span<const float> vector, TimePoint now) override {
    return locked([&] { return records::put_embedding(*m_db, model, content_hash, vector, now); });
  }
  Result<std::optional<std::vector<float>>> embedding(std::string_view model,
                                                      std::string_view content_hash) override {
    return locked([&] { return records::embedding(*m_db, model, content_hash); });
  }

  // Settings
  Result<void> put_setting(std::string_view key, std::string_view value, TimePoint now) override {
    return locked([&] { return records::put_setting(*m_db, key, value, now); });
  }
  Result<std::optional<std::string>> setting(std::string_view key) override {
    return locked([&] { return records::setting(*m_db, key); });
  }
  Result<bool> erase_setting(std::string_view key) override {
    return locked([&] { return records::erase_setting(*m_db, key); });
  }

  // Store
  [[nodiscard]] std::string_view backend() const override { return "sqlite"; }
  Result<int> schema_version() override {
    return locked([&] { return applied_version(*m_db); });
  }
  Result<void> ping() override {
    return locked([&] {
      return query_one<std::int64_t>(
                 *m_db, "SELECT 1", [](Statement&) {}, [](const Statement& row) { return row.integer(0); })
          .map([](const std::optional<std::int64_t>&) {});
    });
  }

private:
  /// One caller's operation, waiting to run in a batch.
  struct Task {
    std::function<void()> run;        ///< runs the operation, keeping its result
    std::optional<Error> batch_error; ///< set when the batch's COMMIT failed
    bool done = false;
  };

  /// Runs `body` as one operation. Concurrent callers are grouped: one of
  /// them (the leader) runs every waiting operation inside a single
  /// transaction, each under its own savepoint, and commits once (group
  /// commit). A failed operation undoes only its own savepoint; a failed
  /// COMMIT fails every operation of the batch, so an error still means
  /// nothing was written. An exception (only ever `bad_alloc` and the like)
  /// rolls back and becomes an error instead of escaping.
  template <typename Body>
  auto locked(Body&& body) -> decltype(body()) {
    using R = decltype(body());
    std::optional<R> result;
    Task task;
    task.run = [&] { result.emplace(guarded(body)); };
    submit(task);
    if (task.batch_error) {
      return tl::unexpected(*task.batch_error);
    }
    return std::move(*result);
  }

  template <typename Body>
  auto guarded(Body& body) -> decltype(body()) {
    try {
      return body();
    } catch (const std::exception& error) {
      m_db->rollback();
      return steward::fail("store", std::string("unexpected failure: ") + error.what());
    } catch (...) {
      m_db->rollback();
      return steward::fail("store", "unexpected failure");
    }
  }

  /// Queues `task` and returns once it ran, leading a batch when no one else is.
  void submit(Task& task) {
    std::unique_lock lock(m_queue_mutex);
    m_pending.push_back(&task);
    while (!task.done) {
      if (m_leading) {
        m_ran.wait(lock);
        continue;
      }
      m_leading = true;
      std::vector<Task*> batch;
      batch.swap(m_pending);
      lock.unlock();
      run_batch(batch);
      lock.lock();
      for (Task* one : batch) {
        one->done = true;
      }
      m_leading = false; // a waiting caller leads the next batch
      m_ran.notify_all();
    }
  }

  void run_batch(const std::vector<Task*>& batch) {
    if (batch.size() == 1) {
      batch.front()->run(); // its own transaction: no savepoint needed
      return;
    }
    auto fail_all = [&](const Error& error) {
      for (Task* one : batch) {
        one->batch_error = error;
      }
    };
    if (auto began = m_db->begin_batch(); !began) {
      fail_all(began.error());
      return;
    }
    for (Task* one : batch) {
      one->run();
    }
    if (auto committed = m_db->commit_batch(); !committed) {
      m_db->rollback_batch();
      fail_all(committed.error());
    }
  }

  std::unique_ptr<Connection> m_db; ///< used by the leader only
  std::mutex m_queue_mutex;
  std::condition_variable m_ran;
  std::vector<Task*> m_pending;
  bool m_leading = false;
};

} // namespace

Result<std::unique_ptr<store::Store>> open_sqlite_store(const SqliteOptions& options) {
  try {
    auto db = open_database(options);
    if (!db) {
      return tl::unexpected(db.error());
    }
    return std::unique_ptr<store::Store>(std::make_unique<SqliteStore>(std::move(*db)));
  } catch (const std::exception& error) {
    return steward::fail(options.path.string(),
                         std::string("cannot open the database (") + error.what() + ")");
  }
}

int sqlite_schema_version() {
  return latest_migration_version();
}

} // namespace steward::sqlite

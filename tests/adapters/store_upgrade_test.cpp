// Opening a database an older steward left behind: the store applies the
// migrations after it and keeps the data. Each test builds a version-1
// database by hand (the first migration's own SQL plus a few rows), then opens
// it with the store, against SQLite and PostgreSQL.
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <pqxx/connection>
#include <pqxx/transaction>
#include <sqlite3.h>

#include "adapters/postgres/migrations.hpp"
#include "adapters/sqlite/migrations.hpp"
#include "tests/support/store_fixture.hpp"

namespace steward::testing {
namespace {

constexpr const char* k_create_migrations = "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                                            "name TEXT NOT NULL, applied_at BIGINT NOT NULL);";

// Version-1 rows: a question, its answer and a 👍 on it. Literals go into
// BYTEA columns unchanged on PostgreSQL.
constexpr const char* k_v1_rows = R"sql(
INSERT INTO conversations (platform, workspace, channel, thread, created_at)
  VALUES ('slack', 'T1', 'C1', '1.0', 1000);
INSERT INTO turns (conversation_id, role, user_id, text, platform, workspace, channel, message, tokens,
                   created_at)
  SELECT id, 'user', 'U1', 'what is fct_orders?', 'slack', 'T1', 'C1', '1.1', 0, 1000 FROM conversations;
INSERT INTO turns (conversation_id, role, user_id, text, platform, workspace, channel, message, tokens,
                   created_at)
  SELECT id, 'assistant', 'B1', 'one row per order', 'slack', 'T1', 'C1', '1.2', 9, 2000 FROM conversations;
INSERT INTO feedback (answer_id, user_id, kind, value, at)
  SELECT id, 'U1', 'reaction', '+1', 3000 FROM turns WHERE role = 'assistant';
)sql";

// Version-2 rows: an open incident that was alerted and a resolved one.
constexpr const char* k_v2_incidents = R"sql(
INSERT INTO incidents (fingerprint, title, node, details, state, occurrences, message_platform,
                       message_workspace, message_channel, message_id, created_at, updated_at)
  VALUES ('model.shop.fct_orders:error', 'fct_orders failed', 'model.shop.fct_orders', '{}', 'open', 2,
          'slack', 'T1', 'C-alerts', '1.5', 1000, 5000);
INSERT INTO incidents (fingerprint, title, node, details, state, occurrences, created_at, updated_at)
  VALUES ('model.shop.dim_customers:error', 'dim_customers failed', 'model.shop.dim_customers', '{}',
          'resolved', 1, 2000, 6000);
)sql";

/// Runs `sql` on a new SQLite file at `path`; throws on failure.
void sqlite_exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> owned(nullptr, &sqlite3_close_v2);
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    sqlite3_close_v2(db);
    throw std::runtime_error("cannot create " + path);
  }
  owned.reset(db);
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string error = message != nullptr ? message : "error";
    sqlite3_free(message);
    throw std::runtime_error(error);
  }
}

/// The SQL of the first `version` migrations in `all`, with their
/// `schema_migrations` rows, then `rows`.
template <typename Migrations>
std::string schema_at(const Migrations& all, int version, const std::string& rows) {
  std::string sql;
  std::string recorded = k_create_migrations;
  for (int index = 0; index < version; ++index) {
    const auto& migration = all[static_cast<std::size_t>(index)];
    sql += std::string(migration.sql) + ";\n";
    recorded += "INSERT INTO schema_migrations VALUES (" + std::to_string(migration.version) + ", '" +
                std::string(migration.name) + "', 0);";
  }
  return sql + recorded + rows;
}

class StoreUpgrade : public ::testing::TestWithParam<std::string> {
protected:
  /// A database at schema version `version` holding `rows`; where it lives.
  StoreTarget old_database(int version, const std::string& rows) {
    if (GetParam() == "postgres") {
      auto server = pg_server();
      if (!server) {
        return {};
      }
      StoreTarget target{"postgres", fresh_pg_database(*server), server->password};
      pqxx::connection connection(pg_admin_url(target.location, target.password));
      pqxx::work work(connection);
      work.exec(schema_at(postgres::migrations(), version, rows));
      work.commit();
      return target;
    }
    const std::string file = (m_dir.path() / "steward.db").string();
    sqlite_exec(file, schema_at(sqlite::migrations(), version, rows));
    return {"sqlite", file, ""};
  }

  /// Skips (or fails, see STEWARD_REQUIRE_PG) without a PostgreSQL server.
  void SetUp() override {
    if (GetParam() == "postgres") {
      auto server = pg_server();
      STEWARD_REQUIRE_PG(server);
    }
  }

  [[nodiscard]] int latest() const {
    return GetParam() == "sqlite" ? sqlite::sqlite_schema_version() : postgres::postgres_schema_version();
  }

private:
  TempDir m_dir;
};
STEWARD_STORE_SUITE(StoreUpgrade);

TEST_P(StoreUpgrade, AVersion1DatabaseGainsLessonsAndKeepsItsData) {
  auto opened = open_target(old_database(1, k_v1_rows));
  ASSERT_TRUE(opened) << opened.error().to_string();
  store::Store& store = **opened;

  // Every later migration ran; version 2 (lessons) is among them.
  EXPECT_GE(latest(), 2);
  EXPECT_EQ(must(store.schema_version()), latest());

  auto answer = must(store.turn_by_message({"slack", "T1", "C1", "1.2"}));
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ(answer->text, "one row per order");
  EXPECT_EQ(must(store.answer_count()), 1);
  auto rated = must(store.rated_answers(10));
  ASSERT_EQ(rated.size(), 1U);
  EXPECT_EQ(rated[0].answer, answer->id);
  EXPECT_EQ(rated[0].question, "what is fct_orders?");
  EXPECT_EQ(rated[0].helpful, 1);

  const store::NewLesson example{store::LessonKind::example, answer->id,   "U1",
                                 rated[0].question,          answer->text, "[]"};
  const store::Id lesson = must(store.add_lesson(example, store::TimePoint(store::Millis(4000))));
  auto lessons = must(store.lessons(std::nullopt, 10));
  ASSERT_EQ(lessons.size(), 1U);
  EXPECT_EQ(lessons[0].id, lesson);
  EXPECT_EQ(lessons[0].answer, answer->id);

  // The old tables keep working alongside the new one.
  const store::Id conversation = must(store.conversation({"slack", "T1", "C1", "1.0"}, store::TimePoint{}));
  EXPECT_EQ(conversation, answer->conversation_id);
  must(store.add_turn(conversation, {"assistant", "B1", "more", "1.3", 1}, store::TimePoint{}));
  EXPECT_EQ(must(store.answer_count()), 2);
}

TEST_P(StoreUpgrade, AVersion2DatabaseKeepsItsIncidentsAndGainsRuns) {
  auto opened = open_target(old_database(2, k_v2_incidents));
  ASSERT_TRUE(opened) << opened.error().to_string();
  store::Store& store = **opened;
  EXPECT_GE(latest(), 3);
  EXPECT_EQ(must(store.schema_version()), latest());
  const auto ms = [](std::int64_t count) { return store::TimePoint(store::Millis(count)); };

  // The open incident: as it was, its alert time taken from its last update.
  auto open = must(store.unresolved_incident("model.shop.fct_orders:error"));
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(open->title, "fct_orders failed");
  EXPECT_EQ(open->occurrences, 2);
  ASSERT_TRUE(open->message.has_value());
  EXPECT_EQ(open->message->message, "1.5");
  EXPECT_EQ(open->created_at, ms(1000));
  EXPECT_EQ(open->last_run, "");
  EXPECT_EQ(open->alerted_at, ms(5000));
  EXPECT_FALSE(open->snoozed_until.has_value());
  EXPECT_FALSE(open->resolved_at.has_value());

  // The resolved one: not unresolved, its resolution time taken the same way.
  EXPECT_FALSE(must(store.unresolved_incident("model.shop.dim_customers:error")).has_value());
  auto all = must(store.incidents(store::IncidentState::resolved, 10));
  ASSERT_EQ(all.size(), 1U);
  EXPECT_EQ(all[0].title, "dim_customers failed");
  EXPECT_EQ(all[0].resolved_at, ms(6000));
  EXPECT_FALSE(all[0].alerted_at.has_value());

  // The new columns and table work on the old rows.
  store::NewIncident repeat{"model.shop.fct_orders:error", "fct_orders failed again", "model.shop.fct_orders",
                            "{}"};
  repeat.run = "run-9";
  EXPECT_EQ(must(store.record_incident(repeat, ms(7000))).incident.occurrences, 3);
  auto redelivered = must(store.record_incident(repeat, ms(8000)));
  EXPECT_FALSE(redelivered.created);
  EXPECT_EQ(redelivered.incident.id, open->id);
  EXPECT_EQ(redelivered.incident.occurrences, 3);
  EXPECT_TRUE(must(store.snooze_incident(open->id, ms(9000), ms(8000))));
  EXPECT_TRUE(must(store.record_run({"run-9", "file", "", "{}", ms(7000)})));
  EXPECT_EQ(must(store.recent_runs(5)).size(), 1U);
}

} // namespace
} // namespace steward::testing

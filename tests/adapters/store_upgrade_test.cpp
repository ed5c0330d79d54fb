// Opening a database an older steward left behind: the store applies the
// migrations after it and keeps the data. Each test builds a version-1
// database by hand (the first migration's own SQL plus a few rows), then opens
// it with the store, against SQLite and PostgreSQL.
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

class StoreUpgrade : public ::testing::TestWithParam<std::string> {
protected:
  /// A database at schema version 1 holding `k_v1_rows`; where it lives.
  StoreTarget version_1_database() {
    if (GetParam() == "postgres") {
      auto server = pg_server();
      if (!server) {
        return {};
      }
      StoreTarget target{"postgres", fresh_pg_database(*server), server->password};
      pqxx::connection connection(pg_admin_url(target.location, target.password));
      pqxx::work work(connection);
      work.exec(std::string(postgres::migrations()[0].sql));
      work.exec(std::string(k_create_migrations) + "INSERT INTO schema_migrations VALUES (1, 'initial', 0);" +
                k_v1_rows);
      work.commit();
      return target;
    }
    const std::string file = (m_dir.path() / "steward.db").string();
    sqlite_exec(file, std::string(sqlite::migrations()[0].sql) + k_create_migrations +
                          "INSERT INTO schema_migrations VALUES (1, 'initial schema', 0);" + k_v1_rows);
    return {"sqlite", file, ""};
  }

private:
  TempDir m_dir;
};
STEWARD_STORE_SUITE(StoreUpgrade);

TEST_P(StoreUpgrade, AVersion1DatabaseGainsLessonsAndKeepsItsData) {
  if (GetParam() == "postgres") {
    auto server = pg_server();
    STEWARD_REQUIRE_PG(server);
  }
  const StoreTarget target = version_1_database();
  auto opened = open_target(target);
  ASSERT_TRUE(opened) << opened.error().to_string();
  store::Store& store = **opened;

  // Every later migration ran; version 2 (lessons) is among them.
  const int latest =
      GetParam() == "sqlite" ? sqlite::sqlite_schema_version() : postgres::postgres_schema_version();
  EXPECT_GE(latest, 2);
  EXPECT_EQ(must(store.schema_version()), latest);

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

} // namespace
} // namespace steward::testing

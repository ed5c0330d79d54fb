// SQLite-specific behaviour of the SQLite store, on real files: WAL mode,
// persistence, refusing bad files and directories without touching them,
// migrations, the database-enforced append-only audit log and concurrent
// claims. The backend-neutral contract is checked by store_conformance_test.
#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "adapters/sqlite/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::sqlite {
namespace {

namespace fs = std::filesystem;
using store::Millis;
using store::TimePoint;

TimePoint at(std::int64_t millis) {
  return TimePoint(Millis(millis));
}

std::unique_ptr<store::Store> open_store(const fs::path& path, bool full_sync = true) {
  auto opened = open_sqlite_store(SqliteOptions{path, Millis(5000), full_sync});
  EXPECT_TRUE(opened) << opened.error().to_string();
  return opened ? std::move(*opened) : nullptr;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(fs::file_size(path)), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return bytes;
}

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

/// A second connection to the file, as another program would open it.
class RawDb {
public:
  explicit RawDb(const fs::path& path) {
    sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE, nullptr);
  }
  ~RawDb() { sqlite3_close_v2(m_db); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  RawDb(RawDb&&) = delete;
  RawDb& operator=(RawDb&&) = delete;

  /// Runs `sql`; returns "" or the error message.
  std::string exec(const std::string& sql) {
    char* message = nullptr;
    const int code = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message);
    std::string error = code == SQLITE_OK ? "" : (message != nullptr ? message : "error");
    sqlite3_free(message);
    return error;
  }

  /// The first column of the first row as text ("" when none).
  std::string text(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string value;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      const auto* data = sqlite3_column_text(stmt, 0);
      value = data != nullptr ? reinterpret_cast<const char*>(data) : "";
    }
    sqlite3_finalize(stmt);
    return value;
  }

private:
  sqlite3* m_db = nullptr;
};

TEST(SqliteStore, OpensInWalModeAndRecordsItsMigrations) {
  testing::TempDir dir;
  const fs::path file = dir.path() / "state" / "nested" / "steward.db";
  auto store = open_store(file, false);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->backend(), "sqlite");
  EXPECT_TRUE(store->ping());
  ASSERT_EQ(store->schema_version(), sqlite_schema_version());

  RawDb raw(file);
  EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.text("SELECT COUNT(*) FROM schema_migrations"), std::to_string(sqlite_schema_version()));
  EXPECT_EQ(raw.text("SELECT name FROM schema_migrations WHERE version = 1"), "initial schema");
  EXPECT_NE(raw.text("SELECT applied_at FROM schema_migrations WHERE version = 1"), "");
}

TEST(SqliteStore, DataSurvivesReopening) {
  testing::TempDir dir;
  const fs::path file = dir.path() / "steward.db";
  store::Id job = 0;
  store::Id turn = 0;
  {
    auto store = open_store(file);
    ASSERT_TRUE(store);
    job = store->enqueue({"slack.event", "{\"a\":1}", "evt-1", 3, std::nullopt}, at(1000))->id;
    const store::Id conversation = *store->conversation({"slack", "T1", "C1", "1.0"}, at(1000));
    turn = *store->add_turn(conversation, {"assistant", "B1", "hi", "1.1", 7}, at(1001));
    ASSERT_TRUE(store->put_setting("k", std::string("v\0w", 3), at(1002)));
    const std::array<float, 3> vector{1.5F, -0.25F, 3e-8F};
    ASSERT_TRUE(store->put_embedding("m", "h", vector, at(1003)));
    ASSERT_TRUE(store->append_audit({0, "U1", "git.push", "main", "{}", at(1004)}));
    ASSERT_TRUE(store->record_event("slack", "E1", at(1000), Millis(60000)));
  }
  auto store = open_store(file);
  ASSERT_TRUE(store);
  auto stored = store->job(job);
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->payload, "{\"a\":1}");
  EXPECT_EQ((*stored)->idempotency_key, "evt-1");
  EXPECT_EQ((*stored)->run_at, at(1000));
  EXPECT_FALSE(store->enqueue({"slack.event", "{}", "evt-1", 3, std::nullopt}, at(2000))->created);
  auto found = store->turn_by_message({"slack", "T1", "C1", "1.1"});
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, turn);
  EXPECT_EQ(store->setting("k").value(), std::string("v\0w", 3));
  EXPECT_EQ(store->embedding("m", "h").value(), (std::vector<float>{1.5F, -0.25F, 3e-8F}));
  EXPECT_EQ(store->audit_entries(0, 10)->size(), 1U);
  EXPECT_EQ(store->record_event("slack", "E1", at(2000), Millis(60000)), false);
}

TEST(SqliteStore, EmptyIdempotencyKeysAreStoredAsNull) {
  testing::TempDir dir;
  const fs::path file = dir.path() / "steward.db";
  auto store = open_store(file);
  ASSERT_TRUE(store);
  auto first = store->enqueue({"k", "1", "", 5, std::nullopt}, at(0));
  auto second = store->enqueue({"k", "2", "", 5, std::nullopt}, at(0));
  ASSERT_TRUE(first && second);
  EXPECT_TRUE(first->created && second->created);
  EXPECT_NE(first->id, second->id);
  RawDb raw(file);
  EXPECT_EQ(raw.text("SELECT COUNT(*) FROM jobs WHERE idempotency_key IS NULL"), "2");
}

TEST(SqliteStore, RefusesCorruptFilesWithoutChangingThem) {
  testing::TempDir dir;
  std::string noise(8192, '\0');
  std::uint32_t state = 12345;
  for (char& byte : noise) {
    state = state * 1103515245U + 12345U;
    byte = static_cast<char>(state >> 24);
  }
  for (const std::string& content : {noise, std::string("just some notes, not a database\n")}) {
    const fs::path file = dir.write("steward.db", content);
    auto opened = open_sqlite_store(SqliteOptions{file});
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().to_string(),
              file.string() + ": not a Steward database (file is not a database)");
    EXPECT_EQ(read_bytes(file), content);
    EXPECT_EQ(names_in(dir.path()), std::set<std::string>{"steward.db"});
  }
}

TEST(SqliteStore, RefusesAnotherProgramsDatabase) {
  testing::TempDir dir;
  const fs::path file = dir.path() / "other.db";
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  sqlite3_exec(db, "CREATE TABLE notes (text TEXT)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  const std::string before = read_bytes(file);
  auto opened = open_sqlite_store(SqliteOptions{file});
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().key, file.string());
  EXPECT_NE(opened.error().reason.find("not a Steward database"), std::string::npos) << opened.error().reason;
  EXPECT_EQ(read_bytes(file), before);
}

TEST(SqliteStore, RefusesADirectoryAsTheDatabase) {
  testing::TempDir dir;
  fs::create_directory(dir.path() / "steward.db");
  auto opened = open_sqlite_store(SqliteOptions{dir.path() / "steward.db"});
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().to_string(),
            (dir.path() / "steward.db").string() + ": is a directory, not a database file");
}

TEST(SqliteStore, RefusesADirectoryThatCannotBeCreated) {
  testing::TempDir dir;
  const fs::path blocker = dir.write("file", "x");
  auto opened = open_sqlite_store(SqliteOptions{blocker / "state" / "steward.db"});
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().to_string(),
            (blocker / "state").string() + ": directory is not writable (Not a directory)");
  EXPECT_EQ(names_in(dir.path()), std::set<std::string>{"file"});
}

/// Opens `file` as user "nobody" in a child process: root ignores permission
/// bits. Exit codes: 0 the expected error, 1 opened, 2 another error, 3 no setuid.
int open_as_nobody(const fs::path& file, const std::string& expected) {
  const pid_t child = ::fork();
  if (child == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) {
      ::_exit(3);
    }
    auto opened = open_sqlite_store(SqliteOptions{file});
    ::_exit(opened ? 1 : (opened.error().to_string() == expected ? 0 : 2));
  }
  int status = 0;
  if (child < 0 || ::waitpid(child, &status, 0) != child || !WIFEXITED(status)) {
    return 3;
  }
  return WEXITSTATUS(status);
}

TEST(SqliteStore, RefusesAReadOnlyDirectoryAndCreatesNothing) {
  testing::TempDir dir;
  const fs::path state = dir.path() / "state";
  fs::create_directory(state);
  const fs::path file = state / "steward.db";
  const std::string expected = state.string() + ": directory is not writable (Permission denied)";
  if (::geteuid() == 0) {
    fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                    fs::perms::others_read | fs::perms::others_exec);
    fs::permissions(state, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                               fs::perms::others_read | fs::perms::others_exec);
    const int outcome = open_as_nobody(file, expected);
    if (outcome == 3) {
      GTEST_SKIP() << "running as root and cannot switch to user nobody";
    }
    EXPECT_EQ(outcome, 0) << "1: it opened, 2: another error";
  } else {
    fs::permissions(state, fs::perms::owner_read | fs::perms::owner_exec);
    auto opened = open_sqlite_store(SqliteOptions{file});
    fs::permissions(state, fs::perms::owner_all);
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().to_string(), expected);
  }
  EXPECT_TRUE(names_in(state).empty());
}

TEST(SqliteStore, RefusesADatabaseMigratedByANewerSteward) {
  testing::TempDir dir;
  const fs::path file = dir.path() / "steward.db";
  ASSERT_TRUE(open_store(file));
  const int newer = sqlite_schema_version() + 1;
  {
    RawDb raw(file);
    ASSERT_EQ(raw.exec("INSERT INTO schema_migrations VALUES (" + std::to_string(newer) + ", 'future', 0)"),
              "");
  }
  auto opened = open_sqlite_store(SqliteOptions{file});
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().to_string(), file.string() + ": database schema version " + std::to_string(newer) +
                                            " is newer than this steward supports (" +
                                            std::to_string(sqlite_schema_version()) +
                                            "); upgrade steward or use another state.dir");
}

TEST(SqliteStore, TheDatabaseRefusesToChangeTheAuditLog) {
  testing::TempDir dir;
  const fs::path file = dir.path() / "steward.db";
  auto store = open_store(file);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->append_audit({0, "U1", "github.pull_request", "repo#1", "{}", at(5)}));
  RawDb raw(file);
  EXPECT_NE(raw.exec("UPDATE audit_log SET actor = 'someone else'").find("audit_log is append-only"),
            std::string::npos);
  EXPECT_NE(raw.exec("DELETE FROM audit_log").find("audit_log is append-only"), std::string::npos);
  auto entries = store->audit_entries(0, 10);
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 1U);
  EXPECT_EQ(entries->front().actor, "U1");
}

TEST(SqliteStore, ConcurrentClaimersNeverReceiveTheSameJob) {
  testing::TempDir dir;
  auto store = open_store(dir.path() / "steward.db", false);
  ASSERT_TRUE(store);
  constexpr int k_jobs = 300;
  for (int i = 0; i < k_jobs; ++i) {
    ASSERT_TRUE(store->enqueue({"k", std::to_string(i), "", 5, std::nullopt}, at(i)));
  }
  std::mutex mutex;
  std::vector<store::Id> seen;
  auto worker = [&](const std::string& owner) {
    for (int round = 0;; ++round) {
      auto claimed = store->claim(owner, 1 + (round % 3), Millis(60000), at(k_jobs));
      if (!claimed || claimed->empty()) {
        return;
      }
      for (const store::Job& job : *claimed) {
        EXPECT_EQ(store->complete({job.id, owner, job.attempts}, at(k_jobs)), true);
        const std::lock_guard lock(mutex);
        seen.push_back(job.id);
      }
    }
  };
  std::thread a(worker, "a");
  std::thread b(worker, "b");
  a.join();
  b.join();
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(k_jobs));
  EXPECT_EQ(std::set<store::Id>(seen.begin(), seen.end()).size(), static_cast<std::size_t>(k_jobs));
  EXPECT_EQ(store->counts(at(k_jobs))->done, k_jobs);
}

} // namespace
} // namespace steward::sqlite

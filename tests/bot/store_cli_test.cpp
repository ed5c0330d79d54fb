// `steward migrate` and `steward jobs list|retry` against a real SQLite store.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "adapters/sqlite/sqlite_store.hpp"
#include "bot/cli/cli.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward {
namespace {

using namespace std::chrono_literals;

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

class StoreCli : public ::testing::Test {
protected:
  void SetUp() override { m_config = m_dir.write("steward.yaml", "state:\n  dir: state\n").string(); }

  Outcome run(std::vector<std::string> args) {
    args.emplace_back("--config");
    args.push_back(m_config);
    std::ostringstream out;
    std::ostringstream err;
    int code = cli::run(args, out, err);
    return {code, out.str(), err.str()};
  }

  [[nodiscard]] std::filesystem::path db_file() const { return m_dir.path() / "state" / "steward.db"; }

  /// Opens the store the CLI uses, directly.
  std::unique_ptr<store::Store> open() {
    auto opened = sqlite::open_sqlite_store({db_file(), 5000ms, false});
    EXPECT_TRUE(opened) << opened.error().to_string();
    return opened ? std::move(*opened) : nullptr;
  }

  /// Enqueues a job with one attempt and fails it, so it is dead.
  store::Id dead_job(store::Store& db, const std::string& key) {
    store::TimePoint now(store::Millis(1'767'225'600'000));
    auto id = db.enqueue({"slack.event", "{}", key, 1, {}}, now)->id;
    auto claimed = db.claim("w", 1, 30s, now);
    EXPECT_EQ(claimed->size(), 1U);
    EXPECT_EQ(*db.fail({id, "w", 1}, "slack: channel_not_found", now, now), store::FailOutcome::dead);
    return id;
  }

  testing::TempDir m_dir;
  std::string m_config;
};

TEST_F(StoreCli, MigrateCreatesTheStoreUnderStateDir) {
  auto result = run({"migrate"});
  EXPECT_EQ(result.code, 0) << result.err;
  EXPECT_TRUE(std::filesystem::exists(db_file()));
  EXPECT_NE(result.out.find("store: sqlite " + db_file().string() + " is at schema version " +
                            std::to_string(sqlite::sqlite_schema_version())),
            std::string::npos)
      << result.out;
  // Running it again is a no-op that reports the same version.
  EXPECT_EQ(run({"migrate"}).out, result.out);
}

TEST_F(StoreCli, MigrateRefusesACorruptDatabase) {
  m_dir.write("state/steward.db", std::string(4096, 'x'));
  auto result = run({"migrate"});
  EXPECT_EQ(result.code, 2);
  EXPECT_NE(result.err.find(db_file().string() + ": "), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("not a Steward database"), std::string::npos) << result.err;
  std::ifstream in(db_file(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes, std::string(4096, 'x')) << "a rejected file is left as it was";
}

TEST_F(StoreCli, ListsAndRetriesDeadJobs) {
  store::Id dead = 0;
  store::Id other = 0;
  {
    auto db = open();
    ASSERT_TRUE(db);
    dead = dead_job(*db, "Ev1");
    other = dead_job(*db, "Ev2");
    db->enqueue({"slack.event", "{}", "Ev3", 5, {}}, store::TimePoint(store::Millis(1'767'225'600'000)));
  }
  auto empty_text = run({"jobs", "list", "--state", "running"});
  EXPECT_EQ(empty_text.code, 0) << empty_text.err;
  EXPECT_EQ(empty_text.out, "no jobs\n");

  auto listed = run({"jobs", "list", "--state", "dead", "--json"});
  ASSERT_EQ(listed.code, 0) << listed.err;
  auto json = nlohmann::json::parse(listed.out);
  ASSERT_EQ(json.size(), 2U);
  EXPECT_EQ(json[0]["id"], other); // newest first
  EXPECT_EQ(json[1]["id"], dead);
  EXPECT_EQ(json[1]["state"], "dead");
  EXPECT_EQ(json[1]["last_error"], "slack: channel_not_found");
  EXPECT_EQ(json[1]["attempts"], 1);
  EXPECT_EQ(json[1]["idempotency_key"], "Ev1");

  auto text = run({"jobs", "list"});
  EXPECT_NE(text.out.find("slack: channel_not_found"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("queued"), std::string::npos) << text.out;

  auto retried = run({"jobs", "retry", std::to_string(dead)});
  EXPECT_EQ(retried.code, 0) << retried.err;
  EXPECT_EQ(retried.out, "job " + std::to_string(dead) + " queued again\n");
  auto again = run({"jobs", "retry", std::to_string(dead)});
  EXPECT_EQ(again.code, 1);
  EXPECT_NE(again.err.find("is queued, not dead"), std::string::npos) << again.err;
  auto missing = run({"jobs", "retry", "999999"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("no such job"), std::string::npos) << missing.err;

  auto all = run({"jobs", "retry", "--all-dead"});
  EXPECT_EQ(all.code, 0) << all.err;
  EXPECT_EQ(all.out, "1 dead job queued again\n");
  auto db = open();
  ASSERT_TRUE(db);
  EXPECT_EQ(db->counts(store::TimePoint(store::Millis(1'767'225'600'000)))->queued, 3);
}

TEST_F(StoreCli, BadInvocationsAreUsageErrors) {
  EXPECT_EQ(run({"jobs"}).code, 2);
  auto action = run({"jobs", "frob"});
  EXPECT_EQ(action.code, 2);
  EXPECT_NE(action.err.find("frob: expected list or retry"), std::string::npos) << action.err;
  auto state = run({"jobs", "list", "--state", "zombie"});
  EXPECT_EQ(state.code, 2);
  EXPECT_NE(state.err.find("--state: 'zombie' is not one of"), std::string::npos) << state.err;
  auto id = run({"jobs", "retry", "12abc"});
  EXPECT_EQ(id.code, 2);
  EXPECT_NE(id.err.find("12abc: not a job id"), std::string::npos) << id.err;
  EXPECT_EQ(run({"jobs", "retry"}).code, 2);
}

TEST_F(StoreCli, PostgresNeedsAUrlWithoutAPassword) {
  m_config = m_dir.write("pg.yaml", "store:\n  backend: postgres\n").string();
  auto missing = run({"migrate"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("store.url: required when store.backend is postgres"), std::string::npos)
      << missing.err;
  m_config =
      m_dir.write("pg2.yaml", "store:\n  backend: postgres\n  url: postgresql://u:hunter2@db/x\n").string();
  auto inline_password = run({"migrate"});
  EXPECT_EQ(inline_password.code, 2);
  EXPECT_NE(inline_password.err.find("store.url: must not contain a password"), std::string::npos)
      << inline_password.err;
  EXPECT_EQ(inline_password.err.find("hunter2"), std::string::npos);
}

} // namespace
} // namespace steward

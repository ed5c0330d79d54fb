// The ack path's group commit over a real SQLite store: concurrent deliveries
// are all persisted, in fewer writes than deliveries, with idempotency keys
// honoured across and within batches; a lone delivery is written at once.

#include <future>
#include <set>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include "bot/jobs/enqueue_batcher.hpp"
#include "tests/support/net_harness.hpp"
#include "tests/support/store_targets.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::bot {
namespace {

using namespace std::chrono_literals;

store::NewJob delivery(const std::string& key) {
  store::NewJob job;
  job.kind = "slack.event";
  job.payload = R"({"event_id":")" + key + R"("})";
  job.idempotency_key = key.empty() ? "" : "slack:" + key;
  return job;
}

class EnqueueBatcherTest : public ::testing::Test {
protected:
  void SetUp() override {
    auto opened = testing::open_target({"sqlite", (m_dir.path() / "steward.db").string(), ""});
    ASSERT_TRUE(opened) << opened.error().to_string();
    m_store = std::move(*opened);
    m_batcher = std::make_unique<EnqueueBatcher>(*m_store, m_pool, &m_metrics);
  }

  void TearDown() override { m_io.stop(); }

  /// Starts `enqueue` for each key at once; waits for every result.
  std::vector<Result<store::Enqueued>> enqueue_together(const std::vector<std::string>& keys) {
    std::vector<std::future<Result<store::Enqueued>>> futures;
    futures.reserve(keys.size());
    for (const std::string& key : keys) {
      futures.push_back(
          boost::asio::co_spawn(m_io.io(), m_batcher->enqueue(delivery(key)), boost::asio::use_future));
    }
    std::vector<Result<store::Enqueued>> results;
    for (auto& future : futures) {
      EXPECT_EQ(future.wait_for(20s), std::future_status::ready);
      results.push_back(future.get());
    }
    return results;
  }

  // Destroyed bottom-up: the pool's threads (which resume coroutines on
  // m_io) are joined before m_io goes, and the store outlives both.
  testing::TempDir m_dir;
  std::unique_ptr<store::Store> m_store;
  metrics::Registry m_metrics;
  testing::IoThread m_io{2};
  runtime::BlockingPool m_pool{2};
  std::unique_ptr<EnqueueBatcher> m_batcher;
};

TEST_F(EnqueueBatcherTest, ConcurrentDeliveriesArePersistedInFewerWrites) {
  std::vector<std::string> keys;
  for (int i = 0; i < 300; ++i) {
    keys.push_back("Ev" + std::to_string(i));
  }
  auto results = enqueue_together(keys);
  std::set<store::Id> ids;
  for (const auto& result : results) {
    ASSERT_TRUE(result) << result.error().to_string();
    EXPECT_TRUE(result->created);
    ids.insert(result->id);
  }
  EXPECT_EQ(ids.size(), keys.size());
  auto counts = m_store->counts(
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now() + 1h));
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->queued, 300);
  // One write per delivery would be 300; under concurrency they group.
  EXPECT_LT(m_batcher->writes(), 150U);
  EXPECT_GE(m_batcher->writes(), 2U); // at most 256 per write
  EXPECT_EQ(m_metrics.value("steward_store_enqueue_batch"), static_cast<double>(m_batcher->writes()));
}

TEST_F(EnqueueBatcherTest, RedeliveriesInFlightTogetherCreateOneJob) {
  auto results = enqueue_together({"EvSame", "EvSame", "EvOther", "EvSame", ""});
  ASSERT_EQ(results.size(), 5U);
  int created = 0;
  for (std::size_t i : {0U, 1U, 3U}) {
    ASSERT_TRUE(results[i]);
    created += results[i]->created ? 1 : 0;
    EXPECT_EQ(results[i]->id, results[0]->id);
  }
  EXPECT_EQ(created, 1);
  ASSERT_TRUE(results[2] && results[4]);
  EXPECT_TRUE(results[2]->created);
  EXPECT_TRUE(results[4]->created);
  // Later, one at a time: still de-duplicated, and written at once.
  const auto before = m_batcher->writes();
  auto again = enqueue_together({"EvSame"});
  ASSERT_TRUE(again[0]);
  EXPECT_FALSE(again[0]->created);
  EXPECT_EQ(again[0]->id, results[0]->id);
  EXPECT_EQ(m_batcher->writes(), before + 1);
}

} // namespace
} // namespace steward::bot

// Snapshots swap atomically; a broken reload keeps the last good snapshot.

#include <atomic>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "core/knowledge/snapshot.hpp"

namespace steward::knowledge {
namespace {

namespace fs = std::filesystem;

std::string manifest_with(const std::vector<std::string>& models) {
  std::string nodes;
  for (std::size_t i = 0; i < models.size(); ++i) {
    std::string id = "model.p." + models[i];
    std::string parent = i == 0 ? "" : "\"model.p." + models[i - 1] + "\"";
    nodes += (i == 0 ? "" : ",") + std::string("\"") + id + "\": {\"unique_id\": \"" + id +
             "\", \"name\": \"" + models[i] +
             "\", \"resource_type\": \"model\", \"depends_on\": {\"nodes\": [" + parent + "]}}";
  }
  return "{\"metadata\": {\"dbt_schema_version\": \"https://schemas.getdbt.com/dbt/manifest/v12.json\"}, "
         "\"nodes\": {" +
         nodes + "}}";
}

class KnowledgeBaseTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir = fs::temp_directory_path() /
            ("steward_kb_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(m_dir / "target");
  }
  void TearDown() override { fs::remove_all(m_dir); }

  void write(const std::string& text) {
    std::ofstream(m_dir / "target" / "manifest.json", std::ios::trunc) << text;
    // Make the change visible to fingerprints even within one clock tick.
    fs::last_write_time(m_dir / "target" / "manifest.json",
                        fs::last_write_time(m_dir / "target" / "manifest.json") +
                            std::chrono::seconds(++m_tick));
  }

  fs::path m_dir;
  int m_tick = 0;
};

TEST_F(KnowledgeBaseTest, ReloadSwapsAndBrokenInputKeepsTheLastGoodSnapshot) {
  write(manifest_with({"a", "b"}));
  KnowledgeBase kb(m_dir, {});
  EXPECT_EQ(kb.current(), nullptr);
  auto first = kb.reload();
  ASSERT_TRUE(first) << first.error().to_string();
  auto held = kb.current();
  ASSERT_NE(held, nullptr);
  EXPECT_EQ(held->project.nodes().size(), 2u);
  EXPECT_EQ(held->generation, 1u);

  write(manifest_with({"a", "b", "c"}));
  ASSERT_TRUE(kb.reload());
  EXPECT_EQ(kb.current()->project.nodes().size(), 3u);
  EXPECT_EQ(kb.current()->generation, 2u);
  // A reader holding the old snapshot still sees it, unchanged.
  EXPECT_EQ(held->project.nodes().size(), 2u);
  EXPECT_TRUE(held->project.find("model.p.b").has_value());

  write(R"({"nodes": {"model.p.x": {"unique_id": "model.p.x", "columns": [)");
  auto broken = kb.reload();
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().key.find("manifest.json"), std::string::npos);
  EXPECT_EQ(kb.current()->project.nodes().size(), 3u) << "the last good snapshot stays current";
  ASSERT_TRUE(kb.last_error());
  EXPECT_EQ(kb.last_error()->to_string(), broken.error().to_string());

  write(manifest_with({"z"}));
  ASSERT_TRUE(kb.reload());
  EXPECT_FALSE(kb.last_error());
  EXPECT_EQ(kb.current()->project.nodes().size(), 1u);
}

TEST_F(KnowledgeBaseTest, ReloadIfChangedOnlyRebuildsOnChange) {
  write(manifest_with({"a"}));
  KnowledgeBase kb(m_dir, {});
  auto first = kb.reload_if_changed();
  ASSERT_TRUE(first);
  EXPECT_TRUE(*first);
  auto again = kb.reload_if_changed();
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
  EXPECT_EQ(kb.current()->generation, 1u);

  write("{ not json");
  EXPECT_FALSE(kb.reload_if_changed());
  // Unchanged broken input is not retried (and not reported again) on every poll.
  auto quiet = kb.reload_if_changed();
  ASSERT_TRUE(quiet);
  EXPECT_FALSE(*quiet);
  EXPECT_EQ(kb.current()->generation, 1u);

  write(manifest_with({"a", "b"}));
  auto fixed = kb.reload_if_changed();
  ASSERT_TRUE(fixed);
  EXPECT_TRUE(*fixed);
  EXPECT_EQ(kb.current()->project.nodes().size(), 2u);
}

TEST_F(KnowledgeBaseTest, StrictReloadRejectsABrokenSiblingArtifact) {
  write(manifest_with({"a"}));
  std::ofstream(m_dir / "target" / "run_results.json") << R"({"results": [{"status": )";
  dbt::LoadOptions strict;
  strict.strictness = dbt::Strictness::strict;
  KnowledgeBase kb(m_dir, strict);
  auto loaded = kb.reload();
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().key.find("run_results.json"), std::string::npos);

  KnowledgeBase lenient(m_dir, {});
  auto ok = lenient.reload();
  ASSERT_TRUE(ok) << ok.error().to_string();
  ASSERT_FALSE((*ok)->project.warnings().empty());
  EXPECT_NE((*ok)->project.warnings().front().find("skipped"), std::string::npos);
}

TEST_F(KnowledgeBaseTest, ReadersNeverSeeAHalfBuiltSnapshot) {
  write(manifest_with({"a", "b"}));
  KnowledgeBase kb(m_dir, {});
  ASSERT_TRUE(kb.reload());
  std::atomic<bool> stop{false};
  std::atomic<std::size_t> reads{0};
  std::atomic<std::size_t> bad{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      while (!stop.load()) {
        auto snapshot = kb.current();
        std::size_t size = snapshot->project.nodes().size();
        // Every snapshot is a whole chain a → b (→ c): the last node's parent exists.
        const auto& last = snapshot->project.node(static_cast<dbt::NodeId>(size - 1));
        if ((size != 2 && size != 3) ||
            snapshot->project.graph().parents(static_cast<dbt::NodeId>(size - 1)).size() != 1 ||
            last.name.empty()) {
          ++bad;
        }
        ++reads;
      }
    });
  }
  for (int i = 0; i < 20; ++i) {
    write(manifest_with(i % 2 == 0 ? std::vector<std::string>{"a", "b", "c"}
                                   : std::vector<std::string>{"a", "b"}));
    ASSERT_TRUE(kb.reload());
  }
  stop = true;
  for (auto& reader : readers) {
    reader.join();
  }
  EXPECT_EQ(bad.load(), 0u);
  EXPECT_GT(reads.load(), 0u);
  EXPECT_EQ(kb.current()->generation, 21u);
}

} // namespace
} // namespace steward::knowledge

// The daemon's knowledge base (bot/agent/kb_search): a real Markdown folder,
// the OpenAI-compatible embedder against the fake provider over loopback HTTP
// and a real SQLite store as the embedding cache. Reloads happen only when
// the folder changes; only sections without a cached vector are embedded
// (so a restart costs no embedding call); a failing embeddings endpoint
// leaves BM25 answering and says why.

#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "adapters/llm/llm.hpp"
#include "adapters/sqlite/sqlite_store.hpp"
#include "bot/agent/kb_search.hpp"
#include "tests/support/fake_llm.hpp"
#include "tests/support/llm_harness.hpp"
#include "tests/support/net_harness.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::bot {
namespace {

using steward::testing::FakeLlm;
using steward::testing::IoThread;

constexpr const char* k_refunds = "# Refund policy\n\nRefunds are issued within 30 days of delivery.\n\n"
                                  "## Gift cards\n\nGift card payments come back as store credit.\n";
constexpr const char* k_glossary = "# Glossary\n\n## AOV\n\nAverage order value per order.\n";

class KbSearchTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir.write("kb/refunds.md", k_refunds);
    m_dir.write("kb/glossary.md", k_glossary);
    auto store = sqlite::open_sqlite_store({.path = m_dir.path() / "steward.db"});
    ASSERT_TRUE(store) << store.error().to_string();
    m_store = std::move(*store);
  }

  /// A KbSearch over the folder with a fresh embedder, caching in the store.
  std::unique_ptr<KbSearch> open() {
    llm::ProviderOptions options = steward::testing::fake_options(m_llm, "openai");
    options.embeddings_model = "embed-test";
    options.max_attempts = 1;
    auto embedder = llm::make_embedder(m_io.executor(), options);
    EXPECT_TRUE(embedder) << embedder.error().to_string();
    return std::make_unique<KbSearch>(m_dir.path() / "kb", std::move(*embedder), m_store.get());
  }

  /// Every text sent to the embeddings endpoint since the last clear.
  std::vector<std::string> embedded_texts() const {
    std::vector<std::string> texts;
    for (const auto& request : m_llm.requests("/v1/embeddings")) {
      const auto& input = request.json["input"];
      if (input.is_string()) {
        texts.push_back(input.get<std::string>());
        continue;
      }
      for (const auto& text : input) {
        texts.push_back(text.get<std::string>());
      }
    }
    return texts;
  }

  steward::testing::TempDir m_dir;
  FakeLlm m_llm;
  IoThread m_io{1};
  std::unique_ptr<store::Store> m_store;
};

TEST_F(KbSearchTest, EmbedsOnlyWhatTheCacheLacksAndReloadsOnlyOnChange) {
  auto kb = open();
  auto loaded = kb->reload_if_changed();
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  EXPECT_TRUE(*loaded);
  ASSERT_NE(kb->current(), nullptr);
  const std::size_t sections = kb->current()->sections().size();
  EXPECT_EQ(sections, 4U) << "Refund policy, Gift cards, Glossary, AOV";
  EXPECT_EQ(embedded_texts().size(), sections) << "every section embedded once";
  EXPECT_EQ(kb->embedded_sections(), sections);

  m_llm.clear_requests();
  auto again = kb->reload_if_changed();
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again) << "an unchanged folder is not reloaded";
  EXPECT_TRUE(embedded_texts().empty());

  // One section changes: it and its parent (whose text holds it) are
  // embedded again; the other file's sections are not.
  m_dir.write("kb/glossary.md", "# Glossary\n\n## AOV\n\nAverage order value: revenue divided by orders.\n");
  auto changed = kb->reload_if_changed();
  ASSERT_TRUE(changed);
  EXPECT_TRUE(*changed);
  std::vector<std::string> texts = embedded_texts();
  ASSERT_EQ(texts.size(), 2U) << ::testing::PrintToString(texts);
  for (const std::string& text : texts) {
    EXPECT_NE(text.find("revenue divided by orders"), std::string::npos) << text;
  }
  EXPECT_EQ(kb->embedded_sections(), sections);

  // A restart with the same store embeds nothing.
  m_llm.clear_requests();
  auto restarted = open();
  ASSERT_TRUE(restarted->reload_if_changed());
  EXPECT_TRUE(embedded_texts().empty()) << "vectors come from the store's cache";
  EXPECT_EQ(restarted->embedded_sections(), sections);
}

TEST_F(KbSearchTest, SearchEmbedsTheQueryAndRanksTheSectionAboutIt) {
  auto kb = open();
  ASSERT_TRUE(kb->reload_if_changed());
  m_llm.clear_requests();
  std::vector<kb::Hit> hits = kb->search("how do gift card refunds work", 2);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(kb->current()->sections()[hits[0].section].title, "Gift cards");
  EXPECT_EQ(embedded_texts(), std::vector<std::string>{"how do gift card refunds work"});
  EXPECT_LE(hits.size(), 2U);
}

TEST_F(KbSearchTest, AFailingEmbeddingsEndpointLeavesBm25AndSaysWhy) {
  m_llm.fail_embeddings(1, 500);
  auto kb = open();
  auto loaded = kb->reload_if_changed();
  ASSERT_TRUE(loaded) << "the corpus loads even when embedding fails";
  EXPECT_EQ(kb->embedded_sections(), 0U);
  ASSERT_TRUE(kb->embedding_error().has_value());
  EXPECT_NE(kb->embedding_error()->to_string().find("500"), std::string::npos)
      << kb->embedding_error()->to_string();

  m_llm.fail_embeddings(1, 500); // the query's embedding fails too
  std::vector<kb::Hit> hits = kb->search("gift card store credit", 1);
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_EQ(kb->current()->sections()[hits[0].section].title, "Gift cards");
}

TEST_F(KbSearchTest, ABrokenFolderKeepsTheLastGoodCorpus) {
  auto kb = open();
  ASSERT_TRUE(kb->reload_if_changed());
  auto before = kb->current();
  std::filesystem::remove_all(m_dir.path() / "kb");
  auto gone = kb->reload_if_changed();
  EXPECT_FALSE(gone) << "a missing folder is an error";
  if (!gone) {
    EXPECT_EQ(gone.error().key, "knowledge_base.path") << gone.error().to_string();
  }
  EXPECT_EQ(kb->current(), before) << "the previous corpus keeps answering";
}

TEST(KbContentHash, IsSixteenHexDigitsOfFnv1a) {
  EXPECT_EQ(content_hash(""), "cbf29ce484222325");  // the FNV-1a 64 offset basis
  EXPECT_EQ(content_hash("a"), "af63dc4c8601ec8c"); // published FNV-1a 64 test vector
  EXPECT_NE(content_hash("refund"), content_hash("refunds"));
}

} // namespace
} // namespace steward::bot

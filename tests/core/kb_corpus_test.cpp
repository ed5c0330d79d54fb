// The Markdown knowledge base: splitting, BM25 retrieval, loading a folder,
// fingerprints and the hybrid-ranking helpers.

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/kb/corpus.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::kb {
namespace {

namespace fs = std::filesystem;
using steward::testing::TempDir;

const Section* find_section(const Corpus& corpus, const std::string& path) {
  for (const auto& section : corpus.sections()) {
    if (section.path == path) {
      return &section;
    }
  }
  return nullptr;
}

std::vector<std::string> paths_of(const Corpus& corpus) {
  std::vector<std::string> out;
  for (const auto& section : corpus.sections()) {
    out.push_back(section.file + ":" + section.path);
  }
  return out;
}

const std::string k_refunds = "Intro before any heading.\n"
                              "\n"
                              "# Refunds\n"
                              "Customers may return items within 30 days.\n"
                              "\n"
                              "## Policy ##\n"
                              "Full refund to the original payment method.\n"
                              "\n"
                              "```sql\n"
                              "# not a heading inside a fence\n"
                              "select 1\n"
                              "```\n"
                              "### Gift cards\n"
                              "Refunded as store credit.\n"
                              "## Empty heading\n"
                              "# Other top\n"
                              "#hashtag is text\n"
                              "    # indented code, not a heading\n";

TEST(KbSplitTest, SplitsByAtxHeadingWithPathsLinesAndNestedText) {
  Corpus corpus = Corpus::from_files({{"refunds.md", k_refunds}});
  ASSERT_EQ(paths_of(corpus), (std::vector<std::string>{
                                  "refunds.md:refunds",
                                  "refunds.md:Refunds",
                                  "refunds.md:Refunds > Policy",
                                  "refunds.md:Refunds > Policy > Gift cards",
                                  "refunds.md:Refunds > Empty heading",
                                  "refunds.md:Other top",
                              }));
  const auto& sections = corpus.sections();
  EXPECT_EQ(sections[0].title, "refunds");
  EXPECT_EQ(sections[0].text, "Intro before any heading.");
  EXPECT_EQ(sections[0].line, 1);
  EXPECT_EQ(sections[1].line, 3);
  EXPECT_EQ(sections[2].title, "Policy") << "the closing #s are dropped";
  EXPECT_EQ(sections[2].line, 6);
  EXPECT_EQ(sections[3].line, 13);
  EXPECT_EQ(sections[4].line, 15);
  EXPECT_EQ(sections[5].line, 16);
  // A section runs to the next heading of the same or a higher level.
  EXPECT_EQ(sections[2].text,
            "Full refund to the original payment method.\n\n```sql\n# not a heading inside a "
            "fence\nselect 1\n```\n### Gift cards\nRefunded as store credit.");
  EXPECT_NE(sections[1].text.find("Refunded as store credit."), std::string::npos);
  EXPECT_EQ(sections[1].text.find("Other top"), std::string::npos);
  EXPECT_EQ(sections[3].text, "Refunded as store credit.");
  EXPECT_EQ(sections[4].text, "") << "a heading with no text is kept";
  EXPECT_EQ(sections[5].text, "#hashtag is text\n    # indented code, not a heading");
  for (const auto& section : sections) {
    EXPECT_EQ(section.file, "refunds.md");
  }
}

TEST(KbSplitTest, UnclosedFencesTildesCrlfAndByteOrderMarks) {
  Corpus corpus = Corpus::from_files({
      {"a.md",
       "\xEF\xBB\xBF# One\r\ntext\r\n~~~~\r\n# inside\r\n~~~\r\n# still inside\r\n~~~~\r\n## Two\r\n"},
      {"b.md", "# Fenced\n```\n# never closed\n"},
      {"c.md", "no headings at all\nsecond line"},
      {"d.md", "   \n\n"},
  });
  EXPECT_EQ(paths_of(corpus),
            (std::vector<std::string>{"a.md:One", "a.md:One > Two", "b.md:Fenced", "c.md:c"}));
  EXPECT_EQ(corpus.sections()[0].text, "text\n~~~~\n# inside\n~~~\n# still inside\n~~~~\n## Two")
      << "a shorter fence does not close a longer one; \\r\\n becomes \\n";
  EXPECT_EQ(corpus.sections()[2].text, "```\n# never closed");
  EXPECT_EQ(corpus.sections()[3].text, "no headings at all\nsecond line");
}

TEST(KbSplitTest, FilesAreOrderedByPathWhateverTheInputOrder) {
  std::vector<SourceFile> files = {{"z/last.md", "# Z"}, {"a.md", "# A"}, {"m.md", "# M"}};
  Corpus forward = Corpus::from_files(files);
  std::reverse(files.begin(), files.end());
  Corpus backward = Corpus::from_files(files);
  EXPECT_EQ(paths_of(forward), (std::vector<std::string>{"a.md:A", "m.md:M", "z/last.md:Z"}));
  EXPECT_EQ(paths_of(forward), paths_of(backward));
}

TEST(KbSplitTest, HashIsAStableHexDigestOfPathAndText) {
  Corpus one = Corpus::from_files({{"a.md", "# Refunds\nWithin 30 days.\n# Other\nx"}});
  Corpus same = Corpus::from_files({{"moved/b.md", "# Refunds\n\nWithin 30 days.\n\n# Other\ny"}});
  Corpus changed = Corpus::from_files({{"a.md", "# Refunds\nWithin 14 days.\n"}});
  const std::string& hash = one.sections()[0].hash;
  EXPECT_EQ(hash.size(), 16U);
  EXPECT_TRUE(
      std::all_of(hash.begin(), hash.end(), [](char c) { return std::isxdigit(c) && !std::isupper(c); }));
  EXPECT_EQ(hash, same.sections()[0].hash) << "same path and text, another file";
  EXPECT_NE(hash, changed.sections()[0].hash);
  EXPECT_NE(one.sections()[1].hash, same.sections()[1].hash);
  // FNV-1a 64 of "Refunds\nWithin 30 days." computed independently.
  std::uint64_t expected = 14695981039346656037ULL;
  for (char c : std::string("Refunds\nWithin 30 days.")) {
    expected = (expected ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }
  char text[17];
  std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(expected));
  EXPECT_EQ(hash, text);
}

TEST(KbSearchTest, RanksTheSectionThatIsAboutTheQuery) {
  Corpus corpus = Corpus::from_files({
      {"policies.md", "# Shipping\nWe ship within two days.\n# Refund policy\nReturns within 30 days of "
                      "delivery get a full refund.\n## Gift cards\nGift card payments are refunded as store "
                      "credit.\n"},
      {"metrics.md", "# Revenue\nPayments minus refunds.\n# Customer lifetime value\nWhat a customer paid "
                     "minus refunds; see `customer_id`.\n"},
  });
  auto title_of = [&](const Hit& hit) { return corpus.sections()[hit.section].title; };
  auto hits = corpus.search("what's our refund policy?", 3);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(title_of(hits[0]), "Refund policy");
  hits = corpus.search("gift cards", 3);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(title_of(hits[0]), "Gift cards") << "the most specific section wins";
  hits = corpus.search("customers", 5);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(title_of(hits[0]), "Customer lifetime value") << "plural and singular meet";
  hits = corpus.search("customer_id", 5);
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_EQ(title_of(hits[0]), "Customer lifetime value");
  for (std::size_t i = 1; i < hits.size(); ++i) {
    EXPECT_GE(hits[i - 1].score, hits[i].score);
  }
}

TEST(KbSearchTest, TheSectionAHeadingNamesOutranksOneThatRepeatsTheWord) {
  Corpus corpus = Corpus::from_files({{"m.md", "# Average order value\nRevenue per order, defined as revenue "
                                               "over orders.\n# Revenue\nRevenue is defined as the money "
                                               "we keep from an order: successful payments minus refunds, "
                                               "booked on the day the order was placed, in US dollars, "
                                               "for every order status except cancelled ones.\n"}});
  auto hits = corpus.search("how is revenue defined", 2);
  ASSERT_EQ(hits.size(), 2U);
  EXPECT_EQ(corpus.sections()[hits[0].section].title, "Revenue");
}

TEST(KbSearchTest, EmptyQueriesLimitsAndTies) {
  Corpus corpus = Corpus::from_files({{"b.md", "# Alpha\nsame words\n"}, {"a.md", "# Beta\nsame words\n"}});
  EXPECT_TRUE(corpus.search("", 5).empty());
  EXPECT_TRUE(corpus.search("what is the", 5).empty()) << "stopwords only";
  EXPECT_TRUE(corpus.search("zzzz", 5).empty());
  EXPECT_TRUE(corpus.search("same", 0).empty());
  auto hits = corpus.search("same words", 5);
  ASSERT_EQ(hits.size(), 2U);
  EXPECT_DOUBLE_EQ(hits[0].score, hits[1].score);
  EXPECT_EQ(corpus.sections()[hits[0].section].file, "a.md") << "ties by file";
  EXPECT_EQ(corpus.search("same words", 1).size(), 1U);
  EXPECT_TRUE(Corpus().search("anything", 5).empty());
  EXPECT_TRUE(Corpus().sections().empty());
}

TEST(KbSearchTest, ConcurrentSearchesAgree) {
  Corpus corpus = Corpus::from_files({{"a.md", "# Refund policy\n30 days\n# Revenue\nmoney kept\n"}});
  auto expected = corpus.search("refund revenue", 5);
  std::vector<std::thread> threads;
  std::vector<int> same(4, 0);
  for (std::size_t t = 0; t < same.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        auto hits = corpus.search("refund revenue", 5);
        same[t] += hits.size() == expected.size() && hits[0].section == expected[0].section ? 1 : 0;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (int count : same) {
    EXPECT_EQ(count, 200);
  }
}

TEST(KbLoadTest, ReadsMarkdownRecursivelySkippingDotFoldersAndOtherFiles) {
  TempDir dir;
  dir.write("rules.md", "# Rules\nrule text");
  dir.write("playbooks/fail.markdown", "# Failing test\nsteps");
  dir.write("playbooks/notes.txt", "# Not markdown");
  dir.write(".git/HEAD.md", "# Hidden");
  dir.write(".draft.md", "# Hidden file");
  auto corpus = Corpus::load(dir.path());
  ASSERT_TRUE(corpus) << corpus.error().to_string();
  EXPECT_EQ(paths_of(*corpus),
            (std::vector<std::string>{"playbooks/fail.markdown:Failing test", "rules.md:Rules"}));
}

TEST(KbLoadTest, ErrorsNameTheKeyAndThePath) {
  TempDir dir;
  auto missing = Corpus::load(dir.path() / "nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().key, "knowledge_base.path");
  EXPECT_EQ(missing.error().reason, (dir.path() / "nope").string() + ": no such directory");
  fs::path file = dir.write("file.md", "# x");
  auto not_dir = Corpus::load(file);
  ASSERT_FALSE(not_dir);
  EXPECT_EQ(not_dir.error().to_string(), "knowledge_base.path: " + file.string() + ": not a directory");
  dir.write("kb/big.md", std::string((1U << 20) + 1, 'x'));
  auto big = Corpus::load(dir.path() / "kb");
  ASSERT_FALSE(big);
  EXPECT_NE(big.error().reason.find("big.md: larger than 1 MiB"), std::string::npos) << big.error().reason;
  TempDir empty;
  auto none = Corpus::load(empty.path());
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->sections().empty());
}

TEST(KbLoadTest, MoreThanTwoThousandFilesIsAnError) {
  TempDir dir;
  for (int i = 0; i <= 2000; ++i) {
    std::ofstream(dir.path() / ("f" + std::to_string(i) + ".md")) << "x";
  }
  auto corpus = Corpus::load(dir.path());
  ASSERT_FALSE(corpus);
  EXPECT_NE(corpus.error().reason.find("more than 2000 Markdown files"), std::string::npos);
}

TEST(KbLoadTest, FingerprintChangesWithTheMarkdownFilesOnly) {
  TempDir dir;
  EXPECT_EQ(fingerprint(dir.path() / "missing"), 0U);
  dir.write("a.md", "# A");
  std::uint64_t first = fingerprint(dir.path());
  EXPECT_NE(first, 0U);
  EXPECT_EQ(fingerprint(dir.path()), first);
  dir.write("notes.txt", "ignored");
  dir.write(".hidden/b.md", "ignored");
  EXPECT_EQ(fingerprint(dir.path()), first);
  dir.write("a.md", "# A changed");
  std::uint64_t second = fingerprint(dir.path());
  EXPECT_NE(second, first) << "size changed";
  dir.write("sub/b.md", "# B");
  EXPECT_NE(fingerprint(dir.path()), second);
}

TEST(KbRankTest, FuseAddsReciprocalRanks) {
  std::vector<std::vector<Hit>> rankings = {{{3, 9}, {1, 8}, {2, 7}}, {{1, 0.9}, {4, 0.5}, {1, 0.1}}};
  auto fused = fuse(rankings, 10);
  ASSERT_EQ(fused.size(), 4U);
  // Item 1: 1/62 + 1/61 (its second listing in one ranking is ignored).
  EXPECT_EQ(fused[0].section, 1U);
  EXPECT_DOUBLE_EQ(fused[0].score, 1.0 / 62 + 1.0 / 61);
  EXPECT_EQ(fused[1].section, 3U);
  EXPECT_DOUBLE_EQ(fused[1].score, 1.0 / 61);
  // Item 4 was second in one ranking (1/62), item 2 third (1/63).
  EXPECT_EQ(fused[2].section, 4U);
  EXPECT_EQ(fused[3].section, 2U);
  EXPECT_EQ(fuse(rankings, 2).size(), 2U);
  std::vector<std::vector<Hit>> tie = {{{7, 1}}, {{5, 1}}};
  auto tied = fuse(tie, 5, 1);
  ASSERT_EQ(tied.size(), 2U);
  EXPECT_EQ(tied[0].section, 5U) << "ties by lower item";
  EXPECT_DOUBLE_EQ(tied[0].score, 0.5);
  EXPECT_TRUE(fuse({}, 5).empty());
}

TEST(KbRankTest, RankByVectorUsesCosineAndSkipsMissingOrMismatchedVectors) {
  std::vector<float> query = {1, 0};
  std::vector<std::optional<std::vector<float>>> sections = {
      std::vector<float>{0, 1},    // orthogonal: 0
      std::nullopt,                // skipped
      std::vector<float>{2, 2},    // 45°: 0.707
      std::vector<float>{1, 0, 0}, // other dimension: skipped
      std::vector<float>{10, 0},   // same direction: 1
      std::vector<float>{0, 0},    // zero: skipped
      std::vector<float>{-1, 0},   // opposite: -1
  };
  auto hits = rank_by_vector(query, sections, 10);
  ASSERT_EQ(hits.size(), 4U);
  EXPECT_EQ(hits[0].section, 4U);
  EXPECT_NEAR(hits[0].score, 1.0, 1e-9);
  EXPECT_EQ(hits[1].section, 2U);
  EXPECT_NEAR(hits[1].score, std::sqrt(0.5), 1e-6);
  EXPECT_EQ(hits[2].section, 0U);
  EXPECT_EQ(hits[3].section, 6U);
  EXPECT_NEAR(hits[3].score, -1.0, 1e-9);
  EXPECT_EQ(rank_by_vector(query, sections, 1).size(), 1U);
  std::vector<float> zero = {0, 0};
  EXPECT_TRUE(rank_by_vector(zero, sections, 10).empty());
}

TEST(KbExampleTest, TheShopKnowledgeBaseAnswersTheRefundPolicyQuestion) {
  auto corpus = Corpus::load(steward::testing::source_dir() / "examples" / "shop" / "kb");
  ASSERT_TRUE(corpus) << corpus.error().to_string();
  std::vector<std::string> files;
  for (const auto& section : corpus->sections()) {
    if (files.empty() || files.back() != section.file) {
      files.push_back(section.file);
    }
  }
  EXPECT_GE(files.size(), 4U);
  EXPECT_LE(files.size(), 6U);
  auto hits = corpus->search("what's our refund policy?", 3);
  ASSERT_FALSE(hits.empty());
  const Section& top = corpus->sections()[hits[0].section];
  EXPECT_EQ(top.title, "Refund policy");
  EXPECT_NE(top.text.find("30 days"), std::string::npos);
  hits = corpus->search("how is customer lifetime value defined", 3);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(corpus->sections()[hits[0].section].title, "Customer lifetime value");
  hits = corpus->search("a test failed, what do I do", 3);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(corpus->sections()[hits[0].section].file, "playbooks/failing-test.md");
  hits = corpus->search("how is revenue defined", 3);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(corpus->sections()[hits[0].section].path, "Metric definitions > Revenue (net revenue)");
  hits = corpus->search("what is CLV", 3);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(&corpus->sections()[hits[0].section], find_section(*corpus, "Glossary > CLV"));
}

} // namespace
} // namespace steward::kb

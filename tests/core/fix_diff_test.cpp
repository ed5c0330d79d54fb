// unified_diff: hand-derived cases, and agreement with `git diff --no-index`
// on generated texts when git is installed.

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "core/fix/diff.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::fix {
namespace {

std::string numbered(int from, int to) {
  std::string text;
  for (int i = from; i <= to; ++i) {
    text += std::to_string(i) + "\n";
  }
  return text;
}

TEST(FixDiff, EqualTextsGiveNothing) {
  EXPECT_EQ(unified_diff("f", "a\nb\n", "a\nb\n"), "");
  EXPECT_EQ(unified_diff("f", "", ""), "");
}

TEST(FixDiff, OneChangedLineWithThreeLinesOfContext) {
  std::string before = numbered(1, 10);
  std::string after = before;
  after.replace(after.find("5\n"), 2, "five\n");
  EXPECT_EQ(unified_diff("m/x.sql", before, after), "--- a/m/x.sql\n"
                                                    "+++ b/m/x.sql\n"
                                                    "@@ -2,7 +2,7 @@\n"
                                                    " 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST(FixDiff, ContextOptionIsHonoured) {
  std::string before = numbered(1, 10);
  std::string after = before;
  after.replace(after.find("5\n"), 2, "five\n");
  EXPECT_EQ(unified_diff("x", before, after, 1), "--- a/x\n+++ b/x\n@@ -4,3 +4,3 @@\n 4\n-5\n+five\n 6\n");
  EXPECT_EQ(unified_diff("x", before, after, 0), "--- a/x\n+++ b/x\n@@ -5 +5 @@\n-5\n+five\n");
}

TEST(FixDiff, NewFileAndDeletedFile) {
  EXPECT_EQ(unified_diff("n.yml", "", "a\nb\n"), "--- /dev/null\n+++ b/n.yml\n@@ -0,0 +1,2 @@\n+a\n+b\n");
  EXPECT_EQ(unified_diff("n.yml", "a\nb\n", ""), "--- a/n.yml\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n");
}

TEST(FixDiff, MissingNewlineAtEndIsMarked) {
  EXPECT_EQ(unified_diff("f", "a\nb", "a\nc"), "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n"
                                               "\\ No newline at end of file\n+c\n"
                                               "\\ No newline at end of file\n");
  EXPECT_EQ(unified_diff("f", "a", "a\n"), "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n"
                                           "\\ No newline at end of file\n+a\n");
  // Unchanged last line without a newline, shown as context.
  EXPECT_EQ(unified_diff("f", "a\nb", "x\nb"), "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\n+x\n b\n"
                                               "\\ No newline at end of file\n");
}

TEST(FixDiff, ChangesFarApartMakeTwoHunksAndCloseOnesMerge) {
  std::string before = numbered(1, 20);
  std::string far = before;
  far.replace(far.find("\n2\n") + 1, 2, "two\n");
  far.replace(far.find("\n18\n") + 1, 3, "eighteen\n");
  EXPECT_EQ(unified_diff("f", before, far), "--- a/f\n+++ b/f\n"
                                            "@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n"
                                            "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+eighteen\n 19\n 20\n");
  // Six unchanged lines between two changes: one hunk (git merges up to 2 * context).
  std::string close = before;
  close.replace(close.find("\n2\n") + 1, 2, "two\n");
  close.replace(close.find("\n9\n") + 1, 2, "nine\n");
  EXPECT_EQ(unified_diff("f", before, close), "--- a/f\n+++ b/f\n"
                                              "@@ -1,12 +1,12 @@\n 1\n-2\n+two\n 3\n 4\n 5\n 6\n 7\n 8\n"
                                              "-9\n+nine\n 10\n 11\n 12\n");
}

TEST(FixDiff, HunkHeaderNamesTheLastTopLevelLineBeforeIt) {
  std::string before = "version: 2\n\nmodels:\n  - name: a\n    columns:\n      - name: id\n"
                       "        tests:\n          - unique\n";
  std::string after = before + "          - not_null\n";
  EXPECT_EQ(unified_diff("s.yml", before, after), "--- a/s.yml\n+++ b/s.yml\n"
                                                  "@@ -6,3 +6,4 @@ models:\n"
                                                  "       - name: id\n         tests:\n"
                                                  "           - unique\n+          - not_null\n");
}

TEST(FixDiff, InsertedListItemIsShownWhereItWasAdded) {
  // Adding `- b` after `- a` in a list of identical prefix lines: a reader
  // expects the new line after the existing ones.
  std::string before = "values:\n  - a\n  - a\nnext: 1\n";
  std::string after = "values:\n  - a\n  - a\n  - a\nnext: 1\n";
  EXPECT_EQ(unified_diff("f", before, after), "--- a/f\n+++ b/f\n@@ -1,4 +1,5 @@\n values:\n   - a\n"
                                              "   - a\n+  - a\n next: 1\n");
}

TEST(FixDiff, LargeDissimilarFilesFinishQuickly) {
  std::string before;
  std::string after;
  for (int i = 0; i < 20000; ++i) {
    before += "line " + std::to_string(i) + "\n";
    after += "line " + std::to_string(i % 3 == 0 ? i : i + 100000) + "\n";
  }
  std::string diff = unified_diff("big", before, after);
  EXPECT_NE(diff.find("-line 1\n-line 2\n+line 100001\n+line 100002\n"), std::string::npos);
}

// --- Agreement with git ---

std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r"); // NOLINT(cert-env33-c): the test runs git
  if (pipe == nullptr) {
    return out;
  }
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    out.append(buffer.data(), n);
  }
  ::pclose(pipe);
  return out;
}

/// git's diff of `before` and `after` from its first hunk on (or empty).
std::string git_hunks(const testing::TempDir& dir, const std::string& before, const std::string& after) {
  dir.write("a", before);
  dir.write("b", after);
  std::string command = "cd '" + dir.path().string() +
                        "' && HOME=/nonexistent GIT_CONFIG_NOSYSTEM=1 git diff --no-index --no-color "
                        "--no-ext-diff a b 2>/dev/null";
  std::string out = run(command);
  std::size_t at = out.find("\n@@ ");
  return at == std::string::npos ? "" : out.substr(at + 1);
}

std::string our_hunks(const std::string& before, const std::string& after) {
  std::string out = unified_diff("a", before, after);
  std::size_t at = out.find("\n@@ ");
  return at == std::string::npos ? "" : out.substr(at + 1);
}

std::string random_text(std::mt19937& random, int lines) {
  static const std::array<const char*, 9> k_lines = {
      "a\n", "b\n", "\n", "  - x\n", "  - y\n", "models:\n", "    tests:\n", "      - unique\n", "}\n"};
  std::string text;
  for (int i = 0; i < lines; ++i) {
    text += k_lines[random() % k_lines.size()];
  }
  return text;
}

TEST(FixDiff, AgreesWithGitOnGeneratedTexts) {
  if (std::system("git --version >/dev/null 2>&1") != 0) { // NOLINT(cert-env33-c,concurrency-mt-unsafe)
    GTEST_SKIP() << "git is not installed";
  }
  testing::TempDir dir;
  std::mt19937 random(7); // NOLINT(cert-msc32-c,cert-msc51-cpp): reproducible cases
  // STEWARD_DIFF_ROUNDS=2000 for a longer run.
  const char* rounds_env = std::getenv("STEWARD_DIFF_ROUNDS");     // NOLINT(concurrency-mt-unsafe)
  int rounds = rounds_env != nullptr ? std::atoi(rounds_env) : 80; // NOLINT(cert-err34-c)
  for (int round = 0; round < rounds; ++round) {
    std::string before = random_text(random, 4 + static_cast<int>(random() % (round % 10 == 9 ? 200 : 30)));
    std::string after = before;
    // A few edits: insert, delete or replace a line.
    for (int e = 0; e < 1 + static_cast<int>(random() % (round % 10 == 9 ? 12 : 3)); ++e) {
      std::istringstream in(after);
      std::vector<std::string> lines;
      for (std::string line; std::getline(in, line);) {
        lines.push_back(line + "\n");
      }
      std::size_t at = lines.empty() ? 0 : random() % lines.size();
      std::string extra = random_text(random, 1 + static_cast<int>(random() % 3));
      switch (random() % 3) {
      case 0: lines.insert(lines.begin() + static_cast<long>(at), extra); break;
      case 1:
        if (!lines.empty()) {
          lines.erase(lines.begin() + static_cast<long>(at));
        }
        break;
      default:
        if (!lines.empty()) {
          lines[at] = extra;
        }
      }
      after.clear();
      for (const auto& line : lines) {
        after += line;
      }
    }
    if (round % 5 == 0 && !after.empty()) {
      after.pop_back(); // no newline at the end
    }
    ASSERT_EQ(our_hunks(before, after), git_hunks(dir, before, after)) << "before:\n"
                                                                       << before << "after:\n"
                                                                       << after;
  }
}

} // namespace
} // namespace steward::fix

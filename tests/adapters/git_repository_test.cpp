// The git adapter against real repositories in temporary directories:
// commits to a new branch that leave the working tree, index and HEAD alone,
// idempotent retries, refused paths and names, history, push to a bare
// remote, and failures (not a repository, no git, a hung git) as clear errors.

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <regex>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/git/cli.hpp"
#include "adapters/git/repository.hpp"
#include "tests/support/git_repo.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::git {
namespace {

using steward::testing::GitRepo;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* k_branch = "steward/fix-12-add_value";
const std::string k_new_orders = "select id, customer_id, amount, value from {{ ref('stg_orders') }}\n";
const std::string k_new_test = "version: 2\nmodels:\n  - name: orders\n    tests: [unique_id]\n";

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

class GitRepositoryTest : public ::testing::Test {
protected:
  static CommitSpec spec(std::string branch = k_branch) {
    CommitSpec out;
    out.branch = std::move(branch);
    out.message = "Add value to orders\n\nProposed by Steward for incident 12.";
    out.author_name = "Steward Bot";
    out.author_email = "steward@example.com";
    out.files = {{"models/orders.sql", k_new_orders}, {"models/orders_tests.yml", k_new_test}};
    return out;
  }

  Commit commit(const CommitSpec& given) {
    auto made = m_repo->commit_to_branch(given);
    if (!made) {
      ADD_FAILURE() << made.error().to_string();
      return {};
    }
    return *made;
  }

  /// What must not change when a fix is committed: the status, the index
  /// file's bytes, HEAD and the checked-out files.
  struct Checkout {
    std::string status, index, head, orders;
    bool operator==(const Checkout&) const = default;
  };
  Checkout checkout() const {
    return {m_git.git({"--no-optional-locks", "status", "--porcelain=v1", "--untracked-files=all"}),
            file_bytes(m_git.root() / ".git" / "index"),
            m_git.git({"symbolic-ref", "HEAD"}) + " " + m_git.git({"rev-parse", "HEAD"}),
            m_git.read("models/orders.sql")};
  }

  bool branch_exists(const std::string& branch) const {
    return m_git.try_git(m_git.root(), {"rev-parse", "--verify", "--quiet", "refs/heads/" + branch}) == 0;
  }

  GitRepo m_git;
  std::unique_ptr<Repository> m_repo = make_git_repository(m_git.root().string());
};

TEST_F(GitRepositoryTest, CommitsTheFilesOnANewBranchOnTopOfHead) {
  const std::string head = m_git.git({"rev-parse", "HEAD"});
  const Commit made = commit(spec());

  EXPECT_TRUE(made.created);
  EXPECT_EQ(made.branch, k_branch);
  EXPECT_EQ(made.sha, m_git.git({"rev-parse", std::string("refs/heads/") + k_branch}));
  EXPECT_EQ(m_git.git({"rev-parse", made.sha + "^"}), head);
  EXPECT_EQ(m_git.git({"rev-list", "--count", head + ".." + made.sha}), "1");
  EXPECT_EQ(m_git.show(made.sha, "models/orders.sql"), k_new_orders);
  EXPECT_EQ(m_git.show(made.sha, "models/orders_tests.yml"), k_new_test);
  EXPECT_EQ(m_git.git({"diff", "--name-only", head, made.sha}), "models/orders.sql\nmodels/orders_tests.yml");
  for (const char* unchanged : {"dbt_project.yml", "models/schema.yml", "README.md", "scripts/build.sh"}) {
    EXPECT_EQ(m_git.show(made.sha, unchanged), m_git.show("HEAD", unchanged)) << unchanged;
  }
}

TEST_F(GitRepositoryTest, LeavesTheWorkingTreeIndexAndHeadAlone) {
  const Checkout before = checkout();
  ASSERT_EQ(before.status, "");
  commit(spec());
  EXPECT_EQ(checkout(), before);
  EXPECT_EQ(m_repo->current_branch().value_or("?"), "main");
}

TEST_F(GitRepositoryTest, LeavesUncommittedWorkAlone) {
  m_git.write("models/orders.sql", "select 'work in progress'\n");
  m_git.write("models/staged.sql", "select 1\n");
  m_git.git({"add", "models/staged.sql"});
  m_git.write("notes.txt", "untracked\n");
  const Checkout before = checkout();
  ASSERT_NE(before.status, "");

  const Commit made = commit(spec());

  EXPECT_EQ(checkout(), before);
  EXPECT_EQ(m_git.show(made.sha, "models/orders.sql"), k_new_orders);
  EXPECT_EQ(m_git.show(made.sha, "models/staged.sql"), ""); // staged work is not in the fix
  EXPECT_EQ(m_git.show(made.sha, "notes.txt"), "");
}

TEST_F(GitRepositoryTest, SetsAuthorCommitterAndMessage) {
  const Commit made = commit(spec());
  EXPECT_EQ(m_git.git({"log", "-1", "--format=%an <%ae>|%cn <%ce>", made.sha}),
            "Steward Bot <steward@example.com>|Steward Bot <steward@example.com>");
  EXPECT_EQ(m_git.git({"log", "-1", "--format=%B", made.sha}),
            "Add value to orders\n\nProposed by Steward for incident 12.");
}

TEST_F(GitRepositoryTest, KeepsAnExecutableBitAndAddsNewFilesAsRegular) {
  CommitSpec change = spec();
  change.files = {{"scripts/build.sh", "#!/bin/sh\ndbt build --fail-fast\n"}, {"scripts/new.sh", "echo\n"}};
  const Commit made = commit(change);
  EXPECT_THAT(m_git.git({"ls-tree", made.sha, "scripts/build.sh"}), ::testing::StartsWith("100755 "));
  EXPECT_THAT(m_git.git({"ls-tree", made.sha, "scripts/new.sh"}), ::testing::StartsWith("100644 "));
}

TEST_F(GitRepositoryTest, RetryingTheSameChangeReturnsTheExistingBranch) {
  const Commit first = commit(spec());
  auto again = m_repo->commit_to_branch(spec());
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->sha, first.sha);
  EXPECT_EQ(m_git.git({"rev-parse", std::string("refs/heads/") + k_branch}), first.sha);
}

TEST_F(GitRepositoryTest, ConcurrentRetriesCreateTheBranchOnce) {
  auto other = make_git_repository(m_git.root().string());
  auto racing = std::async(std::launch::async, [&] { return other->commit_to_branch(spec()); });
  auto mine = m_repo->commit_to_branch(spec());
  auto theirs = racing.get();
  ASSERT_TRUE(mine) << mine.error().to_string();
  ASSERT_TRUE(theirs) << theirs.error().to_string();
  EXPECT_EQ(mine->sha, theirs->sha);
  EXPECT_NE(mine->created, theirs->created);
}

TEST_F(GitRepositoryTest, RefusesABranchThatExistsWithOtherChanges) {
  const Commit first = commit(spec());
  CommitSpec different = spec();
  different.files[0].content = "select 2\n";
  auto refused = m_repo->commit_to_branch(different);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().to_string(),
            std::string("git: branch ") + k_branch + " already exists with other changes");
  EXPECT_EQ(m_git.git({"rev-parse", std::string("refs/heads/") + k_branch}), first.sha);

  m_git.git({"branch", "steward/by-hand"});
  auto by_hand = m_repo->commit_to_branch(spec("steward/by-hand"));
  ASSERT_FALSE(by_hand);
  EXPECT_THAT(by_hand.error().reason, HasSubstr("already exists"));
}

TEST_F(GitRepositoryTest, StartsFromTheGivenBase) {
  CommitSpec change = spec();
  change.base = "HEAD~1";
  const Commit made = commit(change);
  EXPECT_EQ(m_git.git({"rev-parse", made.sha + "^"}), m_git.git({"rev-parse", "HEAD~1"}));
  EXPECT_EQ(m_git.show(made.sha, "models/orders.sql"), k_new_orders);

  change.branch = "steward/from-main";
  change.base = "main";
  EXPECT_EQ(m_git.git({"rev-parse", commit(change).sha + "^"}), m_git.git({"rev-parse", "main"}));

  change.branch = "steward/from-nowhere";
  change.base = "no-such-branch";
  auto missing = m_repo->commit_to_branch(change);
  ASSERT_FALSE(missing);
  EXPECT_THAT(missing.error().to_string(), HasSubstr("git: base \"no-such-branch\" is not a commit"));
  EXPECT_FALSE(branch_exists("steward/from-nowhere"));
}

TEST_F(GitRepositoryTest, CommitsLargeFilesWhole) {
  std::string big;
  for (int i = 0; big.size() < 3'000'000; ++i) {
    big += "select " + std::to_string(i) + " as n union all\n";
  }
  CommitSpec change = spec();
  change.files = {{"models/big.sql", big}};
  EXPECT_EQ(m_git.show(commit(change).sha, "models/big.sql"), big);
}

TEST_F(GitRepositoryTest, RefusesPathsOutsideTheRepository) {
  for (const char* path : {"../outside.sql", "/etc/passwd", "models/../../x.sql", "models/..", ""}) {
    CommitSpec change = spec();
    change.files = {{path, "x"}};
    auto refused = m_repo->commit_to_branch(change);
    ASSERT_FALSE(refused) << path;
    EXPECT_EQ(refused.error().to_string(),
              "git: path \"" + std::string(path) + "\" is outside the repository");
  }
  EXPECT_FALSE(branch_exists(k_branch));
}

TEST_F(GitRepositoryTest, RefusesPathsThatCannotNameAFile) {
  for (const char* path : {".git/config", "models/.GIT/hooks", "models//x.sql", "models/", "./x", "a\nb"}) {
    CommitSpec change = spec();
    change.files = {{path, "x"}};
    auto refused = m_repo->commit_to_branch(change);
    ASSERT_FALSE(refused) << path;
    EXPECT_THAT(refused.error().reason, HasSubstr("is not a valid file path")) << path;
  }
  CommitSpec directory = spec();
  directory.files = {{"models", "x"}};
  auto refused = m_repo->commit_to_branch(directory);
  ASSERT_FALSE(refused);
  EXPECT_THAT(refused.error().reason, HasSubstr("\"models\" is a directory"));
  EXPECT_FALSE(branch_exists(k_branch));
}

TEST_F(GitRepositoryTest, RefusesBadBranchNamesAndEmptyChanges) {
  for (const char* name : {"", "bad..name", "-x", "has space", "@{-1}", "ends.lock", "a~b"}) {
    auto refused = m_repo->commit_to_branch(spec(name));
    ASSERT_FALSE(refused) << name;
    EXPECT_EQ(refused.error().to_string(), "git: \"" + std::string(name) + "\" is not a valid branch name");
  }
  CommitSpec no_files = spec();
  no_files.files.clear();
  EXPECT_FALSE(m_repo->commit_to_branch(no_files));
  CommitSpec no_message = spec();
  no_message.message = " \n";
  EXPECT_FALSE(m_repo->commit_to_branch(no_message));
  CommitSpec twice = spec();
  twice.files.push_back(twice.files.front());
  EXPECT_FALSE(m_repo->commit_to_branch(twice));
  EXPECT_FALSE(branch_exists(k_branch));
}

TEST_F(GitRepositoryTest, RefusesAChangeTheBaseAlreadyHas) {
  CommitSpec same = spec();
  same.files = {{"README.md", GitRepo::default_files()[3].second}};
  auto refused = m_repo->commit_to_branch(same);
  ASSERT_FALSE(refused);
  EXPECT_THAT(refused.error().to_string(), HasSubstr("git: nothing to commit"));
  EXPECT_FALSE(branch_exists(k_branch));
}

TEST_F(GitRepositoryTest, ReportsTheCurrentBranchOrDetachedHead) {
  EXPECT_EQ(m_repo->current_branch().value_or("?"), "main");
  m_git.git({"checkout", "--quiet", "--detach"});
  EXPECT_EQ(m_repo->current_branch().value_or("?"), "");
}

TEST_F(GitRepositoryTest, ListsTheCommitsThatTouchedAPathNewestFirst) {
  auto log = m_repo->history({"models/orders.sql"}, 10);
  ASSERT_TRUE(log) << log.error().to_string();
  ASSERT_EQ(log->size(), 2U);
  EXPECT_EQ((*log)[0].sha, m_git.git({"rev-parse", "HEAD"}));
  EXPECT_EQ((*log)[0].subject, "Add amount to orders");
  EXPECT_EQ((*log)[1].sha, m_git.git({"rev-parse", "HEAD~1"}));
  EXPECT_EQ((*log)[1].subject, "Initial project");
  EXPECT_EQ((*log)[0].author, "Ada Lovelace <ada@example.com>");
  EXPECT_TRUE(
      std::regex_match((*log)[0].date, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z))")))
      << (*log)[0].date;

  auto readme = m_repo->history({"README.md"}, 10);
  ASSERT_TRUE(readme);
  ASSERT_EQ(readme->size(), 1U);
  EXPECT_EQ(readme->front().subject, "Initial project");

  EXPECT_EQ(m_repo->history({"models/orders.sql"}, 1).value_or(std::vector<LogEntry>{}).size(), 1U);
  EXPECT_EQ(m_repo->history({"README.md", "models/orders.sql"}, 10).value_or(std::vector<LogEntry>{}).size(),
            2U);
}

TEST_F(GitRepositoryTest, HistoryOfUnknownPathsIsEmptyAndOutsidePathsAreRefused) {
  auto none = m_repo->history({"models/never.sql", "models/*"}, 10);
  ASSERT_TRUE(none) << none.error().to_string();
  EXPECT_TRUE(none->empty());
  auto outside = m_repo->history({"../x"}, 10);
  ASSERT_FALSE(outside);
  EXPECT_THAT(outside.error().reason, HasSubstr("outside the repository"));
}

TEST_F(GitRepositoryTest, HistoryReadsSubjectsWithAnyCharacters) {
  m_git.write("README.md", "changed\n");
  m_git.commit_all("Fix | quotes \" and <angles> & 100% ünïcode");
  auto log = m_repo->history({"README.md"}, 1);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 1U);
  EXPECT_EQ(log->front().subject, "Fix | quotes \" and <angles> & 100% ünïcode");
}

TEST_F(GitRepositoryTest, PushesTheBranchToTheRemote) {
  const Commit made = commit(spec());
  ASSERT_TRUE(m_repo->push("origin", k_branch));
  EXPECT_EQ(m_git.git_in(m_git.bare(), {"rev-parse", std::string("refs/heads/") + k_branch}), made.sha);
  auto again = m_repo->push("origin", k_branch);
  EXPECT_TRUE(again) << again.error().to_string();
}

TEST_F(GitRepositoryTest, ReportsARejectedPush) {
  const Commit made = commit(spec());
  // Someone else pushed a different commit under the same name.
  CommitSpec other = spec("steward/other");
  other.files[0].content = "select 'other'\n";
  commit(other);
  m_git.git({"push", "--quiet", "origin", "refs/heads/steward/other:refs/heads/" + std::string(k_branch)});
  auto rejected = m_repo->push("origin", k_branch);
  ASSERT_FALSE(rejected);
  EXPECT_THAT(rejected.error().to_string(),
              HasSubstr("git: push of steward/fix-12-add_value to origin failed"));
  EXPECT_THAT(rejected.error().reason, HasSubstr("rejected"));
  EXPECT_NE(m_git.git_in(m_git.bare(), {"rev-parse", std::string("refs/heads/") + k_branch}), made.sha);
}

TEST_F(GitRepositoryTest, PushErrorsNeverShowCredentialsFromTheRemoteUrl) {
  m_git.git({"remote", "add", "private", "http://robot:s3cr3t-t0ken@127.0.0.1:1/shop.git"});
  commit(spec());
  auto failed = m_repo->push("private", k_branch);
  ASSERT_FALSE(failed);
  const std::string text = failed.error().to_string();
  EXPECT_THAT(text, HasSubstr("git: push of steward/fix-12-add_value to private failed"));
  EXPECT_THAT(text, Not(HasSubstr("s3cr3t-t0ken")));
  EXPECT_THAT(text, Not(HasSubstr("robot")));
}

TEST_F(GitRepositoryTest, RefusesToPushToAnUnknownRemoteOrABadName) {
  commit(spec());
  auto unknown = m_repo->push("upstream", k_branch);
  ASSERT_FALSE(unknown);
  EXPECT_THAT(unknown.error().to_string(), HasSubstr("git: no remote named \"upstream\""));
  auto url = m_repo->push(m_git.bare().string(), k_branch);
  EXPECT_FALSE(url);
  EXPECT_FALSE(m_repo->push("origin", "bad..name"));
}

TEST_F(GitRepositoryTest, KnowsWhichRemotesExist) {
  EXPECT_EQ(m_repo->has_remote("origin").value_or(false), true);
  EXPECT_EQ(m_repo->has_remote("upstream").value_or(true), false);
  EXPECT_EQ(m_repo->has_remote("").value_or(true), false);
  EXPECT_EQ(m_repo->has_remote("orig").value_or(true), false);
}

TEST(GitProblems, TakeTheLineThatSaysWhatWentWrongWithoutCredentials) {
  EXPECT_EQ(git_problem("fatal: unable to access 'https://x-access-token:ghs_abc@github.com/o/r.git/': "
                        "Could not resolve host: github.com\n"),
            "unable to access 'https://github.com/o/r.git/': Could not resolve host: github.com");
  EXPECT_EQ(
      git_problem("To ../bare\n ! [rejected]        b -> b (fetch first)\nerror: failed to push some refs "
                  "to '../bare'\nhint: Updates were rejected\nhint: see git push --help\n"),
      "! [rejected]        b -> b (fetch first)");
  EXPECT_EQ(git_problem("error: something broke\nhint: try again\n\n"), "something broke");
  EXPECT_EQ(git_problem(""), "");
  EXPECT_EQ(strip_userinfo("see http://u:p@h:1/x and ssh://git@h/y and https://h/z@w"),
            "see http://h:1/x and ssh://h/y and https://h/z@w");
}

TEST(GitRepositoryFailures, ADirectoryThatIsNotARepository) {
  steward::testing::TempDir dir;
  auto repo = make_git_repository(dir.path().string());
  auto branch = repo->current_branch();
  ASSERT_FALSE(branch);
  EXPECT_EQ(branch.error().to_string(), "git: " + dir.path().string() + " is not a git repository");
  CommitSpec change;
  change.branch = "steward/x";
  change.message = "m";
  change.files = {{"a.sql", "x"}};
  auto commit = repo->commit_to_branch(change);
  ASSERT_FALSE(commit);
  EXPECT_THAT(commit.error().reason, HasSubstr("is not a git repository"));
}

TEST(GitRepositoryFailures, AMissingGitExecutable) {
  GitRepo git;
  GitOptions options;
  options.executable = "/nonexistent/git";
  auto branch = make_git_repository(git.root().string(), options)->current_branch();
  ASSERT_FALSE(branch);
  EXPECT_THAT(branch.error().to_string(), HasSubstr("git: cannot run /nonexistent/git"));
}

TEST(GitRepositoryFailures, AGitThatHangsIsStopped) {
  steward::testing::TempDir dir;
  const auto script = dir.write("slow-git", "#!/bin/sh\nsleep 30\necho done\n");
  std::filesystem::permissions(script, std::filesystem::perms::owner_exec,
                               std::filesystem::perm_options::add);
  GitOptions options;
  options.executable = script.string();
  options.timeout = std::chrono::milliseconds(300);
  const auto started = std::chrono::steady_clock::now();
  auto remotes = make_git_repository(dir.path().string(), options)->has_remote("origin");
  ASSERT_FALSE(remotes);
  EXPECT_EQ(remotes.error().to_string(), "git: git remote did not finish within 300 ms and was stopped");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

} // namespace
} // namespace steward::git

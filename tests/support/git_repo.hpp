#pragma once

// A real git repository in a temporary directory, for tests of the git
// adapter and end-to-end tests of fixes: `root()` is a checkout on branch
// `main` with the files of `default_files()` committed in two commits, and
// `bare()` is a bare repository, configured as the checkout's remote
// `origin`, that has `main` pushed. Git runs with no global or system
// configuration, as `Ada Lovelace <ada@example.com>`. Removed with
// everything in it when the object goes away.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/temp_dir.hpp"

namespace steward::testing {

class GitRepo {
public:
  using Files = std::vector<std::pair<std::string, std::string>>;

  /// The committed files: `dbt_project.yml`, `models/orders.sql`,
  /// `models/schema.yml`, `README.md` and the executable `scripts/build.sh`
  /// (first commit, "Initial project"), then `models/orders.sql` changed by
  /// a second commit, "Add amount to orders" (its content here is the
  /// second one).
  static const Files& default_files();

  GitRepo();
  ~GitRepo() = default;
  GitRepo(const GitRepo&) = delete;
  GitRepo& operator=(const GitRepo&) = delete;
  GitRepo(GitRepo&&) = delete;
  GitRepo& operator=(GitRepo&&) = delete;

  /// The checkout (working tree).
  [[nodiscard]] std::filesystem::path root() const { return m_dir.path() / "work"; }
  /// The bare repository behind `origin`.
  [[nodiscard]] std::filesystem::path bare() const { return m_dir.path() / "origin.git"; }
  /// A scratch directory inside the temporary directory, for other repositories.
  [[nodiscard]] std::filesystem::path scratch() const { return m_dir.path(); }

  /// Runs `git -C root() args...`; returns stdout without its trailing
  /// newline. A failing git is reported as a test failure (ADD_FAILURE).
  std::string git(const std::vector<std::string>& args) const;
  /// Runs `git -C dir args...` the same way.
  std::string git_in(const std::filesystem::path& dir, const std::vector<std::string>& args) const;
  /// Runs `git -C dir args...`; returns its exit code (-1: could not start)
  /// and, into `out`, its whole stdout.
  int try_git(const std::filesystem::path& dir, const std::vector<std::string>& args,
              std::string* out = nullptr) const;

  /// The content of `path` in the working tree ("" when missing).
  [[nodiscard]] std::string read(const std::string& path) const;
  /// Writes `content` to `path` in the working tree (parents created).
  void write(const std::string& path, const std::string& content) const;
  /// Stages everything and commits it; returns the new commit's id.
  std::string commit_all(const std::string& message) const;
  /// The exact content of `path` at `revision` ("" when absent).
  std::string show(const std::string& revision, const std::string& path) const;

private:
  TempDir m_dir;
};

} // namespace steward::testing

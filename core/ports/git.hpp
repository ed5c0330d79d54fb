#pragma once

// Ports for the project's version control: the local git repository a fix is
// committed to (`Repository`) and the code host that reviews it
// (`CodeHost`: GitHub's REST API). Adapters: adapters/git, adapters/github.
//
// Both are blocking: call them from worker threads, never from an I/O
// thread. Every call either succeeds or returns an `Error` whose key names
// the system (`git`, `github`) and whose reason says what failed in words a
// person can act on (`git: branch steward/fix-3-add_value already exists with
// other changes`, `github: 401 Bad credentials`). Secrets (tokens) never
// appear in an error.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"

namespace steward::git {

/// A whole file's new content. `path` is relative to the repository root,
/// uses `/`, and never starts with `/` or contains a `..` segment (adapters
/// refuse such paths with `git: path ... is outside the repository`).
struct FileChange {
  std::string path;
  std::string content;
};

/// One commit on a new branch.
struct CommitSpec {
  std::string branch;  ///< to create, e.g. `steward/fix-12-add_value`
  std::string base;    ///< branch, tag or commit to start from; empty: HEAD
  std::string message; ///< the full commit message (subject, blank line, body)
  std::string author_name;
  std::string author_email;
  std::vector<FileChange> files;
};

struct Commit {
  std::string branch;
  std::string sha;     ///< the new commit's full id
  bool created = true; ///< false: the branch already held exactly this change
};

/// One commit of a file's history.
struct LogEntry {
  std::string sha;     ///< full id
  std::string author;  ///< `Name <email>`
  std::string date;    ///< ISO 8601 with offset (`%aI`)
  std::string subject; ///< first line of the message
};

class Repository {
public:
  virtual ~Repository() = default;

  /// The branch checked out in the working tree; empty when HEAD is detached.
  virtual Result<std::string> current_branch() = 0;

  /// Commits that touched any of `paths` (relative to the root), newest
  /// first, at most `limit`. Paths git has never seen give an empty list.
  virtual Result<std::vector<LogEntry>> history(const std::vector<std::string>& paths, int limit) = 0;

  /// Creates `spec.branch` pointing at one new commit on top of `spec.base`
  /// that replaces the listed files' contents. The working tree, the index
  /// and the checked-out branch are not touched (a running dbt project keeps
  /// its files). Idempotent: when the branch already exists and its tip is a
  /// commit with the same parent and tree, it is returned with
  /// `created = false`; when it exists with anything else the call fails
  /// with `git: branch ... already exists`.
  virtual Result<Commit> commit_to_branch(const CommitSpec& spec) = 0;

  /// Pushes `branch` to `remote` (a configured remote's name). Pushing a
  /// branch the remote already has at the same commit succeeds.
  virtual Result<void> push(std::string_view remote, std::string_view branch) = 0;

  /// True when a remote named `remote` is configured.
  virtual Result<bool> has_remote(std::string_view remote) = 0;
};

struct PullRequestSpec {
  std::string title;
  std::string head; ///< the branch with the change
  std::string base; ///< the branch to merge into
  std::string body; ///< Markdown
  bool draft = false;
};

struct PullRequest {
  std::int64_t number = 0;
  std::string url;     ///< the `html_url` people open
  bool created = true; ///< false: an open pull request for `head` already existed
};

class CodeHost {
public:
  virtual ~CodeHost() = default;

  /// The repository's default branch (`main`).
  virtual Result<std::string> default_branch() = 0;

  /// Opens a pull request. When one is already open from `spec.head`, it is
  /// returned instead (`created = false`), so retrying never opens two.
  virtual Result<PullRequest> open_pull_request(const PullRequestSpec& spec) = 0;
};

} // namespace steward::git

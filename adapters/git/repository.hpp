#pragma once

// The `git::Repository` port (core/ports/git.hpp) on the `git` command line:
// every call runs `git -C <root> ...` as a child process (no shell; stdin,
// stdout and stderr on pipes; `GIT_TERMINAL_PROMPT=0`, `LC_ALL=C`; its own
// session, so nothing can prompt; killed after `timeout`).
//
// `commit_to_branch` uses plumbing only (`hash-object`, a temporary index
// file, `read-tree`, `update-index`, `write-tree`, `commit-tree`,
// `update-ref` with an empty old value, so it only ever creates the branch):
// the working tree, the index and the checked-out branch are never touched.
// Files keep an executable bit they had in `base`; new files are 100644.
// The committer is the author. Errors never hold credentials from a
// remote's URL (`https://user:token@...` is shown without `user:token@`).
//
// @par Thread safety
// Calls may run concurrently from several threads; git's own locks order
// concurrent writes to one ref.

#include <chrono>
#include <memory>
#include <string>

#include "core/ports/git.hpp"

namespace steward::git {

struct GitOptions {
  std::string executable = "git";            ///< looked up on PATH unless it holds a `/`
  std::chrono::milliseconds timeout{60'000}; ///< per git command (a push is one command)
};

/// The repository whose working tree (or bare directory) is `root`. Nothing
/// is checked here: a `root` that is not a repository makes every call fail
/// with `git: <root> is not a git repository`.
std::unique_ptr<Repository> make_git_repository(std::string root, GitOptions options = {});

} // namespace steward::git

#pragma once

// Checks on the branch names and paths callers hand the git adapter
// (private to adapters/git).

#include <string_view>

#include "adapters/git/cli.hpp"
#include "core/util/error.hpp"

namespace steward::git {

/// Fails with `git: "x" is not a valid branch name` unless git accepts
/// `name` as a branch name (`git check-ref-format --branch`, no `@{-N}`
/// shorthand, no leading `-`).
Result<void> check_branch(const Cli& cli, std::string_view name);

/// Fails with `git: path x is outside the repository` when `path` is empty,
/// absolute or has a `..` segment.
Result<void> check_inside(std::string_view path);

/// `check_inside`, and also refuses what cannot name a file in a commit:
/// empty or `.` segments, a trailing `/`, a `.git` segment, control
/// characters.
Result<void> check_file_path(std::string_view path);

} // namespace steward::git

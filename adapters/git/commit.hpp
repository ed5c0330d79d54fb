#pragma once

// `Repository::commit_to_branch` on git's plumbing (private to adapters/git).

#include "adapters/git/cli.hpp"
#include "core/ports/git.hpp"

namespace steward::git {

/// Carries out `commit_to_branch` (see core/ports/git.hpp and
/// adapters/git/repository.hpp) in `cli`'s repository.
Result<Commit> commit_files(const Cli& cli, const CommitSpec& spec);

} // namespace steward::git

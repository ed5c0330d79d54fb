#pragma once

// Running `git` in one repository (private to adapters/git): the command
// line, the environment every call gets, and git's stderr turned into a
// reason a person can act on.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/git/process.hpp"
#include "adapters/git/repository.hpp"
#include "core/util/error.hpp"

namespace steward::git {

struct GitCall {
  std::vector<std::string> args; ///< after `git -C <root>`
  std::string input;             ///< stdin
  std::vector<std::pair<std::string, std::string>> env;
};

class Cli {
public:
  Cli(std::string root, GitOptions options) : m_root(std::move(root)), m_options(std::move(options)) {}

  /// Runs git. Fails (key `git`) only when git cannot be started or times
  /// out; the exit code is the caller's to judge.
  [[nodiscard]] Result<ProcessOutput> run(const GitCall& call) const;

  /// Runs git and returns its stdout when it exits with 0; otherwise fails
  /// with `git: <what> failed: <problem>` (`git: <root> is not a git
  /// repository` when it is not one).
  [[nodiscard]] Result<std::string> output(const GitCall& call, std::string_view what) const;

  /// The error for a git run that exited non-zero.
  [[nodiscard]] Error failure(const ProcessOutput& output, std::string_view what) const;

  [[nodiscard]] const std::string& root() const { return m_root; }

private:
  std::string m_root;
  GitOptions m_options;
};

/// The line of git's stderr that says what went wrong: a `[rejected]` line
/// from a push, else the last line that is not a `hint:`; without `fatal: `
/// or `error: `, and with user names and passwords removed from URLs.
std::string git_problem(std::string_view err);

/// `text` with the userinfo (`user:password@`) of every `scheme://` URL removed.
std::string strip_userinfo(std::string_view text);

/// `text` without trailing newlines and spaces.
std::string trim_end(std::string text);

} // namespace steward::git

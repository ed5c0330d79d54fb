#pragma once

// Running a program as a child process (adapters/git, and the fix dry run's
// `dbt compile` in bot/alerts): an argv
// vector, no shell; its stdin fed from a string, its stdout and stderr
// captured; killed (with every process it started) when it runs past a
// timeout. The child gets its own session, so it can never prompt on the
// daemon's terminal.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/util/error.hpp"

namespace steward::git {

struct ProcessRun {
  std::vector<std::string> argv; ///< argv[0] is looked up on PATH unless it holds a `/`
  /// Variables set (or replaced) in the child's environment, which is
  /// otherwise this process's; `unset` names variables removed from it.
  std::vector<std::pair<std::string, std::string>> env;
  std::vector<std::string> unset;
  std::string input; ///< written to the child's stdin, which is then closed
  std::string label; ///< names the command in errors (`git push`); empty: `argv[0]`
  std::chrono::milliseconds timeout{60'000};
};

struct ProcessOutput {
  int exit_code = 0; ///< 128 + signal when the child was killed by one
  std::string out;
  std::string err;
};

/// Runs `run` to completion. Fails (key `key`) only when the program cannot
/// be started or when it ran past `timeout` (it is then killed); a non-zero
/// exit is an output, not an error.
Result<ProcessOutput> run_process(const ProcessRun& run, const std::string& key);

} // namespace steward::git

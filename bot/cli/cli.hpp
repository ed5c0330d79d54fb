#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace steward::cli {

/// Exit codes shared by every command.
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_not_found = 1; ///< node not found or ambiguous; SQL rejected
inline constexpr int k_exit_usage = 2;     ///< bad arguments, bad input files, bad config

/// Runs the `steward` command line with `args` (without the program name),
/// writing results to `out` and errors (`key: reason`) to `err`.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// `main`'s entry: wraps the overload above with std::cout/std::cerr.
int run(int argc, char** argv);

} // namespace steward::cli

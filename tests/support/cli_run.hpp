#pragma once

// Runs the CLI in-process (`cli::run`) and captures what it printed.

#include <sstream>
#include <string>
#include <vector>

#include "bot/cli/cli.hpp"

namespace steward::testing {

struct CliOutcome {
  int code = -1;
  std::string out;
  std::string err;
};

inline CliOutcome run_cli(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  int code = cli::run(args, out, err);
  return {code, out.str(), err.str()};
}

} // namespace steward::testing

#pragma once

// Reads files below a root by their relative path, as core/fix's `ReadFile`
// callbacks do in the daemon.

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "core/util/error.hpp"

namespace steward::testing {

inline std::function<Result<std::string>(const std::string&)> file_reader(std::filesystem::path root) {
  return [root = std::move(root)](const std::string& path) -> Result<std::string> {
    std::ifstream in(root / path, std::ios::binary);
    if (!in) {
      return fail(path, "cannot be read");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  };
}

} // namespace steward::testing

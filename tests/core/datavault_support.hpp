#pragma once

// Helpers for the Data Vault generator's tests: parse-then-generate, and
// looking files up in an output.

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "core/datavault/generate.hpp"
#include "core/datavault/parse.hpp"

namespace steward::datavault::testing {

/// Parses `yaml` (failing the test on a syntax error) and returns the spec.
inline Spec spec_of(std::string_view yaml) {
  auto parsed = parse_spec(yaml);
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().to_string());
  return parsed ? parsed->spec : Spec{};
}

/// Generates `yaml` and expects success; prints the diagnostics otherwise.
inline Output generated(std::string_view yaml, const std::string& spec_name = "golden.yaml") {
  Generation generation = generate(spec_of(yaml), {spec_name});
  std::string diagnostics;
  for (const Diagnostic& diagnostic : generation.diagnostics) {
    diagnostics += diagnostic.to_string() + "\n";
  }
  EXPECT_TRUE(generation.output.has_value()) << diagnostics;
  return generation.output ? *generation.output : Output{};
}

/// The file at `path`, or an empty one (and a failure) when absent.
inline File file_at(const Output& output, const std::string& path) {
  for (const File& file : output.files) {
    if (file.path == path) {
      return file;
    }
  }
  ADD_FAILURE() << "no generated file " << path;
  return {};
}

/// A file's content after its header line.
inline std::string body(const File& file) {
  const std::size_t end = file.content.find('\n');
  return end == std::string::npos ? std::string() : file.content.substr(end + 1);
}

/// The diagnostics' `to_string()`s, one per line.
inline std::string listed(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& diagnostic : diagnostics) {
    out += diagnostic.to_string() + "\n";
  }
  return out;
}

} // namespace steward::datavault::testing

#pragma once

// Generating the dbt models of a Data Vault: automate_dv staging, hub, link,
// satellite, transactional link and effectivity satellite models in the
// `yaml_metadata` + `fromyaml` style, a `schema.yml` per folder with
// descriptions and tests, and a report. Deterministic: the same spec gives
// byte-identical files. Pure: the caller writes the files.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/datavault/plan.hpp"
#include "core/datavault/spec.hpp"
#include "core/util/error.hpp"

namespace steward::dbt {
class Project;
}

namespace steward::datavault {

/// A file to write, relative to the dbt project's models folder.
struct File {
  std::string path;
  std::string content;
};

/// What a generation made and decided.
struct Report {
  std::string spec_name;
  std::string summary;                ///< "3 stages, 3 hubs, 2 links, ... (17 files)"
  std::vector<std::string> created;   ///< "path: what it is", in file order
  std::vector<std::string> decisions; ///< naming and defaulting decisions
  std::vector<std::string> packages;  ///< dbt packages the models need, with why
  std::vector<Diagnostic> warnings;

  /// The report as plain text for a terminal or a Slack code block.
  [[nodiscard]] std::string to_text() const;
  [[nodiscard]] nlohmann::ordered_json to_json() const;
};

struct Output {
  std::vector<File> files; ///< sorted by path
  Report report;
};

struct GenerateOptions {
  /// Named in every file's header and the report (a file name, not a path).
  std::string spec_name = "spec";
};

/// The outcome of `generate`: the diagnostics, and the output when there
/// were no errors.
struct Generation {
  std::vector<Diagnostic> diagnostics;
  std::optional<Output> output;
};

/// Plans `spec` (validating it, against `project` when given) and renders
/// it when there is no error.
Generation generate(const Spec& spec, const GenerateOptions& options, const dbt::Project* project = nullptr);

/// The whole pipeline on a spec's text, for callers that hold a file or a
/// chat message: parses `text` in the format `file_name` implies
/// (`format_for`), plans and renders. Fails only when the text is malformed
/// (`line N, column C: ...`); the parser's diagnostics come first in the
/// result's, and `spec_name` in the headers is `file_name`'s last part.
Result<Generation> generate_from_text(std::string_view text, std::string_view file_name,
                                      const dbt::Project* project = nullptr);

/// Renders a plan without errors; `warnings` go into the report.
Output render(const Plan& plan, const std::vector<Diagnostic>& warnings, const GenerateOptions& options);

/// `{severity, path, message, line?, document?}`.
nlohmann::ordered_json to_json(const Diagnostic& diagnostic);

/// Whether a file on disk may be overwritten by a new generation.
enum class FileState : std::uint8_t {
  foreign,  ///< not written by the generator (no header with a fingerprint)
  pristine, ///< written by the generator and unchanged since
  edited,   ///< written by the generator, then changed by hand
};

/// Reads the first line's fingerprint and compares it with the rest.
FileState file_state(std::string_view content);

} // namespace steward::datavault

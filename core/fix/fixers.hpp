#pragma once

// Deterministic fix options for failing dbt tests and stale sources (the
// proposal catalogue in ../shared/reference/alerts-and-fixes.md): each
// option says what it changes, its pros, cons and risk, and carries the exact
// edits and their diff. Edits change the text of the project's files at the
// node's position (YAML keeps its comments, quoting, order and indentation;
// nothing is re-serialised), so a reviewer sees a minimal diff.
//
// Pure: files are read through the `ReadFile` callback, nothing is written.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/dbt/project.hpp"
#include "core/util/error.hpp"

namespace steward::fix {

/// What is known about one failure.
struct FailureFacts {
  std::string node;    ///< unique id of the failing test, model or source
  std::string status;  ///< fail, error, warn (freshness: warn, error)
  std::string message; ///< dbt's message ("Got 3 results, configured to fail if != 0")
  std::optional<long long> failures;
  /// Values seen in failing rows, when a sample was taken: for
  /// accepted_values the unexpected values, for not_null/unique the keys.
  std::vector<std::string> sample_values;
};

/// A whole file's content before and after an option is applied. `path` is
/// relative to the project root (`models/staging/schema.yml`).
struct FileEdit {
  std::string path;
  std::string before;
  std::string after;
};

enum class Risk { low, medium, high };
std::string_view to_string(Risk risk);

struct FixOption {
  std::string id;    ///< stable for the same failure: `add_value`, `normalise`, `where`, `warn`, ...
  std::string title; ///< short, imperative: "Add 'pending' to the accepted values"
  std::string what;  ///< what it changes and why it would make the test pass (a sentence or two)
  std::vector<std::string> pros;
  std::vector<std::string> cons;
  Risk risk = Risk::medium;
  std::vector<FileEdit> edits{}; ///< empty: nothing to commit (escalate to the owner)
  std::string diff{};            ///< unified diff of all `edits`, in order
};

/// Reads a project file by its path relative to the project root.
using ReadFile = std::function<Result<std::string>(const std::string& path)>;

/// The file a node is declared or documented in, relative to the project
/// root: for tests and columns the YAML that declares the test
/// (`patch_path`/`original_file_path` without the `package://` prefix),
/// for models the `.sql` file. Empty when unknown.
std::string yaml_file_of(const dbt::Node& node, const dbt::Project& project);

/// The options for `facts` (2 to 5 when the failing node is a generic test
/// Steward knows: accepted_values, not_null, unique, relationships, and
/// source freshness; fewer when a file cannot be read or the node is not
/// found in the project; none for anything else). Options whose edits would
/// change nothing are left out. Order: the least risky first.
std::vector<FixOption> propose_fixes(const dbt::Project& project, const FailureFacts& facts,
                                     const ReadFile& read);

} // namespace steward::fix

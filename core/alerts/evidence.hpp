#pragma once

// An incident's investigation, deterministic part: what the project and its
// latest results say around the failing node (lineage both ways, problems
// upstream, the model's SQL and the test's compiled SQL), plus what the
// caller looked up (recent commits to the files involved, knowledge-base
// sections). Rendered in the alert's thread, and given to the LLM, when one
// is configured, to diagnose the cause.

#include <string>
#include <vector>

#include "core/alerts/alert.hpp"
#include "core/dbt/project.hpp"
#include "core/ports/git.hpp"

namespace steward::alerts {

struct KbNote {
  std::string title; ///< `Refunds > Policy`
  std::string file;
  std::string excerpt; ///< the first lines of the section
};

struct Evidence {
  std::vector<std::string> upstream; ///< nearest first: `stg_orders` (model), `jaffle.orders` (source)
  std::vector<std::string>
      problems;                   ///< failing tests and stale sources upstream (or of the model), with status
  std::vector<std::string> files; ///< project files involved (the model's SQL, the test's YAML)
  std::string raw_code;           ///< the model's SQL, at most 60 lines
  std::string compiled_code;      ///< the failing node's compiled SQL, at most 60 lines
  std::vector<git::LogEntry> changes; ///< recent commits to `files`, newest first
  std::string changes_note;           ///< why there are none (no repository, git failed)
  std::vector<KbNote> notes;
};

/// Lineage, upstream problems, files and SQL of `alert`'s failure in
/// `project` (whose latest run results and freshness it reads). A failure
/// the project does not know gives what the alert itself holds.
Evidence gather_evidence(const Alert& alert, const dbt::Project& project);

/// The evidence as a thread message: sections for upstream problems,
/// lineage, recent changes, failing rows, SQL and knowledge-base notes;
/// empty sections say so ("No failing tests or stale sources upstream.").
answer::Answer render_evidence(const Alert& alert, const Evidence& evidence);

/// The evidence as plain text for a model's prompt (PII-masked rows only,
/// as in the alert).
std::string evidence_text(const Alert& alert, const Evidence& evidence);

} // namespace steward::alerts

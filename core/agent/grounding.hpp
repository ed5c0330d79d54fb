#pragma once

// The grounding check: every model, source and column name an answer mentions
// must exist in the project. Names are taken from `code spans` and from bare
// words that look like dbt identifiers (a layer prefix such as `stg_`/`fct_`,
// or a dotted `model.package.name` unique_id).

#include <string>
#include <string_view>
#include <vector>

#include "core/dbt/project.hpp"

namespace steward::agent {

struct Mention {
  std::string text;      ///< as written in the answer
  std::string unique_id; ///< the node it names, when it names one
};

struct Grounding {
  std::vector<Mention> known;           ///< in order of first mention, unique
  std::vector<std::string> unknown;     ///< names the project does not have
  std::vector<std::string> suggestions; ///< parallel to `unknown`: a close real name or ""
};

/// Checks `answer` against `project`. A name is known when it is a node
/// (unique_id, name, alias, `source.table`, `package.name`), a column of any
/// node, `node.column`, a macro, a generic test name, or appears as a word in
/// `accepted_text` (the tool results the model read). Code spans that are not
/// identifiers (SQL, expressions, anything with spaces), SQL keywords and
/// common dbt/Jinja vocabulary (`ref`, `is_incremental`, `unique_key`, ...)
/// are not checked. Fenced code blocks are skipped.
Grounding check_grounding(const dbt::Project& project, std::string_view answer,
                          std::string_view accepted_text);

/// The correction sent back to the model: which names do not exist, the
/// suggestions, and the instruction to use only names from tool results.
std::string correction_note(const Grounding& grounding);

/// `answer` with each unknown name flagged: `` `x` `` becomes `` `x` ⚠️ ``
/// (first occurrence of each).
std::string flag_unknown(std::string_view answer, const Grounding& grounding);

} // namespace steward::agent

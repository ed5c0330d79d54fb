#pragma once

// An evaluation set: questions about one dbt project with what a good answer
// cites. The file format is documented in docs/eval.md.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"

namespace steward::eval {

/// One question and what its answer must do to pass.
struct Question {
  std::string question;
  /// Nodes the answer must cite, by unique_id or by any name `dbt::resolve`
  /// accepts (`fct_orders`, `shop.orders`); every one must be cited.
  std::vector<std::string> expect;
  /// The router intent expected (`Routed::intent`), when given.
  std::optional<std::string> intent;
  /// Text the answer must contain, compared case-insensitively.
  std::vector<std::string> mentions;
  /// The 1-based number of the earlier question this one follows up in the
  /// same conversation ("what feeds it?"), when it is a follow-up.
  std::optional<std::size_t> follow_up_of;
  int line = 0; ///< 1-based line of the question in the file, for messages
};

struct EvalSet {
  /// The project to ask about: the file's `project:` resolved against the
  /// file's folder; empty when the file names none.
  std::filesystem::path project;
  /// The knowledge base folder the offline answers may use: the file's
  /// `knowledge_base:` resolved the same way; empty when it names none.
  std::filesystem::path knowledge_base;
  std::vector<Question> questions;
};

/// Parses the YAML text of an evaluation set read from `file` (used for
/// relative paths and in messages). Errors are `file:line: field: reason`:
/// unknown keys, wrong types, a question with no expectation at all, and a
/// `follow_up_of` that does not name an earlier question. Never throws.
Result<EvalSet> parse_eval_set(std::string_view yaml, const std::filesystem::path& file);

} // namespace steward::eval

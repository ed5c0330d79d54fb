#pragma once

// Fix options written by an LLM, next to the deterministic ones: the model
// sees the failure's evidence and the project files involved, and answers
// with options whose changes are exact text replacements in those files.
// Steward applies the replacements itself, so an option can only touch the
// files it was shown, every replacement must match exactly once, and the
// diff a reviewer sees is computed here, never written by the model.
//
// Pure: files are read through `ReadFile`; the model is called by the caller.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/fix/fixers.hpp"

namespace steward::fix {

/// A project file shown to the model, which it may edit.
struct SourceFile {
  std::string path; ///< relative to the project root
  std::string text;
};

/// The files behind `facts`: the failing node's SQL and YAML and, for a
/// test, the SQL and YAML of the model or source it tests. Unreadable files
/// are left out; at most `max_files`.
std::vector<SourceFile> files_for_llm(const dbt::Project& project, const FailureFacts& facts,
                                      const ReadFile& read, std::size_t max_files = 4);

/// The system prompt: the reply format and the rules for edits.
std::string_view llm_fix_instructions();

/// The user message: the evidence, the options already offered (so the
/// model adds different ones), and the files (each cut at `max_file_chars`).
std::string llm_fix_request(std::string_view evidence, const std::vector<FixOption>& offered,
                            const std::vector<SourceFile>& files, std::size_t max_file_chars = 12000);

/// An option as the model wrote it, normalised: `title`, `what`, `pros`,
/// `cons`, `risk`, `edits` [{`path`, `find`, `replace`}]. Stored with a
/// proposal so Apply re-applies exactly what was reviewed.
using LlmSpec = nlohmann::json;

/// `spec`'s edits applied to the current files: each `find` must occur
/// exactly once in its file (after the spec's earlier edits) and each path
/// must be in `allowed` (empty: any relative path without `..`). Errors
/// name the edit: `edit 2: 'find' text occurs 3 times in models/x.sql`.
Result<FixOption> option_from_spec(const LlmSpec& spec, std::string id, const ReadFile& read,
                                   const std::vector<std::string>& allowed = {});

/// One option from the model's reply, with the spec it came from.
struct LlmFix {
  FixOption option;
  LlmSpec spec;
};

/// What a reply yielded: usable options (at most `limit`, ids `llm_1`, ...)
/// and why the others were dropped.
struct LlmFixes {
  std::vector<LlmFix> fixes;
  std::vector<std::string> rejected;
};

/// Parses the model's reply (a JSON object `{"options": [...]}`, optionally
/// inside a ```json fence or after some prose). Options that change
/// nothing, edit files outside `files`, or repeat an option in `offered`
/// (same diff) are dropped with a reason.
LlmFixes parse_llm_fixes(std::string_view reply, const std::vector<SourceFile>& files,
                         const std::vector<FixOption>& offered, const ReadFile& read, std::size_t limit = 2);

} // namespace steward::fix

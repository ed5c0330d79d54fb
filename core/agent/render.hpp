#pragma once

// Turns the agent's final Markdown into the answer model: paragraphs, lists
// and code blocks, the models cited, and a "how I got this" footer.

#include <string_view>

#include "core/agent/loop.hpp"
#include "core/answer/answer.hpp"
#include "core/dbt/project.hpp"

namespace steward::agent {

/// Converts model Markdown to blocks: fenced code becomes `Code` (language
/// kept), `-`/`*`/`1.` lines become a `ListBlock`, `#` headings become bold
/// paragraphs, tables and other text stay paragraphs. Inline markup passes
/// through (the answer model's subset).
std::vector<answer::Block> markdown_blocks(std::string_view markdown);

/// The whole answer: the text's blocks, the last query result shown
/// (`Report::display`, with its `files`), a "Cited: ..." context line naming
/// up to 8 cited nodes, and the footer (tools used with counts, model steps,
/// tokens, seconds). `summary` is the text's first line.
answer::Answer render_answer(const dbt::Project& project, const Report& report);

} // namespace steward::agent

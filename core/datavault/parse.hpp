#pragma once

// Text → `Spec`: YAML (one or several `---` documents), JSON, a Mermaid
// erDiagram, or a Markdown file holding a diagram and YAML blocks. Pure:
// the caller reads the file. Never throws.

#include <string_view>
#include <vector>

#include "core/datavault/spec.hpp"
#include "core/util/error.hpp"

namespace steward::datavault {

enum class Format : std::uint8_t {
  detect,  ///< JSON when the text starts with `{`, Mermaid when it holds `erDiagram`, else YAML
  yaml,    ///< one or more documents
  json,    ///< one object
  mermaid, ///< an erDiagram, bare or in Markdown ```mermaid fences (with optional ```yaml blocks)
};

/// A parsed spec and what the parser noticed on the way: unknown keys
/// (warnings with a "did you mean"), values of the wrong shape (errors).
/// Structural rules (unknown hubs, missing mappings, ...) are `plan`'s.
struct Parsed {
  Spec spec{};
  std::vector<Diagnostic> diagnostics;
};

/// Parses a spec in `format`. Fails (an `Error` keyed `line N` or
/// `line N, column C`, or `JSON` with the byte offset) only when the text is
/// not YAML/JSON/Mermaid at all; everything else becomes a diagnostic.
///
/// YAML shape (docs/datavault.md): a document may hold `project:` and/or
/// `entities: [...]`, or be one entity (`entity:`, `hub:`, `satellites:`,
/// `links:`, `source_mappings:`). A link lists its hubs with `related_hub`
/// or `related_hubs`; the owning entity's hub is added first unless the
/// list names it.
Result<Parsed> parse_spec(std::string_view text, Format format = Format::detect);

/// The format a file name implies: `.json` → json, `.mmd`/`.mermaid`/`.md`
/// → mermaid, anything else (`.yaml`, `.yml`) → detect.
Format format_for(std::string_view file_name);

/// The text of every fenced code block of `language` (`mermaid`, `yaml`)
/// in Markdown `text`, in order.
std::vector<std::string_view> fenced_blocks(std::string_view text, std::string_view language);

} // namespace steward::datavault

// Markdown around a Mermaid erDiagram: the diagram's fenced block, and
// ```yaml blocks merged into the spec it gives.
#include <algorithm>

#include "core/datavault/mermaid.hpp"
#include "core/datavault/mermaid_er.hpp"
#include "core/util/text.hpp"

namespace steward::datavault {
namespace {

int line_of(std::string_view text, std::string_view part) {
  const auto offset = static_cast<std::size_t>(part.data() - text.data());
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

/// `line N...` keys of a YAML block's error, moved to the whole file's lines.
Error shifted(Error error, int first_line) {
  if (error.key.starts_with("line ")) {
    const std::size_t end = error.key.find_first_not_of("0123456789", 5);
    const int line = std::stoi(error.key.substr(5, end - 5));
    error.key = "line " + std::to_string(line + first_line - 1) +
                (end == std::string::npos ? "" : error.key.substr(end));
  }
  return error;
}

} // namespace

Result<Parsed> parse_mermaid(std::string_view text) {
  std::string_view diagram_text = text;
  int first_line = 1;
  for (std::string_view block : fenced_blocks(text, "mermaid")) {
    if (block.find("erDiagram") != std::string_view::npos) {
      diagram_text = block;
      first_line = line_of(text, block);
      break;
    }
  }
  auto diagram = detail::read_er_diagram(diagram_text, first_line);
  if (!diagram) {
    return tl::unexpected(diagram.error());
  }
  Parsed out = detail::convert_diagram(*diagram);
  for (std::string_view block : fenced_blocks(text, "yaml")) {
    const int block_line = line_of(text, block);
    auto overlay = parse_spec(block, Format::yaml);
    if (!overlay) {
      return tl::unexpected(shifted(overlay.error(), block_line));
    }
    detail::shift_lines(overlay->spec, block_line - 1);
    for (Diagnostic& diagnostic : overlay->diagnostics) {
      diagnostic.at.line += diagnostic.at.line > 0 ? block_line - 1 : 0;
      out.diagnostics.push_back(std::move(diagnostic));
    }
    merge_specs(out.spec, overlay->spec, overlay->spec.settings.at.line > 0);
  }
  return out;
}

} // namespace steward::datavault

#include "core/datavault/spec.hpp"

#include <algorithm>

#include "core/util/text.hpp"

namespace steward::datavault {

std::string Diagnostic::to_string() const {
  std::string out = severity == Severity::error ? "error: " : "warning: ";
  if (!path.empty()) {
    out += path + ": ";
  }
  out += message;
  if (at.line > 0 && at.document > 1) {
    out += " (document " + std::to_string(at.document) + ", line " + std::to_string(at.line) + ")";
  } else if (at.line > 0) {
    out += " (line " + std::to_string(at.line) + ")";
  }
  return out;
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& diagnostic) { return diagnostic.severity == Severity::error; });
}

bool Link::transactional() const {
  const std::string type = to_lower(relationship_type);
  return type == "transactional" || type == "non_historized" || type == "non_historised";
}

} // namespace steward::datavault

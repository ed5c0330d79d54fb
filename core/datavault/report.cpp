// The generation report as text and as JSON.
#include "core/datavault/generate.hpp"

namespace steward::datavault {

std::string Report::to_text() const {
  std::string out = "Data Vault from " + spec_name + ": " + summary + "\n";
  out += "\nCreated:\n";
  for (const std::string& line : created) {
    out += "  " + line + "\n";
  }
  if (!decisions.empty()) {
    out += "\nDecisions:\n";
    for (const std::string& line : decisions) {
      out += "  - " + line + "\n";
    }
  }
  out += "\nPackages (packages.yml):\n";
  for (const std::string& line : packages) {
    out += "  - " + line + "\n";
  }
  if (!warnings.empty()) {
    out += "\nWarnings:\n";
    for (const Diagnostic& warning : warnings) {
      out += "  " + warning.to_string() + "\n";
    }
  }
  return out;
}

nlohmann::ordered_json to_json(const Diagnostic& diagnostic) {
  nlohmann::ordered_json out{{"severity", diagnostic.severity == Severity::error ? "error" : "warning"},
                             {"path", diagnostic.path},
                             {"message", diagnostic.message}};
  if (diagnostic.at.line > 0) {
    out["line"] = diagnostic.at.line;
  }
  if (diagnostic.at.document > 0) {
    out["document"] = diagnostic.at.document;
  }
  return out;
}

nlohmann::ordered_json Report::to_json() const {
  nlohmann::ordered_json out{{"spec", spec_name},
                             {"summary", summary},
                             {"created", created},
                             {"decisions", decisions},
                             {"packages", packages}};
  out["warnings"] = nlohmann::ordered_json::array();
  for (const Diagnostic& warning : warnings) {
    out["warnings"].push_back(datavault::to_json(warning));
  }
  return out;
}

} // namespace steward::datavault

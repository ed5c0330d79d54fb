#include "bot/cli/command.hpp"

#include <cstdlib>
#include <ostream>

#include "bot/cli/cli.hpp"

namespace steward::cli {

std::vector<OptionSpec> project_options(std::vector<OptionSpec> extra) {
  extra.push_back({"project", true});
  extra.push_back({"json", false});
  extra.push_back({"help", false});
  return extra;
}

int report(Io& io, const Error& error, int code) {
  io.err << error.to_string() << "\n";
  return code;
}

std::shared_ptr<const knowledge::Snapshot> open_project(const Args& args, Io& io) {
  std::string path;
  if (auto given = args.value("project")) {
    path = *given;
  } else if (const char* env = std::getenv("STEWARD_PROJECT_PATH"); env != nullptr && *env != '\0') {
    path = env;
  } else {
    report(io, Error{"--project", "missing: pass --project PATH (a dbt project directory or a manifest.json), "
                                  "or set STEWARD_PROJECT_PATH"},
           k_exit_usage);
    return nullptr;
  }
  dbt::LoadOptions options;
  if (io.progress) {
    options.progress = [&io](const std::string& message) { io.err << message << "...\n"; };
  }
  auto snapshot = knowledge::build_snapshot(path, options);
  if (!snapshot) {
    report(io, snapshot.error(), k_exit_usage);
    return nullptr;
  }
  for (const auto& warning : (*snapshot)->project.warnings()) {
    io.err << "warning: " << warning << "\n";
  }
  return *snapshot;
}

} // namespace steward::cli

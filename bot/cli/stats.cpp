#include <iomanip>
#include <ostream>

#include <nlohmann/json.hpp>

#include "bot/cli/cli.hpp"
#include "bot/cli/command.hpp"

namespace steward::cli {
namespace {

using dbt::ResourceType;

nlohmann::ordered_json counts_json(const dbt::Project& project) {
  nlohmann::ordered_json counts;
  for (std::size_t i = 0; i < dbt::k_resource_type_count; ++i) {
    auto type = static_cast<ResourceType>(i);
    std::size_t count = project.count(type);
    if (count > 0 || type != ResourceType::unknown) {
      counts[std::string(dbt::to_string(type))] = count;
    }
  }
  return counts;
}

nlohmann::ordered_json to_json(const dbt::Project& project) {
  nlohmann::ordered_json out;
  out["project"] = std::string(project.project_name());
  out["adapter"] = std::string(project.adapter_type());
  out["nodes"] = project.nodes().size();
  out["counts"] = counts_json(project);
  out["disabled"] = project.disabled().size();
  out["edges"] = project.graph().edge_count();
  nlohmann::ordered_json versions = nlohmann::ordered_json::object();
  out["artifacts"] = nlohmann::ordered_json::array();
  for (const auto& artifact : project.artifacts()) {
    if (artifact.schema_version > 0) {
      versions[artifact.kind] = artifact.schema_version;
    }
    nlohmann::ordered_json item;
    item["kind"] = artifact.kind;
    item["path"] = artifact.path;
    item["schema_version"] = artifact.schema_version;
    item["dbt_version"] = artifact.dbt_version;
    item["generated_at"] = artifact.generated_at;
    out["artifacts"].push_back(std::move(item));
  }
  out["schema_versions"] = versions;
  out["warnings"] = project.warnings();
  return out;
}

void print_text(Io& io, const dbt::Project& project) {
  io.out << "project: " << (project.project_name().empty() ? "(unnamed)" : project.project_name());
  if (!project.adapter_type().empty()) {
    io.out << " (" << project.adapter_type() << ")";
  }
  io.out << "\n";
  for (const auto& artifact : project.artifacts()) {
    io.out << "  " << std::left << std::setw(18) << artifact.kind << artifact.path;
    if (artifact.schema_version > 0) {
      io.out << "  v" << artifact.schema_version;
    }
    if (!artifact.dbt_version.empty()) {
      io.out << "  dbt " << artifact.dbt_version;
    }
    io.out << "\n";
  }
  io.out << "nodes: " << project.nodes().size() << " (" << project.disabled().size() << " disabled), "
         << project.graph().edge_count() << " edges\n";
  for (std::size_t i = 0; i < dbt::k_resource_type_count; ++i) {
    auto type = static_cast<ResourceType>(i);
    if (project.count(type) > 0) {
      io.out << "  " << std::left << std::setw(16) << dbt::to_string(type) << project.count(type) << "\n";
    }
  }
  if (!project.warnings().empty()) {
    io.out << "warnings (" << project.warnings().size() << "):\n";
    for (const auto& warning : project.warnings()) {
      io.out << "  " << warning << "\n";
    }
  }
}

int run_stats(const Args& args, Io& io) {
  if (!args.positional.empty()) {
    return report(io, Error{args.positional.front(), "unexpected argument"}, k_exit_usage);
  }
  auto snapshot = open_project(args, io);
  if (!snapshot) {
    return k_exit_usage;
  }
  if (args.has("json")) {
    io.out << to_json(snapshot->project).dump(2) << "\n";
  } else {
    print_text(io, snapshot->project);
  }
  return k_exit_ok;
}

} // namespace

const Command& stats_command() {
  static const Command command{
      "stats",
      "counts by resource type and the artifact versions read",
      "usage: steward stats --project PATH [--json]\n"
      "\n"
      "Loads the project and reports what it holds: counts by resource type,\n"
      "disabled nodes, graph edges, each artifact read with its schema version and\n"
      "dbt version, and any warnings found while loading.\n"
      "\n"
      "  --project PATH  dbt project directory or manifest.json; default: project.path\n"
      "                  from the config (or $STEWARD_PROJECT_PATH)\n"
      "  --config FILE   config file (default $STEWARD_CONFIG, else ./steward.yaml if present)\n"
      "  --json          {\"project\", \"adapter\", \"nodes\", \"counts\": {TYPE: N},\n"
      "                  \"disabled\", \"edges\", \"artifacts\": [...],\n"
      "                  \"schema_versions\": {\"manifest\": 12, ...}, \"warnings\": [...]}\n"
      "\n"
      "exit: 0 ok, 2 bad input\n",
      project_options({}),
      run_stats,
  };
  return command;
}

} // namespace steward::cli

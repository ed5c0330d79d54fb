// `steward datavault validate|generate SPEC`: the Data Vault generator
// (core/datavault) from the command line. Exit 0 ok, 1 the spec has errors,
// 2 bad input or usage (including files that would be overwritten).
#include <filesystem>
#include <fstream>
#include <ostream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "bot/cli/cli.hpp"
#include "bot/cli/command.hpp"
#include "core/datavault/generate.hpp"
#include "core/datavault/parse.hpp"
#include "core/dbt/loader.hpp"

namespace steward::cli {
namespace {

namespace fs = std::filesystem;
namespace dv = datavault;

constexpr std::uintmax_t k_max_spec_bytes = 4U << 20U;

Result<std::string> read_text(const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec || !fs::is_regular_file(path, ec)) {
    return fail(path.string(), "cannot read it (no such file)");
  }
  if (size > k_max_spec_bytes) {
    return fail(path.string(), "larger than 4 MiB; a spec is much smaller");
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) {
    return fail(path.string(), "cannot read it");
  }
  return text.str();
}

/// The spec, its parse diagnostics, and the project when `--project` is given.
struct Inputs {
  std::string name;
  dv::Parsed parsed;
  std::optional<dbt::Project> project;
};

std::optional<Inputs> load(const Args& args, Io& io, int& code) {
  code = k_exit_usage;
  if (args.positional.size() != 2) {
    report(io,
           Error{"SPEC", args.positional.size() < 2
                             ? "missing: name the spec file (.yaml, .json, .mmd or .md)"
                             : "only one spec at a time"},
           code);
    return std::nullopt;
  }
  const fs::path path = args.positional[1];
  auto text = read_text(path);
  if (!text) {
    report(io, text.error(), code);
    return std::nullopt;
  }
  auto parsed = dv::parse_spec(*text, dv::format_for(path.string()));
  if (!parsed) {
    report(io, Error{path.string() + ": " + parsed.error().key, parsed.error().reason}, code);
    return std::nullopt;
  }
  Inputs inputs{path.filename().string(), std::move(*parsed), std::nullopt};
  if (auto project_path = args.value("project")) {
    auto project = dbt::load_project(*project_path);
    if (!project) {
      report(io, Error{"--project", project.error().to_string()}, code);
      return std::nullopt;
    }
    inputs.project.emplace(std::move(*project));
  }
  code = k_exit_ok;
  return inputs;
}

void print_diagnostics(Io& io, const std::string& spec, const std::vector<dv::Diagnostic>& diagnostics) {
  for (const dv::Diagnostic& diagnostic : diagnostics) {
    (diagnostic.severity == dv::Severity::error ? io.err : io.out)
        << spec << ": " << diagnostic.to_string() << "\n";
  }
}

nlohmann::ordered_json diagnostics_json(const std::vector<dv::Diagnostic>& diagnostics) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const dv::Diagnostic& diagnostic : diagnostics) {
    out.push_back(dv::to_json(diagnostic));
  }
  return out;
}

std::size_t errors_in(const std::vector<dv::Diagnostic>& diagnostics) {
  std::size_t n = 0;
  for (const dv::Diagnostic& diagnostic : diagnostics) {
    n += diagnostic.severity == dv::Severity::error ? 1 : 0;
  }
  return n;
}

int run_validate(const Args& args, Io& io) {
  int code = k_exit_ok;
  auto inputs = load(args, io, code);
  if (!inputs) {
    return code;
  }
  std::vector<dv::Diagnostic> diagnostics = inputs->parsed.diagnostics;
  dv::Planned planned = dv::plan(inputs->parsed.spec, inputs->project ? &*inputs->project : nullptr);
  diagnostics.insert(diagnostics.end(), planned.diagnostics.begin(), planned.diagnostics.end());
  const std::size_t errors = errors_in(diagnostics);
  const dv::Plan& plan = planned.plan;
  if (args.has("json")) {
    nlohmann::ordered_json out{{"spec", inputs->name}, {"valid", errors == 0}};
    out["diagnostics"] = diagnostics_json(diagnostics);
    io.out << out.dump(2) << "\n";
  } else {
    print_diagnostics(io, inputs->name, diagnostics);
    const std::size_t warnings = diagnostics.size() - errors;
    if (errors == 0) {
      io.out << inputs->name << ": valid: " << plan.stages.size() << " stages, " << plan.hubs.size()
             << " hubs, " << plan.links.size() << " links, " << plan.satellites.size() << " satellites; "
             << warnings << (warnings == 1 ? " warning" : " warnings") << "\n";
    } else {
      io.err << inputs->name << ": " << errors << (errors == 1 ? " error, " : " errors, ") << warnings
             << (warnings == 1 ? " warning" : " warnings") << "\n";
    }
  }
  return errors == 0 ? k_exit_ok : k_exit_not_found;
}

/// What writing one file does.
struct Action {
  const dv::File* file;
  std::string verb; ///< created, updated, unchanged, overwritten
};

/// Decides every file's action; fills `conflicts` with files that may not
/// be overwritten without --force.
std::vector<Action> actions(const std::vector<dv::File>& files, const fs::path& out, bool force,
                            std::vector<Error>& conflicts) {
  std::vector<Action> result;
  for (const dv::File& file : files) {
    const fs::path target = out / file.path;
    std::error_code ec;
    if (!fs::exists(target, ec)) {
      result.push_back({&file, "created"});
      continue;
    }
    auto existing = read_text(target);
    if (existing && *existing == file.content) {
      result.push_back({&file, "unchanged"});
      continue;
    }
    const dv::FileState state = existing ? dv::file_state(*existing) : dv::FileState::foreign;
    if (state == dv::FileState::pristine) {
      result.push_back({&file, "updated"});
    } else if (force) {
      result.push_back({&file, "overwritten"});
    } else {
      conflicts.push_back({target.string(), state == dv::FileState::edited
                                                ? "edited since it was generated; --force overwrites it"
                                                : "exists and was not written by steward datavault; --force "
                                                  "overwrites it"});
    }
  }
  return result;
}

/// Generated files under `out` that this generation no longer makes.
std::vector<std::string> stale(const fs::path& out, const std::vector<dv::File>& files) {
  std::set<std::string> wanted;
  for (const dv::File& file : files) {
    wanted.insert(file.path);
  }
  std::vector<std::string> result;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(out, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const fs::path& path = it->path();
    const std::string relative = fs::relative(path, out, ec).generic_string();
    if (!it->is_regular_file(ec) || wanted.contains(relative) ||
        (path.extension() != ".sql" && path.extension() != ".yml")) {
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    std::string first_line;
    std::getline(in, first_line);
    if (dv::file_state(first_line) != dv::FileState::foreign) { // the header says generated
      result.push_back(relative);
    }
  }
  std::sort(result.begin(), result.end());
  return result;
}

std::optional<Error> write(const fs::path& out, const std::vector<Action>& plan) {
  for (const Action& action : plan) {
    if (action.verb == "unchanged") {
      continue;
    }
    const fs::path target = out / action.file->path;
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    std::ofstream file(target, std::ios::binary | std::ios::trunc);
    file << action.file->content;
    file.close();
    if (ec || !file) {
      return Error{target.string(), "cannot write it"};
    }
  }
  return std::nullopt;
}

int run_generate(const Args& args, Io& io) {
  int code = k_exit_ok;
  auto inputs = load(args, io, code);
  if (!inputs) {
    return code;
  }
  dv::Generation generation =
      dv::generate(inputs->parsed.spec, {inputs->name}, inputs->project ? &*inputs->project : nullptr);
  std::vector<dv::Diagnostic> diagnostics = inputs->parsed.diagnostics;
  diagnostics.insert(diagnostics.end(), generation.diagnostics.begin(), generation.diagnostics.end());
  if (!generation.output || errors_in(diagnostics) > 0) {
    if (args.has("json")) {
      nlohmann::ordered_json out{{"spec", inputs->name}, {"valid", false}};
      out["diagnostics"] = diagnostics_json(diagnostics);
      io.out << out.dump(2) << "\n";
      return k_exit_not_found;
    }
    print_diagnostics(io, inputs->name, diagnostics);
    io.err << inputs->name << ": not generated: fix the errors above (steward datavault validate)\n";
    return k_exit_not_found;
  }
  dv::Output& output = *generation.output;
  output.report.warnings = diagnostics; // parse warnings too; errors are none by now
  const fs::path out = args.value("out").value_or("datavault");
  std::vector<Error> conflicts;
  const std::vector<Action> plan = actions(output.files, out, args.has("force"), conflicts);
  if (!conflicts.empty()) {
    for (const Error& conflict : conflicts) {
      report(io, conflict, k_exit_usage);
    }
    io.err << "nothing written\n";
    return k_exit_usage;
  }
  if (auto error = write(out, plan)) {
    return report(io, *error, k_exit_usage);
  }
  const std::vector<std::string> left = stale(out, output.files);
  if (args.has("json")) {
    nlohmann::ordered_json json{{"out", out.string()}};
    json["files"] = nlohmann::ordered_json::array();
    for (const Action& action : plan) {
      json["files"].push_back({{"path", action.file->path}, {"action", action.verb}});
    }
    json["stale"] = left;
    json["report"] = output.report.to_json();
    io.out << json.dump(2) << "\n";
    return k_exit_ok;
  }
  io.out << "Wrote to " << out.string() << ":\n";
  for (const Action& action : plan) {
    io.out << "  " << action.verb << std::string(12 - action.verb.size(), ' ') << action.file->path << "\n";
  }
  for (const std::string& path : left) {
    io.out << "  stale       " << path << " (generated before, not any more: left in place)\n";
  }
  io.out << "\n" << output.report.to_text();
  return k_exit_ok;
}

int run_datavault(const Args& args, Io& io) {
  const std::string action = args.positional.empty() ? "" : args.positional.front();
  if (action == "validate") {
    for (const char* option : {"out", "force"}) {
      if (args.has(option) || args.value(option)) {
        return report(io, Error{std::string("--") + option, "only for steward datavault generate"},
                      k_exit_usage);
      }
    }
    return run_validate(args, io);
  }
  if (action == "generate") {
    return run_generate(args, io);
  }
  return report(io, Error{action.empty() ? "ACTION" : action, "expected validate or generate"}, k_exit_usage);
}

} // namespace

const Command& datavault_command() {
  static const Command command{
      "datavault",
      "validate a Data Vault spec; generate its automate_dv models, tests and docs",
      "usage: steward datavault validate SPEC [--project PATH] [--json]\n"
      "       steward datavault generate SPEC [--out DIR] [--project PATH] [--force] [--json]\n"
      "\n"
      "SPEC is a Data Vault design: YAML (.yaml/.yml, several --- documents allowed),\n"
      "JSON (.json), or a Mermaid erDiagram (.mmd, or .md with a ```mermaid block and\n"
      "optional ```yaml blocks adding source mappings). docs/datavault.md has the format.\n"
      "\n"
      "validate  checks the spec: unknown hubs, satellites without a parent, duplicate\n"
      "          names, business keys missing from source mappings, unmapped sources,\n"
      "          hashdiff/payload mismatches, links with fewer than two hubs, naming rules.\n"
      "          Prints each problem with its spec path and line, then a summary.\n"
      "generate  validates, then writes one staging model per source, hubs, links,\n"
      "          satellites (one per source), transactional links and effectivity\n"
      "          satellites for automate_dv, a schema.yml per folder with descriptions and\n"
      "          tests, and prints what it wrote and a report (decisions, packages to add\n"
      "          to packages.yml, warnings). Nothing is written when the spec has errors.\n"
      "\n"
      "  --project PATH  also check that the mapped dbt sources and models exist in this\n"
      "                  project (a project directory or a manifest.json), and their\n"
      "                  documented columns\n"
      "  --out DIR       the models folder to write into (default ./datavault); files go\n"
      "                  to DIR/staging, DIR/raw_vault/hubs, ... (project.folders)\n"
      "  --force         overwrite files that were edited by hand or not generated by\n"
      "                  Steward; without it such files stop the run and nothing is written\n"
      "                  (files generated earlier and unchanged are updated freely)\n"
      "  --json          machine-readable output\n"
      "\n"
      "exit: 0 ok, 1 the spec has errors, 2 bad input or usage (unreadable or malformed\n"
      "      spec, a project that does not load, files that would be overwritten)\n",
      {{"project", true}, {"out", true}, {"force", false}, {"json", false}, {"help", false}},
      run_datavault,
  };
  return command;
}

} // namespace steward::cli

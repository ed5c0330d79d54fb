#include "bot/cli/command.hpp"

#include <chrono>
#include <ostream>

#include <spdlog/spdlog.h>

#include "adapters/log/logger.hpp"
#include "bot/cli/cli.hpp"
#include "bot/config/config.hpp"
#include "core/dbt/resolve.hpp"

namespace steward::cli {

std::vector<OptionSpec> project_options(std::vector<OptionSpec> extra) {
  extra.push_back({"project", true});
  extra.push_back({"config", true});
  extra.push_back({"json", false});
  extra.push_back({"help", false});
  return extra;
}

int report(Io& io, const Error& error, int code) {
  io.err << error.to_string() << "\n";
  return code;
}

std::optional<config::Config> load_settings(const Args& args, Io& io, bool needs_project) {
  auto env = config::Environment::from_process();
  std::optional<std::filesystem::path> explicit_file;
  if (auto file = args.value("config")) {
    explicit_file = *file;
  }
  std::error_code ec;
  auto file = config::discover_config_file(explicit_file, env, std::filesystem::current_path(ec));
  config::ResolveOptions options;
  if (auto project = args.value("project")) {
    options.overrides.emplace_back("project.path", *project);
  }
  if (!needs_project) {
    options.not_needed.emplace_back("project.path");
  }
  auto loaded = config::load_config(file ? std::optional(file->path) : std::nullopt, env, options);
  if (!loaded) {
    for (const auto& error : loaded.error().errors) {
      if (error.key == "project.path" && error.reason.rfind("required", 0) == 0) {
        io.err << "--project: missing: pass --project PATH (a dbt project directory or a manifest.json), "
                  "or set project.path in the config or STEWARD_PROJECT_PATH\n";
        continue;
      }
      // A bad --project is reported under the name the user typed.
      bool from_flag = error.key == "project.path" && args.value("project").has_value();
      io.err << (from_flag ? Error{"--project", error.reason} : error).to_string() << "\n";
    }
    for (const auto& warning : loaded.error().warnings) {
      io.err << "warning: " << warning.to_string() << "\n";
    }
    return std::nullopt;
  }
  if (auto logging = adapters::configure_logging(loaded->config.log.level); !logging) {
    io.err << logging.error().to_string() << "\n";
    return std::nullopt;
  }
  return loaded->config;
}

std::shared_ptr<const knowledge::Snapshot> open_project(const Args& args, Io& io) {
  auto settings = load_settings(args, io);
  if (!settings) {
    return nullptr;
  }
  dbt::LoadOptions options;
  options.prefer_source = settings->project.prefer_source;
  if (io.progress) {
    options.progress = [&io](const std::string& message) { io.err << message << "...\n"; };
  }
  // The user's spelling of the path, for error messages they recognise.
  std::filesystem::path path = args.value("project").value_or(settings->project.path.string());
  auto started = std::chrono::steady_clock::now();
  auto snapshot = knowledge::build_snapshot(path, options);
  if (!snapshot) {
    report(io, snapshot.error(), k_exit_usage);
    return nullptr;
  }
  for (const auto& warning : (*snapshot)->project.warnings()) {
    io.err << "warning: " << warning << "\n";
  }
  auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
  spdlog::debug("loaded {} ({} nodes) in {:.0f} ms", path.string(), (*snapshot)->project.nodes().size(),
                elapsed.count());
  return *snapshot;
}

std::optional<Target> open_node(const Args& args, Io& io, std::string_view what, int& code) {
  code = k_exit_usage;
  if (args.positional.size() != 1) {
    report(io,
           Error{"NODE", args.positional.empty()
                             ? "missing: name the node to " + std::string(what)
                             : "expected one NODE, got " + std::to_string(args.positional.size())},
           k_exit_usage);
    return std::nullopt;
  }
  auto snapshot = open_project(args, io);
  if (!snapshot) {
    return std::nullopt;
  }
  auto found = dbt::resolve(snapshot->project, args.positional.front());
  if (found.kind != dbt::Resolution::Kind::found) {
    io.err << dbt::describe_failure(args.positional.front(), found) << "\n";
    code = k_exit_not_found;
    return std::nullopt;
  }
  code = k_exit_ok;
  return Target{std::move(snapshot), found.id};
}

} // namespace steward::cli

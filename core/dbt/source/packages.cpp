#include <algorithm>
#include <set>

#include "core/dbt/source/phases.hpp"

namespace steward::dbt::source {
namespace {

namespace fs = std::filesystem;

fs::path canonical_or_normal(const fs::path& path) {
  std::error_code ec;
  fs::path out = fs::weakly_canonical(path, ec);
  return ec ? path.lexically_normal() : out;
}

/// Adds the package in `dir` unless its directory or name is already loaded.
/// Returns the package's name, or empty when it was not added.
std::string add_package(ParseState& state, const fs::path& dir, std::set<fs::path>& seen) {
  fs::path canonical = canonical_or_normal(dir);
  if (seen.contains(canonical)) {
    return {};
  }
  auto file = read_project_file(dir);
  if (!file) {
    state.warn("skipped package: " + file.error().to_string());
    return {};
  }
  if (state.package(file->name) != nullptr) {
    state.warn("skipped package " + display_path(state, dir) + ": a package named " + file->name +
               " is already loaded");
    return {};
  }
  seen.insert(canonical);
  auto ctx = std::make_unique<PackageCtx>();
  ctx->file = std::move(*file);
  ctx->dir = canonical;
  ctx->vars = std::make_unique<VarScope>(state.root().file, ctx->file);
  std::string name = ctx->file.name;
  state.packages.push_back(std::move(ctx));
  return name;
}

void add_installed(ParseState& state, const fs::path& root_dir, std::set<fs::path>& seen) {
  for (const char* folder : {"dbt_packages", "dbt_modules"}) {
    std::error_code ec;
    fs::directory_iterator it(root_dir / folder, ec);
    std::vector<fs::path> dirs;
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      std::error_code inner;
      if (it->is_directory(inner) && fs::exists(it->path() / "dbt_project.yml", inner)) {
        dirs.push_back(it->path());
      }
    }
    std::sort(dirs.begin(), dirs.end());
    for (const auto& dir : dirs) {
      add_package(state, dir, seen);
    }
  }
}

} // namespace

void load_packages(ParseState& state, const fs::path& root_dir, ProjectFile root_file) {
  auto root = std::make_unique<PackageCtx>();
  root->file = std::move(root_file);
  root->dir = canonical_or_normal(root_dir);
  root->is_root = true;
  root->vars = std::make_unique<VarScope>(root->file, root->file);
  std::set<fs::path> seen{root->dir};
  state.packages.push_back(std::move(root));

  auto specs = read_package_specs(root_dir);
  if (!specs) {
    state.warn("skipped " + specs.error().to_string());
    specs = std::vector<PackageSpec>{};
  }
  add_installed(state, root_dir, seen);
  for (const auto& spec : *specs) {
    state.package_names.insert(spec.name);
    std::string status;
    if (spec.kind == "local") {
      std::string name = add_package(state, root_dir / spec.source, seen);
      status = name.empty() ? " (local)" : " (local, parsed as " + name + ")";
    } else {
      status = state.package(spec.name) != nullptr ? " (installed, parsed)" : " (not installed)";
    }
    std::string label = spec.source + (spec.version.empty() ? "" : " " + spec.version) + status;
    state.builder().add_artifact(ArtifactInfo{"package", label, 0, {}, {}});
  }
  for (const auto& package : state.packages) {
    state.package_names.insert(package->file.name);
  }
  state.package_names.insert("dbt");
}

std::string display_path(const ParseState& state, const fs::path& absolute) {
  fs::path relative = absolute.lexically_relative(state.root().dir);
  std::string text = relative.generic_string();
  return text.empty() ? absolute.generic_string() : text;
}

} // namespace steward::dbt::source

#include "core/dbt/loader.hpp"

#include <cstdio>

#include "core/dbt/artifacts.hpp"
#include "core/dbt/source_tree.hpp"

namespace steward::dbt {
namespace {

namespace fs = std::filesystem;

using Parser = Result<ArtifactInfo> (*)(JsonText, std::string_view, ProjectBuilder&);

struct Sibling {
  const char* file;
  Parser parse;
};

constexpr Sibling k_siblings[] = {
    {"semantic_manifest.json", parse_semantic_manifest},
    {"catalog.json", parse_catalog},
    {"run_results.json", parse_run_results},
    {"sources.json", parse_sources},
};

std::string size_text(std::size_t bytes) {
  char buffer[32];
  if (bytes >= std::size_t{1024} * 1024) {
    static_cast<void>(
        std::snprintf(buffer, sizeof(buffer), "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0)));
  } else {
    static_cast<void>(std::snprintf(buffer, sizeof(buffer), "%.1f kB", static_cast<double>(bytes) / 1024.0));
  }
  return buffer;
}

Result<void> parse_one(const fs::path& file, Parser parse, ProjectBuilder& builder,
                       const LoadOptions& options) {
  auto text = read_json_file(file);
  if (!text) {
    return tl::unexpected(text.error());
  }
  if (options.progress) {
    options.progress("parsing " + file.string() + " (" + size_text(text->size()) + ")");
  }
  auto info = parse(std::move(*text), file.string(), builder);
  if (!info) {
    return tl::unexpected(info.error());
  }
  builder.add_artifact(std::move(*info));
  return {};
}

Result<Project> load_artifacts(const fs::path& manifest, const LoadOptions& options) {
  ProjectBuilder builder;
  if (auto loaded = parse_one(manifest, parse_manifest, builder, options); !loaded) {
    return tl::unexpected(loaded.error());
  }
  std::error_code ec;
  for (const auto& sibling : k_siblings) {
    fs::path file = manifest.parent_path() / sibling.file;
    if (!fs::exists(file, ec)) {
      continue;
    }
    auto loaded = parse_one(file, sibling.parse, builder, options);
    if (!loaded) {
      if (options.strictness == Strictness::strict) {
        return tl::unexpected(loaded.error());
      }
      builder.warn("skipped " + loaded.error().to_string());
    }
  }
  return std::move(builder).finish();
}

} // namespace

fs::path manifest_path_for(const fs::path& path, const LoadOptions& options) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    return path;
  }
  if (!fs::is_directory(path, ec)) {
    return {};
  }
  bool has_project = fs::exists(path / "dbt_project.yml", ec);
  if (!(options.prefer_source && has_project)) {
    for (const fs::path& candidate : {path / "target" / "manifest.json", path / "manifest.json"}) {
      if (fs::is_regular_file(candidate, ec)) {
        return candidate;
      }
    }
  }
  return {};
}

Result<Project> load_project(const fs::path& path, const LoadOptions& options) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return fail(path.string(), "no such file or directory");
  }
  fs::path manifest = manifest_path_for(path, options);
  if (!manifest.empty()) {
    return load_artifacts(manifest, options);
  }
  if (fs::exists(path / "dbt_project.yml", ec)) {
    if (options.progress) {
      options.progress("parsing dbt project sources in " + path.string());
    }
    return parse_source_tree(path);
  }
  return fail(path.string(), "not a dbt project (no dbt_project.yml, target/manifest.json or manifest.json)");
}

} // namespace steward::dbt

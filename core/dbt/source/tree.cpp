#include <algorithm>
#include <set>

#include "core/dbt/source/phases.hpp"

namespace steward::dbt::source {
namespace {

namespace fs = std::filesystem;

enum class Area : std::uint8_t { models, seeds, snapshots, macros, analyses, tests, docs };

bool skipped_folder(const std::string& name) {
  return name.empty() || name[0] == '.' || name == "dbt_packages" || name == "dbt_modules" ||
         name == "target" || name == "logs" || name == "node_modules" || name == "__pycache__";
}

std::string extension_of(const fs::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) {
    c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return ext;
}

/// What a file with `ext` under `area` is; false when it is none of ours.
bool classify(Area area, const std::string& ext, bool docs_everywhere,
              const std::vector<std::string>& folders, FileKind& kind) {
  if (ext == ".yml" || ext == ".yaml") {
    kind = FileKind::yaml;
    return area != Area::docs;
  }
  if (ext == ".md") {
    kind = FileKind::docs;
    return area == Area::docs || docs_everywhere;
  }
  switch (area) {
  case Area::models:
    kind = ext == ".py" ? FileKind::python_model : FileKind::model;
    return ext == ".sql" || ext == ".py";
  case Area::seeds: kind = FileKind::seed; return ext == ".csv";
  case Area::snapshots: kind = FileKind::snapshot; return ext == ".sql";
  case Area::macros: kind = FileKind::macro; return ext == ".sql";
  case Area::analyses: kind = FileKind::analysis; return ext == ".sql";
  case Area::tests:
    kind = std::find(folders.begin(), folders.end(), "generic") != folders.end() ? FileKind::generic_test
                                                                                 : FileKind::test;
    return ext == ".sql";
  case Area::docs: return false;
  }
  return false;
}

class Walker {
public:
  Walker(ParseState& state, const PackageCtx& package) : m_state(state), m_package(package) {}

  void run() {
    const ProjectFile& file = m_package.file;
    bool docs_everywhere = file.docs_paths.empty();
    const std::pair<const std::vector<std::string>*, Area> areas[] = {
        {&file.model_paths, Area::models},       {&file.seed_paths, Area::seeds},
        {&file.snapshot_paths, Area::snapshots}, {&file.macro_paths, Area::macros},
        {&file.analysis_paths, Area::analyses},  {&file.test_paths, Area::tests},
        {&file.docs_paths, Area::docs},
    };
    for (const auto& [paths, area] : areas) {
      for (const auto& path : *paths) {
        walk(path, area, docs_everywhere);
      }
    }
  }

private:
  void walk(const std::string& resource_path, Area area, bool docs_everywhere) {
    fs::path base = (m_package.dir / resource_path).lexically_normal();
    std::error_code ec;
    if (!fs::is_directory(base, ec)) {
      return;
    }
    std::vector<FileEntry> found;
    fs::recursive_directory_iterator it(base, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code inner;
      if (it->is_directory(inner)) {
        if (skipped_folder(it->path().filename().string())) {
          it.disable_recursion_pending();
        }
        continue;
      }
      if (!it->is_regular_file(inner)) {
        continue;
      }
      add(base, it->path(), area, docs_everywhere, found);
    }
    if (ec) {
      m_state.warn(display_path(m_state, base) + ": could not list every file (" + ec.message() + ")");
    }
    std::sort(found.begin(), found.end(),
              [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
    for (auto& entry : found) {
      m_state.entries.push_back(std::move(entry));
    }
  }

  void add(const fs::path& base, const fs::path& file, Area area, bool docs_everywhere,
           std::vector<FileEntry>& out) {
    FileEntry entry;
    for (const auto& part : file.parent_path().lexically_relative(base)) {
      if (part != ".") {
        entry.folders.push_back(part.string());
      }
    }
    if (!classify(area, extension_of(file), docs_everywhere, entry.folders, entry.kind)) {
      return;
    }
    bool shared = entry.kind == FileKind::yaml || entry.kind == FileKind::docs;
    if (shared && !m_seen.insert(file.string()).second) {
      return; // overlapping resource paths: read each YAML and docs file once
    }
    entry.package = &m_package;
    entry.absolute = file;
    entry.path = file.lexically_relative(m_package.dir).generic_string();
    entry.stem = file.stem().string();
    out.push_back(std::move(entry));
  }

  ParseState& m_state;
  const PackageCtx& m_package;
  std::set<std::string> m_seen;
};

} // namespace

void walk_packages(ParseState& state) {
  for (const auto& package : state.packages) {
    Walker(state, *package).run();
  }
}

} // namespace steward::dbt::source

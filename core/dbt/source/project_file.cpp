#include "core/dbt/source/project_file.hpp"

#include "core/dbt/artifacts.hpp"
#include "core/dbt/source/yaml_util.hpp"

namespace steward::dbt::source {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> paths_of(const YAML::Node& doc, std::initializer_list<std::string_view> keys,
                                  std::string_view fallback) {
  for (std::string_view key : keys) {
    YAML::Node node = child(doc, key);
    if (node.IsDefined() && !node.IsNull()) {
      return strings(node);
    }
  }
  return {std::string(fallback)};
}

YAML::Node first_of(const YAML::Node& doc, std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    YAML::Node node = child(doc, key);
    if (node.IsDefined()) {
      return node;
    }
  }
  return undefined();
}

/// `dbt-labs/dbt_utils` → `dbt_utils`; a git URL → its repository name.
std::string guess_name(std::string_view source) {
  while (!source.empty() && (source.back() == '/' || source.back() == ' ')) {
    source.remove_suffix(1);
  }
  std::size_t slash = source.find_last_of("/:");
  std::string name(slash == std::string_view::npos ? source : source.substr(slash + 1));
  if (name.size() > 4 && name.substr(name.size() - 4) == ".git") {
    name.resize(name.size() - 4);
  }
  if (name.rfind("dbt-", 0) == 0 && name.size() > 4) {
    name = name.substr(4);
  }
  for (char& c : name) {
    if (c == '-') {
      c = '_';
    }
  }
  return name;
}

void read_specs(const YAML::Node& list, std::vector<PackageSpec>& out) {
  if (!list.IsSequence()) {
    return;
  }
  for (const auto& item : list) {
    PackageSpec spec;
    for (std::string_view kind : {"package", "git", "local", "tarball", "private", "project"}) {
      std::string value = scalar(child(item, kind));
      if (!value.empty()) {
        spec.kind = std::string(kind);
        spec.source = value;
        break;
      }
    }
    if (spec.kind.empty()) {
      continue;
    }
    YAML::Node version = first_of(item, {"version", "revision"});
    spec.version = version.IsSequence() ? "" : scalar(version);
    if (version.IsSequence()) {
      for (const auto& part : strings(version)) {
        spec.version += (spec.version.empty() ? "" : ", ") + part;
      }
    }
    std::string name = scalar(child(item, "name"));
    spec.name = name.empty() ? guess_name(spec.source) : name;
    out.push_back(std::move(spec));
  }
}

VarValue to_var_value(const YAML::Node& node) {
  VarValue out;
  if (!node.IsDefined()) {
    return out;
  }
  if (node.IsNull()) {
    out.kind = VarValue::Kind::none;
  } else if (node.IsSequence()) {
    out.kind = VarValue::Kind::list;
    out.size = node.size();
  } else if (node.IsMap()) {
    out.kind = VarValue::Kind::other;
  } else if (auto flag = boolean(node)) {
    out.kind = VarValue::Kind::boolean;
    out.flag = *flag;
  } else {
    nlohmann::json typed = to_json(node);
    out.kind = typed.is_number() ? VarValue::Kind::number
               : typed.is_null() ? VarValue::Kind::none
                                 : VarValue::Kind::string;
    out.text = node.Scalar();
  }
  return out;
}

} // namespace

Result<ProjectFile> read_project_file(const fs::path& dir) {
  fs::path file = dir / "dbt_project.yml";
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    return fail(file.string(), "no dbt_project.yml (not a dbt project directory)");
  }
  auto text = read_file(file);
  if (!text) {
    return tl::unexpected(text.error());
  }
  auto doc = parse_yaml(*text, file.string());
  if (!doc) {
    return tl::unexpected(doc.error());
  }
  if (!doc->IsMap()) {
    return fail(file.string(), "expected a YAML map at the top level");
  }
  ProjectFile out;
  out.name = scalar(child(*doc, "name"));
  if (out.name.empty()) {
    return fail(file.string(), "missing `name`");
  }
  out.version = scalar(child(*doc, "version"));
  out.model_paths = paths_of(*doc, {"model-paths", "source-paths"}, "models");
  out.seed_paths = paths_of(*doc, {"seed-paths", "data-paths"}, "seeds");
  out.snapshot_paths = paths_of(*doc, {"snapshot-paths"}, "snapshots");
  out.macro_paths = paths_of(*doc, {"macro-paths"}, "macros");
  out.analysis_paths = paths_of(*doc, {"analysis-paths"}, "analyses");
  out.test_paths = paths_of(*doc, {"test-paths"}, "tests");
  YAML::Node docs = child(*doc, "docs-paths");
  out.docs_paths = docs.IsDefined() ? strings(docs) : std::vector<std::string>{};
  out.vars = child(*doc, "vars");
  out.models = child(*doc, "models");
  out.seeds = child(*doc, "seeds");
  out.snapshots = child(*doc, "snapshots");
  out.tests = first_of(*doc, {"data_tests", "tests"});
  out.sources = child(*doc, "sources");
  out.dispatch = child(*doc, "dispatch");
  out.ref_prefers_own_package =
      boolean(child(child(*doc, "flags"), "require_ref_prefers_node_package_to_root")).value_or(false);
  return out;
}

Result<std::vector<PackageSpec>> read_package_specs(const fs::path& dir) {
  std::vector<PackageSpec> out;
  for (const char* name : {"packages.yml", "dependencies.yml"}) {
    fs::path file = dir / name;
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
      continue;
    }
    auto text = read_file(file);
    if (!text) {
      return tl::unexpected(text.error());
    }
    auto doc = parse_yaml(*text, file.string());
    if (!doc) {
      return tl::unexpected(doc.error());
    }
    read_specs(child(*doc, "packages"), out);
    read_specs(child(*doc, "projects"), out);
  }
  return out;
}

VarScope::VarScope(const ProjectFile& root, const ProjectFile& own) : m_root(root), m_own(own) {
}

YAML::Node VarScope::find(std::string_view name) const {
  for (const ProjectFile* file : {&m_root, &m_own}) {
    YAML::Node scoped = child(file->vars, m_own.name);
    if (scoped.IsMap()) {
      YAML::Node value = child(scoped, name);
      if (value.IsDefined()) {
        return value;
      }
    }
    YAML::Node global = child(file->vars, name);
    if (global.IsDefined() && !(name == m_own.name && global.IsMap())) {
      return global;
    }
  }
  return undefined();
}

VarValue VarScope::value(std::string_view name) const {
  return to_var_value(find(name));
}

VarLookup VarScope::lookup() const {
  return [this](std::string_view name) { return value(name); };
}

} // namespace steward::dbt::source

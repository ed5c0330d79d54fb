#include <algorithm>
#include <cstdlib>

#include "core/dbt/manifest_node.hpp"
#include "core/dbt/source/generic_tests.hpp"
#include "core/dbt/source/phases.hpp"
#include "core/dbt/source/schema_yaml.hpp"
#include "core/dbt/source/yaml_util.hpp"
#include "core/util/text.hpp"

namespace steward::dbt::source {
namespace {

/// YAML columns first, then columns the node already had (a seed's CSV
/// header) that the YAML does not mention.
void merge_columns(std::vector<Column> yaml, Node& node) {
  for (const auto& existing : node.columns) {
    bool known = std::any_of(yaml.begin(), yaml.end(),
                             [&](const Column& c) { return iequals(c.name, existing.name); });
    if (!known) {
      yaml.push_back(existing);
    }
  }
  node.columns = std::move(yaml);
}

void apply_fields(const YamlFile& file, const YAML::Node& entry, PendingNode& p) {
  ParseState& state = file.state;
  std::size_t index = p.index;
  p.patched = true;
  if (child(entry, "description").IsDefined()) {
    p.node.description = file.description(entry);
  }
  p.node.patch_path = state.store(file.package() + "://" + file.entry.path);
  merge_columns(read_columns(file, child(entry, "columns"), index), state.nodes[index].node);
  state.nodes[index].yaml_config.apply(entry_config(file, entry));
  request_tests(file, entry, index, "");
}

/// The latest version: `latest_version`, else the greatest `v` (numerically
/// when every `v` is a number).
std::string latest_of(const YAML::Node& entry, const YAML::Node& versions) {
  std::string latest = scalar(child(entry, "latest_version"));
  if (!latest.empty()) {
    return latest;
  }
  std::vector<std::string> ids;
  bool numeric = true;
  for (const auto& v : versions) {
    std::string id = scalar(child(v, "v"));
    if (!id.empty()) {
      numeric = numeric && id.find_first_not_of("0123456789.") == std::string::npos;
      ids.push_back(id);
    }
  }
  std::sort(ids.begin(), ids.end(), [numeric](const std::string& a, const std::string& b) {
    return numeric ? std::strtod(a.c_str(), nullptr) < std::strtod(b.c_str(), nullptr) : a < b;
  });
  return ids.empty() ? "" : ids.back();
}

/// Top-level columns a version keeps: `include`/`exclude` from its
/// `columns:` list (default: include all).
std::vector<Column> version_columns(const YAML::Node& version_entry, std::vector<Column> base) {
  YAML::Node spec;
  for (const auto& item : child(version_entry, "columns")) {
    if (child(item, "include").IsDefined() || child(item, "exclude").IsDefined()) {
      spec.reset(item);
    }
  }
  if (!spec.IsDefined()) {
    return base;
  }
  YAML::Node include = child(spec, "include");
  std::vector<std::string> included = include.IsSequence() ? strings(include) : std::vector<std::string>{};
  bool all = !include.IsSequence();
  std::vector<std::string> excluded = strings(child(spec, "exclude"));
  std::vector<Column> out;
  for (auto& column : base) {
    std::string name(column.name);
    bool in = all || std::find(included.begin(), included.end(), name) != included.end();
    if (in && std::find(excluded.begin(), excluded.end(), name) == excluded.end()) {
      out.push_back(std::move(column));
    }
  }
  return out;
}

void apply_version(const YamlFile& file, const Patch& patch, const YAML::Node& v, const std::string& latest) {
  ParseState& state = file.state;
  std::string id = scalar(child(v, "v"));
  if (id.empty()) {
    file.warn("a version of model " + patch.name + " has no `v`; skipped");
    return;
  }
  std::string stem = scalar(child(v, "defined_in"));
  for (std::string_view ext : {".sql", ".py"}) {
    if (stem.size() > ext.size() && stem.compare(stem.size() - ext.size(), ext.size(), ext) == 0) {
      stem.resize(stem.size() - ext.size());
    }
  }
  bool explicit_file = !stem.empty();
  stem = explicit_file ? stem : patch.name + "_v" + id;
  PendingNode* p = state.find(ResourceType::model, file.package(), stem);
  if (p == nullptr && id == latest && !explicit_file) {
    p = state.find(ResourceType::model, file.package(), patch.name);
  }
  if (p == nullptr) {
    file.warn("version " + id + " of model " + patch.name + " has no file " + stem + ".sql; skipped");
    return;
  }
  Node& n = p->node;
  n.name = state.store(patch.name);
  n.version = state.store(id);
  n.latest_version = state.store(latest);
  n.unique_id = state.store(unique_id(ResourceType::model, file.package(), patch.name + ".v" + id));
  apply_fields(file, patch.entry, *p);
  std::size_t index = p->index;
  std::vector<Column> columns = version_columns(v, state.nodes[index].node.columns);
  for (auto& column : read_columns(file, child(v, "columns"), index)) {
    columns.push_back(std::move(column));
  }
  state.nodes[index].node.columns = std::move(columns);
  if (child(v, "description").IsDefined()) {
    state.nodes[index].node.description = file.description(v);
  }
  state.nodes[index].yaml_config.apply(entry_config(file, v));
  request_tests(file, v, index, "");
}

void apply_patch(ParseState& state, const Patch& patch) {
  YamlFile file{state, *patch.file, display_path(state, patch.file->absolute),
                state.vars(patch.file->package->file.name).lookup()};
  YAML::Node versions = child(patch.entry, "versions");
  if (patch.type == ResourceType::model && versions.IsSequence() && versions.size() > 0) {
    std::string latest = latest_of(patch.entry, versions);
    for (const auto& v : versions) {
      apply_version(file, patch, v, latest);
    }
    return;
  }
  PendingNode* p = state.find(patch.type, file.package(), patch.name);
  if (p == nullptr) {
    file.warn(std::string(to_string(patch.type)) + " " + patch.name +
              " is described here but has no file in " + file.package());
    return;
  }
  if (p->patched) {
    file.warn(std::string(to_string(patch.type)) + " " + patch.name + " is described twice; kept the first");
    return;
  }
  apply_fields(file, patch.entry, *p);
}

const YAML::Node* tree_for(const ProjectFile& file, ResourceType type) {
  switch (type) {
  case ResourceType::model: return &file.models;
  case ResourceType::seed: return &file.seeds;
  case ResourceType::snapshot: return &file.snapshots;
  case ResourceType::test: return &file.tests;
  case ResourceType::source: return &file.sources;
  default: return nullptr;
  }
}

std::string_view default_materialization(ResourceType type) {
  switch (type) {
  case ResourceType::model: return "view";
  case ResourceType::seed: return "seed";
  case ResourceType::snapshot: return "snapshot";
  case ResourceType::test: return "test";
  default: return {};
  }
}

void finalize_config(ParseState& state, PendingNode& p) {
  const PackageCtx& package = *p.package;
  VarLookup vars = package.vars->lookup();
  NodeConfig config;
  if (const YAML::Node* own = tree_for(package.file, p.node.type)) {
    if (!package.is_root) {
      config.apply(config_from_tree(*own, p.fqn, vars));
    }
    config.apply(config_from_tree(*tree_for(state.root().file, p.node.type), p.fqn, vars));
  }
  config.apply(p.yaml_config);
  config.apply(p.code_config);
  Node& n = p.node;
  n.enabled = config.is_enabled();
  if (is_relation(n.type)) {
    n.schema = state.store(config.schema.value_or(""));
    n.database = state.store(config.database.value_or(""));
    std::string alias =
        n.version.empty() ? std::string(n.name) : std::string(n.name) + "_v" + std::string(n.version);
    n.alias = state.store(config.alias.value_or(alias));
  }
  n.materialized = state.store(config.materialized.value_or(std::string(default_materialization(n.type))));
  if (n.type == ResourceType::test) {
    n.severity = state.store(config.severity.value_or("ERROR"));
  }
  n.tags.clear();
  for (const auto& tag : config.tags) {
    n.tags.push_back(state.store(tag));
  }
  n.meta_json = store_json(state, config.meta);
  n.group = state.store(config.group.value_or(""));
  n.access = state.store(config.access.value_or(n.type == ResourceType::model ? "protected" : ""));
  if (config.loaded_at_field && n.loaded_at_field.empty()) {
    n.loaded_at_field = state.store(*config.loaded_at_field);
  }
  if (n.owner.empty()) {
    n.owner = state.store(detail::owner_from_meta(n.meta_json));
  }
}

} // namespace

void apply_patches(ParseState& state) {
  for (const auto& patch : state.patches) {
    apply_patch(state, patch);
  }
  for (auto& p : state.nodes) {
    finalize_config(state, p);
  }
  std::size_t first_test = state.nodes.size();
  std::vector<TestRequest> requests = std::move(state.test_requests);
  state.test_requests.clear();
  for (const auto& request : requests) {
    add_generic_tests(state, request);
  }
  for (std::size_t i = first_test; i < state.nodes.size(); ++i) {
    finalize_config(state, state.nodes[i]);
  }
}

} // namespace steward::dbt::source

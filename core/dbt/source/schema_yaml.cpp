#include "core/dbt/source/schema_yaml.hpp"

#include <exception>

#include "core/dbt/artifacts.hpp"
#include "core/dbt/source/phases.hpp"
#include "core/dbt/source/yaml_util.hpp"

namespace steward::dbt::source {
namespace {

constexpr std::size_t k_max_yaml_bytes = std::size_t{16} * 1024 * 1024;

ResourceType patch_type(std::string_view key) {
  if (key == "models") {
    return ResourceType::model;
  }
  if (key == "seeds") {
    return ResourceType::seed;
  }
  if (key == "snapshots") {
    return ResourceType::snapshot;
  }
  if (key == "analyses") {
    return ResourceType::analysis;
  }
  return ResourceType::unknown;
}

void read_patches(const YamlFile& file, ResourceType type, const YAML::Node& list) {
  if (!list.IsSequence()) {
    return;
  }
  for (const auto& entry : list) {
    std::string name = scalar(child(entry, "name"));
    if (name.empty()) {
      file.warn(std::string(to_string(type)) + " entry without a name; skipped");
      continue;
    }
    Patch patch;
    patch.type = type;
    patch.file = &file.entry;
    patch.name = name;
    patch.entry.reset(entry);
    file.state.patches.push_back(std::move(patch));
  }
}

void read_macro_docs(const YamlFile& file, const YAML::Node& list) {
  if (!list.IsSequence()) {
    return;
  }
  for (const auto& entry : list) {
    std::string name = scalar(child(entry, "name"));
    if (!name.empty()) {
      file.state.macro_descriptions["macro." + file.package() + "." + name] =
          std::string(file.description(entry));
    }
  }
}

void read_section(const YamlFile& file, std::string_view key, const YAML::Node& value) {
  ResourceType type = patch_type(key);
  if (type != ResourceType::unknown) {
    read_patches(file, type, value);
  } else if (key == "sources") {
    read_sources(file, value);
  } else if (key == "exposures") {
    read_exposures(file, value);
  } else if (key == "metrics") {
    read_metrics(file, value);
  } else if (key == "semantic_models") {
    read_semantic_models(file, value);
  } else if (key == "saved_queries") {
    read_saved_queries(file, value);
  } else if (key == "groups") {
    read_groups(file, value);
  } else if (key == "unit_tests") {
    read_unit_tests(file, value);
  } else if (key == "macros") {
    read_macro_docs(file, value);
  }
}

void read_yaml_file(ParseState& state, const FileEntry& entry) {
  std::string display = display_path(state, entry.absolute);
  std::error_code ec;
  if (std::filesystem::file_size(entry.absolute, ec) > k_max_yaml_bytes && !ec) {
    state.warn(display + ": skipped, larger than 16 MiB");
    return;
  }
  auto text = read_file(entry.absolute);
  if (!text) {
    state.warn("skipped " + display + ": " + text.error().reason);
    return;
  }
  auto doc = parse_yaml(*text, display);
  if (!doc) {
    state.warn("skipped " + doc.error().to_string());
    return;
  }
  if (doc->IsNull() || !doc->IsDefined()) {
    return;
  }
  if (!doc->IsMap()) {
    state.warn("skipped " + display + ": expected a YAML map at the top level");
    return;
  }
  YamlFile file{state, entry, display, state.vars(entry.package->file.name).lookup()};
  for (const auto& item : *doc) {
    if (item.first.IsScalar()) {
      read_section(file, item.first.Scalar(), item.second);
    }
  }
}

} // namespace

std::string_view YamlFile::description(const YAML::Node& yaml) const {
  return render_description(state, scalar(child(yaml, "description")), package(), display);
}

std::vector<Column> read_columns(const YamlFile& file, const YAML::Node& columns, std::size_t target) {
  std::vector<Column> out;
  if (!columns.IsSequence()) {
    return out;
  }
  for (const auto& entry : columns) {
    std::string name = scalar(child(entry, "name"));
    if (name.empty()) {
      continue;
    }
    Column column;
    column.name = file.state.store(name);
    column.description = file.description(entry);
    YAML::Node config = child(entry, "config");
    std::string type = scalar(child(entry, "data_type"));
    column.data_type = file.state.store(type.empty() ? scalar(child(config, "data_type")) : type);
    NodeConfig merged;
    read_config_entry("meta", child(entry, "meta"), file.vars, merged);
    read_config_entry("tags", child(entry, "tags"), file.vars, merged);
    read_config_entry("meta", child(config, "meta"), file.vars, merged);
    read_config_entry("tags", child(config, "tags"), file.vars, merged);
    column.meta_json = store_json(file.state, merged.meta);
    for (const auto& tag : merged.tags) {
      column.tags.push_back(file.state.store(tag));
    }
    out.push_back(std::move(column));
    request_tests(file, entry, target, name);
  }
  return out;
}

void request_tests(const YamlFile& file, const YAML::Node& entry, std::size_t target,
                   std::string_view column) {
  for (const char* key : {"data_tests", "tests"}) {
    YAML::Node tests = child(entry, key);
    if (tests.IsSequence() && tests.size() > 0) {
      TestRequest request;
      request.target = target;
      request.tests = tests;
      request.column = std::string(column);
      request.package = file.entry.package;
      request.path = file.entry.path;
      request.folders = file.entry.folders;
      file.state.test_requests.push_back(std::move(request));
    }
  }
}

NodeConfig entry_config(const YamlFile& file, const YAML::Node& entry) {
  NodeConfig config;
  for (const char* key : {"meta", "tags", "access", "group", "docs"}) {
    YAML::Node value = child(entry, key);
    if (value.IsDefined()) {
      read_config_entry(key, value, file.vars, config);
    }
  }
  config.apply(config_from_yaml(child(entry, "config"), file.vars));
  return config;
}

std::string_view store_json(ParseState& state, const nlohmann::json& json) {
  if (json.is_null() || (json.is_object() && json.empty())) {
    return {};
  }
  return state.store(json.dump());
}

void read_owner(ParseState& state, const YAML::Node& owner, Node& node) {
  if (owner.IsScalar()) {
    node.owner = state.store(scalar(owner));
    return;
  }
  std::string name = scalar(child(owner, "name"));
  std::string email = scalar(child(owner, "email"));
  node.owner = state.store(name.empty() ? email : name);
  node.owner_email = state.store(email);
}

void scan_reference(const YamlFile& file, std::string_view text, PendingNode& node) {
  SourceFile scanned;
  scanned.package = file.package();
  scanned.text = std::string(text);
  scanned.tmpl = scan_template(scanned.text, has_jinja(text) ? Language::jinja : Language::expression);
  Dependencies found = file.state.collector->collect(scanned, nullptr, file.package());
  node.deps.refs.insert(found.refs.begin(), found.refs.end());
  node.deps.sources.insert(found.sources.begin(), found.sources.end());
  for (const auto& call : scanned.tmpl.calls) {
    if (call.callee == "metric" && !call.args.empty()) {
      const Expr& name = call.args.back();
      if (name.kind == Expr::Kind::string) {
        node.metrics.push_back(name.text);
      }
    }
  }
}

PendingNode yaml_node(const YamlFile& file, ResourceType type, std::string_view name,
                      std::string_view id_name) {
  PendingNode p;
  p.package = file.entry.package;
  p.stem = std::string(id_name);
  p.fqn.push_back(file.package());
  p.fqn.insert(p.fqn.end(), file.entry.folders.begin(), file.entry.folders.end());
  p.fqn.emplace_back(name);
  Node& n = p.node;
  n.type = type;
  n.name = file.state.store(name);
  n.unique_id = file.state.store(unique_id(type, file.package(), id_name));
  n.package_name = file.state.store(file.package());
  n.path = file.state.store(file.entry.path);
  return p;
}

void read_yaml_files(ParseState& state) {
  for (const auto& entry : state.entries) {
    if (entry.kind != FileKind::yaml) {
      continue;
    }
    try {
      read_yaml_file(state, entry);
    } catch (const std::exception& e) {
      state.warn(display_path(state, entry.absolute) + ": stopped reading this file: " + e.what());
    }
  }
}

} // namespace steward::dbt::source

#include "core/dbt/source/schema_yaml.hpp"
#include "core/dbt/source/yaml_util.hpp"

namespace steward::dbt::source {
namespace {

/// What a source entry gives each of its tables.
struct SourceDefaults {
  std::string name;
  std::string_view description;
  std::string database;
  std::string schema;
  std::string loader;
  std::string loaded_at_field;
  nlohmann::json freshness;
  nlohmann::json meta;
  NodeConfig config;
};

std::string rendered(const YamlFile& file, const YAML::Node& value, std::string_view fallback) {
  std::string text = scalar(value);
  if (text.empty()) {
    return std::string(fallback);
  }
  auto out = render_string(text, file.vars);
  return out ? *out : std::string();
}

SourceDefaults source_defaults(const YamlFile& file, const YAML::Node& source, std::string name) {
  SourceDefaults d;
  d.name = std::move(name);
  d.description = file.description(source);
  d.database = rendered(file, child(source, "database"), "");
  if (d.database.empty()) {
    d.database = rendered(file, child(source, "project"), "");
  }
  d.schema = rendered(file, child(source, "schema"), d.name);
  d.loader = scalar(child(source, "loader"));
  YAML::Node config = child(source, "config");
  d.loaded_at_field = scalar(child(source, "loaded_at_field"), scalar(child(config, "loaded_at_field")));
  YAML::Node freshness = child(source, "freshness");
  d.freshness = to_json(freshness.IsDefined() ? freshness : child(config, "freshness"));
  d.config = entry_config(file, source);
  d.meta = d.config.meta;
  return d;
}

void read_table(const YamlFile& file, const SourceDefaults& d, const YAML::Node& table) {
  std::string name = scalar(child(table, "name"));
  if (name.empty()) {
    file.warn("a table of source " + d.name + " has no name; skipped");
    return;
  }
  ParseState& state = file.state;
  std::string id_name = d.name + "." + name;
  if (state.find(ResourceType::source, file.package(), id_name) != nullptr) {
    file.warn("source " + id_name + " is defined twice; kept the first");
    return;
  }
  PendingNode p = yaml_node(file, ResourceType::source, name, id_name);
  p.fqn.insert(p.fqn.end() - 1, d.name);
  Node& n = p.node;
  n.source_name = state.store(d.name);
  n.source_description = d.description;
  n.description = file.description(table);
  n.database = state.store(d.database);
  n.schema = state.store(d.schema);
  n.identifier = state.store(rendered(file, child(table, "identifier"), name));
  n.loader = state.store(d.loader);
  YAML::Node config = child(table, "config");
  std::string loaded_at = scalar(child(table, "loaded_at_field"), scalar(child(config, "loaded_at_field")));
  n.loaded_at_field = state.store(loaded_at.empty() ? d.loaded_at_field : loaded_at);
  YAML::Node freshness = child(table, "freshness");
  if (!freshness.IsDefined()) {
    freshness.reset(child(config, "freshness"));
  }
  n.freshness_json = store_json(state, freshness.IsDefined() ? to_json(freshness) : d.freshness);
  p.yaml_config = d.config;
  p.yaml_config.apply(entry_config(file, table));
  std::size_t index = state.add(std::move(p));
  std::vector<Column> columns = read_columns(file, child(table, "columns"), index);
  state.nodes[index].node.columns = std::move(columns);
  request_tests(file, table, index, "");
}

} // namespace

void read_sources(const YamlFile& file, const YAML::Node& list) {
  if (!list.IsSequence()) {
    return;
  }
  for (const auto& source : list) {
    std::string name = scalar(child(source, "name"));
    if (name.empty()) {
      file.warn("source entry without a name; skipped");
      continue;
    }
    SourceDefaults d = source_defaults(file, source, name);
    YAML::Node tables = child(source, "tables");
    if (!tables.IsSequence()) {
      continue;
    }
    for (const auto& table : tables) {
      read_table(file, d, table);
    }
  }
}

} // namespace steward::dbt::source

#include "core/dbt/source/schema_yaml.hpp"
#include "core/dbt/source/yaml_util.hpp"

namespace steward::dbt::source {
namespace {

/// `name` of `entry`, warning about entries without one.
std::string name_of(const YamlFile& file, const YAML::Node& entry, std::string_view what) {
  std::string name = scalar(child(entry, "name"));
  if (name.empty()) {
    file.warn(std::string(what) + " entry without a name; skipped");
  }
  return name;
}

/// Adds `p` unless a node with its id exists, which is warned about.
void add_once(const YamlFile& file, PendingNode p) {
  if (file.state.find(p.node.type, p.node.package_name, p.stem) != nullptr) {
    file.warn(std::string(to_string(p.node.type)) + " " + p.stem + " is defined twice; kept the first");
    return;
  }
  file.state.add(std::move(p));
}

void common_fields(const YamlFile& file, const YAML::Node& entry, PendingNode& p) {
  p.node.description = file.description(entry);
  p.node.label = file.state.store(scalar(child(entry, "label")));
  p.yaml_config = entry_config(file, entry);
}

/// Names in a metric's `type_params` item: a string or `{name: ...}`.
void names_in(const YAML::Node& value, std::vector<std::string>& out) {
  if (value.IsScalar()) {
    out.push_back(scalar(value));
  } else if (value.IsMap()) {
    std::string name = scalar(child(value, "name"));
    if (!name.empty()) {
      out.push_back(name);
    }
  } else if (value.IsSequence()) {
    for (const auto& item : value) {
      names_in(item, out);
    }
  }
}

void read_fields(const YamlFile& file, const YAML::Node& list, SemanticField::Kind kind, Node& node) {
  if (!list.IsSequence()) {
    return;
  }
  for (const auto& item : list) {
    SemanticField field;
    field.kind = kind;
    field.name = file.state.store(scalar(child(item, "name")));
    field.description = file.state.store(scalar(child(item, "description")));
    std::string type = scalar(child(item, kind == SemanticField::Kind::measure ? "agg" : "type"));
    field.type = file.state.store(type);
    field.expr = file.state.store(scalar(child(item, "expr")));
    if (!field.name.empty()) {
      node.semantic_fields.push_back(field);
    }
  }
}

} // namespace

void read_exposures(const YamlFile& file, const YAML::Node& list) {
  for (const auto& entry : list.IsSequence() ? list : YAML::Node()) {
    std::string name = name_of(file, entry, "exposure");
    if (name.empty()) {
      continue;
    }
    PendingNode p = yaml_node(file, ResourceType::exposure, name, name);
    common_fields(file, entry, p);
    p.node.kind = file.state.store(scalar(child(entry, "type")));
    p.node.maturity = file.state.store(scalar(child(entry, "maturity")));
    p.node.url = file.state.store(scalar(child(entry, "url")));
    read_owner(file.state, child(entry, "owner"), p.node);
    for (const auto& reference : strings(child(entry, "depends_on"))) {
      scan_reference(file, reference, p);
    }
    add_once(file, std::move(p));
  }
}

void read_metrics(const YamlFile& file, const YAML::Node& list) {
  for (const auto& entry : list.IsSequence() ? list : YAML::Node()) {
    std::string name = name_of(file, entry, "metric");
    if (name.empty()) {
      continue;
    }
    PendingNode p = yaml_node(file, ResourceType::metric, name, name);
    common_fields(file, entry, p);
    p.node.kind = file.state.store(scalar(child(entry, "type")));
    std::string model = scalar(child(entry, "model"));
    if (!model.empty()) {
      scan_reference(file, model, p); // dbt < 1.6 metrics name their model
    }
    YAML::Node params = child(entry, "type_params");
    names_in(child(params, "measure"), p.measures);
    YAML::Node conversion = child(params, "conversion_type_params");
    names_in(child(conversion, "base_measure"), p.measures);
    names_in(child(conversion, "conversion_measure"), p.measures);
    for (const char* key : {"numerator", "denominator", "metrics"}) {
      names_in(child(params, key), p.metrics);
    }
    names_in(child(child(params, "cumulative_type_params"), "metric"), p.metrics);
    add_once(file, std::move(p));
  }
}

void read_semantic_models(const YamlFile& file, const YAML::Node& list) {
  for (const auto& entry : list.IsSequence() ? list : YAML::Node()) {
    std::string name = name_of(file, entry, "semantic model");
    if (name.empty()) {
      continue;
    }
    PendingNode p = yaml_node(file, ResourceType::semantic_model, name, name);
    common_fields(file, entry, p);
    std::string model = scalar(child(entry, "model"));
    p.node.model_ref = file.state.store(model);
    if (!model.empty()) {
      scan_reference(file, model, p);
    }
    read_fields(file, child(entry, "entities"), SemanticField::Kind::entity, p.node);
    read_fields(file, child(entry, "dimensions"), SemanticField::Kind::dimension, p.node);
    read_fields(file, child(entry, "measures"), SemanticField::Kind::measure, p.node);
    add_once(file, std::move(p));
  }
}

void read_saved_queries(const YamlFile& file, const YAML::Node& list) {
  for (const auto& entry : list.IsSequence() ? list : YAML::Node()) {
    std::string name = name_of(file, entry, "saved query");
    if (name.empty()) {
      continue;
    }
    PendingNode p = yaml_node(file, ResourceType::saved_query, name, name);
    common_fields(file, entry, p);
    names_in(child(child(entry, "query_params"), "metrics"), p.metrics);
    add_once(file, std::move(p));
  }
}

void read_groups(const YamlFile& file, const YAML::Node& list) {
  for (const auto& entry : list.IsSequence() ? list : YAML::Node()) {
    std::string name = name_of(file, entry, "group");
    if (name.empty()) {
      continue;
    }
    PendingNode p = yaml_node(file, ResourceType::group, name, name);
    common_fields(file, entry, p);
    read_owner(file.state, child(entry, "owner"), p.node);
    file.state.group_owners.try_emplace(name, std::string(p.node.owner), std::string(p.node.owner_email));
    add_once(file, std::move(p));
  }
}

void read_unit_tests(const YamlFile& file, const YAML::Node& list) {
  for (const auto& entry : list.IsSequence() ? list : YAML::Node()) {
    std::string name = name_of(file, entry, "unit test");
    std::string model = scalar(child(entry, "model"));
    if (name.empty()) {
      continue;
    }
    if (model.empty()) {
      file.warn("unit test " + name + " names no model; skipped");
      continue;
    }
    std::string qualified = model;
    qualified.append(".").append(name);
    PendingNode p = yaml_node(file, ResourceType::unit_test, name, qualified);
    common_fields(file, entry, p);
    p.node.model_ref = file.state.store(model);
    p.deps.refs.insert(RefCall{"", model, scalar(child(child(entry, "versions"), "include"))});
    add_once(file, std::move(p));
  }
}

} // namespace steward::dbt::source

#include "core/dbt/source/config.hpp"

#include <algorithm>

#include "core/dbt/source/yaml_util.hpp"

namespace steward::dbt::source {
namespace {

/// Configs whose values are maps, so that a bare `meta:` is not a folder.
bool is_map_config(std::string_view key) {
  return key == "meta" || key == "docs" || key == "persist_docs" || key == "column_types" ||
         key == "grants" || key == "quoting" || key == "contract" || key == "freshness" || key == "labels" ||
         key == "partition_by" || key == "dispatch";
}

std::optional<std::string>* string_field(std::string_view key, NodeConfig& config) {
  if (key == "materialized") {
    return &config.materialized;
  }
  if (key == "schema") {
    return &config.schema;
  }
  if (key == "database" || key == "project") {
    return &config.database;
  }
  if (key == "alias") {
    return &config.alias;
  }
  if (key == "group") {
    return &config.group;
  }
  if (key == "access") {
    return &config.access;
  }
  if (key == "severity") {
    return &config.severity;
  }
  if (key == "loaded_at_field") {
    return &config.loaded_at_field;
  }
  return nullptr;
}

NodeConfig::Enabled enabled_of(Truth truth) {
  switch (truth) {
  case Truth::yes: return NodeConfig::Enabled::yes;
  case Truth::no: return NodeConfig::Enabled::no;
  case Truth::unknown: break;
  }
  return NodeConfig::Enabled::unknown;
}

void add_tags(const std::vector<std::string>& tags, std::vector<std::string>& out) {
  for (const auto& tag : tags) {
    if (std::find(out.begin(), out.end(), tag) == out.end()) {
      out.push_back(tag);
    }
  }
}

void apply_tree_level(const YAML::Node& level, const VarLookup& vars, NodeConfig& config) {
  if (!level.IsMap()) {
    return;
  }
  NodeConfig here;
  for (const auto& item : level) {
    if (!item.first.IsScalar()) {
      continue;
    }
    const std::string& key = item.first.Scalar();
    if (!key.empty() && key[0] == '+') {
      read_config_entry(std::string_view(key).substr(1), item.second, vars, here);
    } else if (!item.second.IsMap() || is_map_config(key)) {
      read_config_entry(key, item.second, vars, here);
    }
  }
  config.apply(here);
}

} // namespace

void NodeConfig::apply(const NodeConfig& over) {
  if (over.enabled != Enabled::unset) {
    enabled = over.enabled;
  }
  for (auto [mine, theirs] :
       {std::pair{&materialized, &over.materialized}, std::pair{&schema, &over.schema},
        std::pair{&database, &over.database}, std::pair{&alias, &over.alias}, std::pair{&group, &over.group},
        std::pair{&access, &over.access}, std::pair{&severity, &over.severity},
        std::pair{&loaded_at_field, &over.loaded_at_field}}) {
    if (theirs->has_value()) {
      *mine = *theirs;
    }
  }
  add_tags(over.tags, tags);
  if (over.meta.is_object()) {
    for (const auto& [key, value] : over.meta.items()) {
      meta[key] = value;
    }
  }
}

bool read_config_entry(std::string_view key, const YAML::Node& value, const VarLookup& vars,
                       NodeConfig& config) {
  if (key == "enabled") {
    if (auto flag = boolean(value)) {
      config.enabled = *flag ? NodeConfig::Enabled::yes : NodeConfig::Enabled::no;
    } else if (value.IsScalar()) {
      config.enabled = enabled_of(truth_of_text(value.Scalar(), vars));
    }
    return true;
  }
  if (key == "tags") {
    std::vector<std::string> tags;
    for (const auto& tag : strings(value)) {
      if (auto rendered = render_string(tag, vars)) {
        tags.push_back(*rendered);
      }
    }
    add_tags(tags, config.tags);
    return true;
  }
  if (key == "meta") {
    nlohmann::json meta = to_json(value);
    if (meta.is_object()) {
      NodeConfig layer;
      layer.meta = std::move(meta);
      config.apply(layer);
    }
    return true;
  }
  if (auto* field = string_field(key, config)) {
    if (value.IsScalar()) {
      if (auto rendered = render_string(scalar(value), vars)) {
        *field = *rendered;
      }
    }
    return true;
  }
  return false;
}

NodeConfig config_from_yaml(const YAML::Node& map, const VarLookup& vars) {
  NodeConfig config;
  if (!map.IsMap()) {
    return config;
  }
  for (const auto& item : map) {
    if (item.first.IsScalar()) {
      std::string_view key = item.first.Scalar();
      read_config_entry(key.substr(!key.empty() && key[0] == '+' ? 1 : 0), item.second, vars, config);
    }
  }
  return config;
}

NodeConfig config_from_tree(const YAML::Node& tree, const std::vector<std::string>& fqn,
                            const VarLookup& vars) {
  NodeConfig config;
  YAML::Node level = tree;
  apply_tree_level(level, vars, config);
  for (const auto& part : fqn) {
    level.reset(child(level, part)); // never `=`: it would rewrite the tree
    if (!level.IsMap()) {
      break;
    }
    apply_tree_level(level, vars, config);
  }
  return config;
}

nlohmann::json literal_json(const Expr& expr) {
  switch (expr.kind) {
  case Expr::Kind::string: return expr.text;
  case Expr::Kind::boolean: return expr.text == "True";
  case Expr::Kind::none: return nullptr;
  case Expr::Kind::number: {
    nlohmann::json number = nlohmann::json::parse(expr.text, nullptr, false);
    return number.is_number() ? number : nlohmann::json(expr.text);
  }
  case Expr::Kind::list: {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : expr.items) {
      out.push_back(literal_json(item));
    }
    return out;
  }
  case Expr::Kind::dict: {
    nlohmann::json out = nlohmann::json::object();
    for (std::size_t i = 0; i + 1 < expr.items.size(); i += 2) {
      if (expr.items[i].kind == Expr::Kind::string) {
        out[expr.items[i].text] = literal_json(expr.items[i + 1]);
      }
    }
    return out;
  }
  default: return nullptr;
  }
}

namespace {

void read_call_entry(std::string_view key, const Expr& value, std::string_view text, const VarLookup& vars,
                     NodeConfig& config) {
  if (key == "enabled") {
    if (value.kind == Expr::Kind::boolean) {
      config.enabled = value.text == "True" ? NodeConfig::Enabled::yes : NodeConfig::Enabled::no;
    } else if (value.end > value.begin && value.end <= text.size()) {
      config.enabled = enabled_of(evaluate_truth(text.substr(value.begin, value.end - value.begin), vars));
    } else {
      config.enabled = NodeConfig::Enabled::unknown;
    }
    return;
  }
  if (key == "tags") {
    nlohmann::json tags = literal_json(value);
    std::vector<std::string> list;
    if (tags.is_string()) {
      list.push_back(tags.get<std::string>());
    }
    for (const auto& tag : tags.is_array() ? tags : nlohmann::json::array()) {
      if (tag.is_string()) {
        list.push_back(tag.get<std::string>());
      }
    }
    add_tags(list, config.tags);
    return;
  }
  if (key == "meta") {
    NodeConfig layer;
    layer.meta = literal_json(value);
    if (layer.meta.is_object()) {
      config.apply(layer);
    }
    return;
  }
  if (auto* field = string_field(key, config); field != nullptr && value.kind == Expr::Kind::string) {
    *field = value.text;
  }
}

} // namespace

NodeConfig config_from_call(const Call& call, std::string_view text, const VarLookup& vars) {
  NodeConfig config;
  for (std::size_t i = 0; i < call.args.size(); ++i) {
    const Expr& arg = call.args[i];
    if (!call.keywords[i].empty()) {
      read_call_entry(call.keywords[i], arg, text, vars, config);
    } else if (arg.kind == Expr::Kind::dict) {
      for (std::size_t k = 0; k + 1 < arg.items.size(); k += 2) {
        if (arg.items[k].kind == Expr::Kind::string) {
          read_call_entry(arg.items[k].text, arg.items[k + 1], text, vars, config);
        }
      }
    }
  }
  return config;
}

} // namespace steward::dbt::source

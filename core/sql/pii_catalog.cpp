// `pii_catalog`: the PII markers of a dbt project's queryable relations,
// keyed the way statements name them.

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/sql/pii.hpp"
#include "core/sql/project_policy.hpp"
#include "core/sql/provenance.hpp"

namespace steward::sql {
namespace {

using detail::lower;

/// Relations that exist in the warehouse (as in project_policy.cpp).
bool queryable(const dbt::Node& node) {
  switch (node.type) {
  case dbt::ResourceType::model: return node.materialized != "ephemeral" && node.enabled;
  case dbt::ResourceType::seed:
  case dbt::ResourceType::snapshot:
  case dbt::ResourceType::source: return node.enabled;
  default: return false;
  }
}

/// The markers, lower-cased once.
struct Marks {
  std::set<std::string> tags;
  std::set<std::string> meta_keys;

  explicit Marks(const PiiMarkers& markers) {
    for (const std::string& tag : markers.tags) {
      tags.insert(lower(tag));
    }
    for (const std::string& key : markers.meta_keys) {
      meta_keys.insert(lower(key));
    }
  }

  [[nodiscard]] bool tagged(const std::vector<std::string_view>& node_tags) const {
    return std::any_of(node_tags.begin(), node_tags.end(),
                       [&](std::string_view tag) { return tags.contains(lower(tag)); });
  }

  /// `meta` has a marker key whose value is `true` (or the string "true").
  [[nodiscard]] bool in_meta(std::string_view meta_json) const {
    if (meta_json.empty()) {
      return false;
    }
    const nlohmann::json meta = nlohmann::json::parse(meta_json.begin(), meta_json.end(), nullptr, false);
    if (meta.is_discarded() || !meta.is_object()) {
      return false;
    }
    for (auto it = meta.begin(); it != meta.end(); ++it) {
      if (!meta_keys.contains(lower(it.key()))) {
        continue;
      }
      const nlohmann::json& value = it.value();
      if ((value.is_boolean() && value.get<bool>()) ||
          (value.is_string() && lower(value.get<std::string>()) == "true")) {
        return true;
      }
    }
    return false;
  }
};

RelationColumns columns_of(const dbt::Node& node, const Marks& marks) {
  RelationColumns out;
  // Complete when the warehouse listed them: catalog.json had the node, or
  // some column is known only from the warehouse (or a seed's CSV header
  // and not from YAML).
  out.all_known = !node.table_type.empty();
  for (const dbt::Column& column : node.columns) {
    std::string name = lower(column.name);
    out.all_known = out.all_known || !column.documented;
    if (marks.tagged(column.tags) || marks.in_meta(column.meta_json)) {
      out.pii.insert(name);
    }
    out.all.push_back(std::move(name));
  }
  out.whole_relation_pii = out.pii.empty() && (marks.tagged(node.tags) || marks.in_meta(node.meta_json));
  return out;
}

/// Two relations under one key (a source and a model both called
/// `customers`): the union of their PII; complete only if they agree.
void merge_into(RelationColumns& into, const RelationColumns& other) {
  into.pii.insert(other.pii.begin(), other.pii.end());
  into.whole_relation_pii = into.whole_relation_pii || other.whole_relation_pii;
  if (into.all_known && other.all_known && into.all == other.all) {
    return;
  }
  into.all_known = false;
  for (const std::string& column : other.all) {
    if (std::find(into.all.begin(), into.all.end(), column) == into.all.end()) {
      into.all.push_back(column);
    }
  }
}

void add(PiiCatalog& catalog, const std::string& key, const RelationColumns& columns) {
  auto [it, inserted] = catalog.relations.try_emplace(key, columns);
  if (!inserted) {
    merge_into(it->second, columns);
  }
}

} // namespace

const RelationColumns* PiiCatalog::find(const Relation& relation) const {
  const std::string name = lower(relation.name);
  if (!relation.schema.empty()) {
    auto found = relations.find(lower(relation.schema) + "." + name);
    if (found != relations.end()) {
      return &found->second;
    }
  }
  auto found = relations.find(name);
  return found != relations.end() ? &found->second : nullptr;
}

PiiCatalog pii_catalog(const dbt::Project& project, const PiiMarkers& markers) {
  const Marks marks(markers);
  PiiCatalog catalog;
  for (const dbt::Node& node : project.nodes()) {
    if (!queryable(node)) {
      continue;
    }
    const std::string_view table = node.type == dbt::ResourceType::source && !node.identifier.empty()
                                       ? node.identifier
                                       : (node.alias.empty() ? node.name : node.alias);
    const std::string name = lower(identifier_of(table));
    const RelationColumns columns = columns_of(node, marks);
    add(catalog, name, columns);
    if (!node.schema.empty()) {
      add(catalog, lower(identifier_of(node.schema)) + "." + name, columns);
    }
  }
  return catalog;
}

} // namespace steward::sql

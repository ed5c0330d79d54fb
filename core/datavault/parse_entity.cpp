// Reading one entity document: the entity, its hub, satellites, links and
// source mappings.
#include <algorithm>

#include "core/datavault/parse_reader.hpp"
#include "core/util/text.hpp"

namespace steward::datavault::detail {
namespace {

void read_hashdiff(Reader& reader, const YAML::Node& value, const std::string& path, Satellite& out) {
  if (value.IsScalar()) {
    out.hashdiff = value.Scalar();
    return;
  }
  if (!reader.expect_map(value, path, "a column name, or name: and columns:")) {
    return;
  }
  reader.check_keys(value, path, {"name", "columns"});
  reader.text(value, "name", path, out.hashdiff);
  reader.texts(value, "columns", path, out.hashdiff_columns);
}

void read_change_tracking(Reader& reader, const YAML::Node& node, const std::string& path, Satellite& out) {
  std::string value;
  if (!reader.text(node, "change_tracking", path, value) || value.empty()) {
    return;
  }
  const std::string lower = to_lower(value);
  if (lower == "hashdiff" || lower == "standard" || lower == "scd2") {
    out.change_tracking = ChangeTracking::hashdiff;
  } else if (lower == "effectivity") {
    out.change_tracking = ChangeTracking::effectivity;
  } else {
    std::string message = "'" + value + "' is not hashdiff or effectivity";
    if (auto near = closest(lower, {"hashdiff", "effectivity"}, 1); !near.empty()) {
      message += "; did you mean " + near.front() + "?";
    }
    reader.error(node["change_tracking"], join(path, "change_tracking"), message);
  }
}

RelatedHub read_related(Reader& reader, const YAML::Node& node, const std::string& path) {
  RelatedHub out;
  out.path = path;
  out.at = reader.at(node);
  if (node.IsScalar()) {
    out.hub = node.Scalar();
    return out;
  }
  if (!reader.expect_map(node, path, "a hub name, or hub:, role: and key_field:")) {
    return out;
  }
  reader.check_keys(node, path, {"hub", "role", "key_field", "key_fields"});
  reader.text(node, "hub", path, out.hub);
  reader.text(node, "role", path, out.role);
  reader.texts(node, "key_field", path, out.key_fields);
  reader.texts(node, "key_fields", path, out.key_fields);
  if (out.hub.empty()) {
    reader.error(node, join(path, "hub"), "missing: the hub (entity name) this role points at");
  }
  return out;
}

void read_related_hubs(Reader& reader, const YAML::Node& node, const std::string& path, Link& out) {
  const YAML::Node one = node["related_hub"];
  const YAML::Node many = node["related_hubs"];
  if (one && many) {
    reader.error(many, join(path, "related_hubs"), "give related_hub or related_hubs, not both");
  }
  if (one && !one.IsNull()) {
    out.hubs.push_back(read_related(reader, one, join(path, "related_hub")));
  }
  if (many && !many.IsNull()) {
    const std::string at = join(path, "related_hubs");
    if (many.IsScalar()) {
      out.hubs.push_back(read_related(reader, many, at));
    } else if (!many.IsSequence()) {
      reader.error(many, at, "expected a list of hubs");
    } else {
      for (std::size_t i = 0; i < many.size(); ++i) {
        out.hubs.push_back(read_related(reader, many[i], index(at, i)));
      }
    }
  }
}

Link read_link(Reader& reader, const YAML::Node& node, const std::string& path, const Entity& owner) {
  Link out;
  out.path = path;
  out.at = reader.at(node);
  if (!reader.expect_map(node, path, "a link: name, related_hubs, sources, ...")) {
    return out;
  }
  reader.check_keys(node, path,
                    {"name", "description", "related_hub", "related_hubs", "relationship_type", "payload",
                     "transaction_key", "sources", "hash_key", "model_name", "satellites"});
  reader.text(node, "name", path, out.name);
  reader.text(node, "description", path, out.description);
  reader.text(node, "relationship_type", path, out.relationship_type);
  reader.texts(node, "payload", path, out.payload);
  reader.texts(node, "transaction_key", path, out.transaction_key);
  reader.texts(node, "sources", path, out.sources);
  reader.text(node, "hash_key", path, out.hash_key);
  reader.text(node, "model_name", path, out.model_name);
  if (out.name.empty()) {
    reader.error(node, join(path, "name"), "missing: the link's (relationship's) name");
  }
  read_related_hubs(reader, node, path, out);
  // The owning entity's hub takes part unless the list names it already.
  const bool named = std::any_of(out.hubs.begin(), out.hubs.end(),
                                 [&](const RelatedHub& hub) { return hub.hub == owner.name; });
  if (owner.has_hub && !named) {
    RelatedHub self;
    self.hub = owner.name;
    self.path = owner.path + ".hub";
    self.at = owner.hub.at;
    out.hubs.insert(out.hubs.begin(), std::move(self));
  }
  if (const YAML::Node sats = node["satellites"]; sats && !sats.IsNull()) {
    const std::string at = join(path, "satellites");
    if (!sats.IsSequence()) {
      reader.error(sats, at, "expected a list of satellites");
    } else {
      for (std::size_t i = 0; i < sats.size(); ++i) {
        Satellite sat = read_satellite(reader, sats[i], index(at, i));
        if (sat.parent.empty()) {
          sat.parent = out.name;
        }
        out.satellites.push_back(std::move(sat));
      }
    }
  }
  return out;
}

SourceMapping read_mapping(Reader& reader, const YAML::Node& key, const YAML::Node& node,
                           const std::string& path) {
  SourceMapping out;
  out.source = key.IsScalar() ? key.Scalar() : std::string();
  out.path = path;
  out.at = reader.at(key);
  if (node.IsNull()) {
    return out;
  }
  if (!reader.expect_map(node, path, "schema/table or model, key_field, record_source, load_date, ...")) {
    return out;
  }
  reader.check_keys(node, path,
                    {"schema", "table", "model", "key_field", "key_fields", "record_source", "load_date",
                     "effective_from", "description"});
  for (auto [name, field] :
       {std::pair{"schema", &out.schema}, std::pair{"table", &out.table}, std::pair{"model", &out.model},
        std::pair{"record_source", &out.record_source}, std::pair{"load_date", &out.load_date},
        std::pair{"effective_from", &out.effective_from}}) {
    reader.text(node, name, path, *field);
  }
  reader.texts(node, "key_field", path, out.key_fields);
  reader.texts(node, "key_fields", path, out.key_fields);
  return out;
}

void read_hub(Reader& reader, const YAML::Node& node, const std::string& path, Entity& out) {
  out.has_hub = true;
  out.hub.path = path;
  out.hub.at = reader.at(node);
  if (node.IsNull()) {
    return;
  }
  if (!reader.expect_map(node, path, "business_key, sources, ...")) {
    return;
  }
  reader.check_keys(node, path, {"business_key", "business_keys", "sources", "model_name", "hash_key"});
  reader.texts(node, "business_key", path, out.hub.business_key);
  reader.texts(node, "business_keys", path, out.hub.business_key);
  reader.texts(node, "sources", path, out.hub.sources);
  reader.text(node, "model_name", path, out.hub.model_name);
  reader.text(node, "hash_key", path, out.hub.hash_key);
}

void read_name(Reader& reader, const YAML::Node& node, const std::string& path, Entity& out) {
  const YAML::Node entity = node["entity"];
  if (entity && entity.IsScalar()) {
    out.name = entity.Scalar();
  } else if (entity && entity.IsMap()) {
    const std::string at = join(path, "entity");
    reader.check_keys(entity, at, {"name", "description"});
    reader.text(entity, "name", at, out.name);
    reader.text(entity, "description", at, out.description);
  } else if (entity && !entity.IsNull()) {
    reader.error(entity, join(path, "entity"), "expected a name, or name: and description:");
  }
  reader.text(node, "name", path, out.name);
  reader.text(node, "description", path, out.description);
  if (out.name.empty()) {
    reader.error(node, join(path, "entity"),
                 "missing: the entity's name (entity: {name: ..., description: ...})");
  }
}

} // namespace

Satellite read_satellite(Reader& reader, const YAML::Node& node, const std::string& path) {
  Satellite out;
  out.path = path;
  out.at = reader.at(node);
  if (!reader.expect_map(node, path, "a satellite: name, attributes, sources, ...")) {
    return out;
  }
  reader.check_keys(node, path,
                    {"name", "description", "parent", "attributes", "sources", "change_tracking",
                     "driving_key", "hashdiff", "model_name"});
  reader.text(node, "name", path, out.name);
  reader.text(node, "description", path, out.description);
  reader.text(node, "parent", path, out.parent);
  reader.texts(node, "attributes", path, out.attributes);
  reader.texts(node, "sources", path, out.sources);
  reader.texts(node, "driving_key", path, out.driving_key);
  reader.text(node, "model_name", path, out.model_name);
  read_change_tracking(reader, node, path, out);
  if (const YAML::Node hashdiff = node["hashdiff"]; hashdiff && !hashdiff.IsNull()) {
    read_hashdiff(reader, hashdiff, join(path, "hashdiff"), out);
  }
  if (out.name.empty()) {
    reader.error(node, join(path, "name"), "missing: the satellite's name (its attribute group)");
  }
  return out;
}

Entity read_entity(Reader& reader, const YAML::Node& node, const std::string& path, bool whole_document) {
  Entity out;
  out.path = path;
  out.at = reader.at(node);
  if (!reader.expect_map(node, path, "an entity: entity, hub, satellites, links, source_mappings")) {
    return out;
  }
  if (whole_document) {
    reader.check_keys(node, "",
                      {"project", "entities", "entity", "name", "description", "hub", "satellites", "links",
                       "source_mappings"});
  } else {
    reader.check_keys(node, path,
                      {"entity", "name", "description", "hub", "satellites", "links", "source_mappings"});
  }
  read_name(reader, node, path, out);
  if (const YAML::Node hub = node["hub"]) {
    read_hub(reader, hub, join(path, "hub"), out);
  }
  if (const YAML::Node mappings = node["source_mappings"]; mappings && !mappings.IsNull()) {
    const std::string at = join(path, "source_mappings");
    if (reader.expect_map(mappings, at, "one entry per source")) {
      for (const auto& entry : mappings) {
        const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "?";
        out.source_mappings.push_back(read_mapping(reader, entry.first, entry.second, join(at, key)));
      }
    }
  }
  if (const YAML::Node sats = node["satellites"]; sats && !sats.IsNull()) {
    const std::string at = join(path, "satellites");
    if (!sats.IsSequence()) {
      reader.error(sats, at, "expected a list of satellites");
    } else {
      for (std::size_t i = 0; i < sats.size(); ++i) {
        Satellite sat = read_satellite(reader, sats[i], index(at, i));
        if (sat.parent.empty() && out.has_hub) {
          sat.parent = out.name;
        }
        out.satellites.push_back(std::move(sat));
      }
    }
  }
  if (const YAML::Node links = node["links"]; links && !links.IsNull()) {
    const std::string at = join(path, "links");
    if (!links.IsSequence()) {
      reader.error(links, at, "expected a list of links");
    } else {
      for (std::size_t i = 0; i < links.size(); ++i) {
        out.links.push_back(read_link(reader, links[i], index(at, i), out));
      }
    }
  }
  return out;
}

} // namespace steward::datavault::detail

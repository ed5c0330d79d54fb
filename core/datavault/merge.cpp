// Merging YAML written next to a diagram into the diagram's spec.
#include <algorithm>

#include "core/datavault/mermaid.hpp"
#include "core/datavault/mermaid_er.hpp"
#include "core/util/text.hpp"

namespace steward::datavault {
namespace {

template <typename T>
T* by_name(std::vector<T>& items, const std::string& name) {
  for (T& item : items) {
    if (iequals(item.name, name)) {
      return &item;
    }
  }
  return nullptr;
}

void take(std::string& into, const std::string& from) {
  if (!from.empty()) {
    into = from;
  }
}

void take(std::vector<std::string>& into, const std::vector<std::string>& from) {
  if (!from.empty()) {
    into = from;
  }
}

void merge_satellite(Satellite& into, const Satellite& from) {
  take(into.description, from.description);
  take(into.attributes, from.attributes);
  take(into.sources, from.sources);
  take(into.driving_key, from.driving_key);
  take(into.hashdiff, from.hashdiff);
  take(into.hashdiff_columns, from.hashdiff_columns);
  take(into.model_name, from.model_name);
  if (from.change_tracking == ChangeTracking::effectivity) {
    into.change_tracking = from.change_tracking;
  }
}

void merge_satellites(std::vector<Satellite>& into, const std::vector<Satellite>& from,
                      const std::string& path, const std::string& parent) {
  for (const Satellite& sat : from) {
    if (Satellite* existing = by_name(into, sat.name)) {
      merge_satellite(*existing, sat);
      continue;
    }
    Satellite added = sat;
    added.parent = parent;
    added.path = path + ".satellites[" + std::to_string(into.size()) + "]";
    into.push_back(std::move(added));
  }
}

void merge_link(Link& into, const Link& from) {
  take(into.description, from.description);
  take(into.relationship_type, from.relationship_type);
  take(into.payload, from.payload);
  take(into.transaction_key, from.transaction_key);
  take(into.sources, from.sources);
  take(into.hash_key, from.hash_key);
  take(into.model_name, from.model_name);
  if (into.hubs.size() < 2 && from.hubs.size() > into.hubs.size()) {
    into.hubs = from.hubs;
  }
  merge_satellites(into.satellites, from.satellites, into.path, into.name);
}

void merge_entity(Entity& into, const Entity& from) {
  take(into.description, from.description);
  for (const SourceMapping& mapping : from.source_mappings) {
    auto same =
        std::find_if(into.source_mappings.begin(), into.source_mappings.end(),
                     [&](const SourceMapping& existing) { return existing.source == mapping.source; });
    if (same != into.source_mappings.end()) {
      *same = mapping;
    } else {
      into.source_mappings.push_back(mapping);
    }
  }
  if (from.has_hub) {
    into.has_hub = true;
    take(into.hub.business_key, from.hub.business_key);
    take(into.hub.sources, from.hub.sources);
    take(into.hub.model_name, from.hub.model_name);
    take(into.hub.hash_key, from.hub.hash_key);
  }
  merge_satellites(into.satellites, from.satellites, into.path, into.name);
  for (const Link& link : from.links) {
    if (Link* existing = by_name(into.links, link.name)) {
      merge_link(*existing, link);
    } else {
      into.links.push_back(link);
    }
  }
}

void repath(std::string& path, const std::string& from, const std::string& to) {
  if (path.starts_with(from)) {
    path = to + path.substr(from.size());
  }
}

/// Renames `entity`'s spec paths for its new place `to` (`entities[3]`).
void repath(Entity& entity, const std::string& to) {
  const std::string from = entity.path;
  repath(entity.path, from, to);
  repath(entity.hub.path, from, to);
  for (SourceMapping& mapping : entity.source_mappings) {
    repath(mapping.path, from, to);
  }
  for (Satellite& sat : entity.satellites) {
    repath(sat.path, from, to);
  }
  for (Link& link : entity.links) {
    repath(link.path, from, to);
    for (RelatedHub& hub : link.hubs) {
      repath(hub.path, from, to);
    }
    for (Satellite& sat : link.satellites) {
      repath(sat.path, from, to);
    }
  }
}

void shift(Location& at, int by) {
  if (at.line > 0) {
    at.line += by;
  }
}

void shift_satellites(std::vector<Satellite>& sats, int by) {
  for (Satellite& sat : sats) {
    shift(sat.at, by);
  }
}

} // namespace

namespace detail {

void shift_lines(Spec& spec, int by) {
  shift(spec.settings.at, by);
  for (Entity& entity : spec.entities) {
    shift(entity.at, by);
    shift(entity.hub.at, by);
    for (SourceMapping& mapping : entity.source_mappings) {
      shift(mapping.at, by);
    }
    shift_satellites(entity.satellites, by);
    for (Link& link : entity.links) {
      shift(link.at, by);
      for (RelatedHub& hub : link.hubs) {
        shift(hub.at, by);
      }
      shift_satellites(link.satellites, by);
    }
  }
}

} // namespace detail

void merge_specs(Spec& base, const Spec& overlay, bool overlay_has_project) {
  if (overlay_has_project) {
    base.settings = overlay.settings;
  }
  for (const Entity& entity : overlay.entities) {
    if (Entity* existing = by_name(base.entities, entity.name)) {
      merge_entity(*existing, entity);
      continue;
    }
    base.entities.push_back(entity);
    repath(base.entities.back(), "entities[" + std::to_string(base.entities.size() - 1) + "]");
  }
}

} // namespace steward::datavault

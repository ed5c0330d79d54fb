// Hubs: one per entity with `hub:`, loaded from every source listed (or
// every source the entity maps), hashing the business key in one order.
#include <algorithm>
#include <set>

#include "core/datavault/plan_detail.hpp"
#include "core/util/text.hpp"

namespace steward::datavault::detail {
namespace {

void check_entity_name(Planner& planner, const Entity& entity, std::set<std::string>& seen) {
  if (entity.name.empty()) {
    return; // reported by the parser
  }
  if (!is_identifier(entity.name)) {
    planner.error(entity.path + ".entity", entity.at,
                  "entity name '" + entity.name + "' is not an identifier (letters, digits and _)");
  }
  if (!seen.insert(entity.name).second) {
    planner.error(entity.path + ".entity", entity.at, "duplicate entity name " + entity.name);
  }
  if (!entity.has_hub && entity.links.empty() && entity.satellites.empty()) {
    planner.warn(entity.path, entity.at,
                 "entity " + entity.name + " has no hub, links or satellites: nothing to generate");
  }
}

void check_business_key(Planner& planner, const Entity& entity) {
  const std::string path = entity.hub.path + ".business_key";
  if (entity.hub.business_key.empty()) {
    planner.error(path, entity.hub.at, "missing: a hub needs at least one business key column");
  }
  std::set<std::string> seen;
  for (const std::string& key : entity.hub.business_key) {
    if (!seen.insert(to_lower(key)).second) {
      planner.error(path, entity.hub.at, "business key column " + key + " is listed twice");
    }
    if (!is_identifier(key)) {
      planner.error(path, entity.hub.at, "business key column '" + key + "' is not an identifier");
    }
  }
}

std::string unmapped(const Planner& planner, const std::string& source, const std::string& entity) {
  return "source " + source + " is used but not mapped: add source_mappings." + source + " to " + entity +
         Planner::did_you_mean(source, planner.source_names());
}

} // namespace

std::vector<std::string> hub_sources(const Entity& entity) {
  if (!entity.hub.sources.empty()) {
    return entity.hub.sources;
  }
  std::vector<std::string> out;
  for (const SourceMapping& mapping : entity.source_mappings) {
    out.push_back(mapping.source);
  }
  return out;
}

void plan_hubs(Planner& planner) {
  std::set<std::string> names;
  for (const Entity& entity : planner.spec().entities) {
    check_entity_name(planner, entity, names);
    if (!entity.has_hub || entity.name.empty() || planner.hub(entity.name) != nullptr) {
      continue;
    }
    check_business_key(planner, entity);
    HubModel hub;
    hub.entity = entity.name;
    hub.description = entity.description;
    hub.model = entity.hub.model_name.empty() ? expand(planner.naming().hub, {.entity = entity.name})
                                              : entity.hub.model_name;
    hub.hash_key = planner.column(
        entity.hub.hash_key.empty()
            ? expand(planner.naming().hash_key, {.entity = entity.name, .relationship = entity.name})
            : entity.hub.hash_key);
    hub.business_key = planner.columns(entity.hub.business_key);
    hub.sources = hub_sources(entity);
    hub.spec_path = entity.hub.path;
    planner.name_model(hub.model, entity.hub.path, entity.hub.at);
    if (hub.sources.empty()) {
      planner.error(entity.hub.path + ".sources", entity.hub.at,
                    "no source loads hub " + entity.name +
                        ": add source_mappings to the entity (and list them in "
                        "hub.sources)");
    } else if (entity.hub.sources.empty()) {
      planner.decide("hub " + hub.model + " loads from every source entity " + entity.name +
                     " maps: " + join(hub.sources));
    }
    if (hub.business_key.size() > 1) {
      planner.decide("hub " + hub.model + ": business key order " + join(hub.business_key) +
                     ", the order its hash key uses in every stage");
    }
    planner.plan().hubs.push_back(hub);
    const std::size_t index = planner.plan().hubs.size() - 1;
    for (std::size_t i = 0; i < hub.sources.size(); ++i) {
      const std::string& source = hub.sources[i];
      const std::string path = entity.hub.sources.empty()
                                   ? entity.hub.path + ".sources"
                                   : entity.hub.path + ".sources[" + std::to_string(i) + "]";
      if (planner.source(source) == nullptr) {
        planner.error(path, entity.hub.at, unmapped(planner, source, entity.name));
        continue;
      }
      if (planner.stage_hub_key(entity, source, path, entity.hub.at)) {
        planner.plan().hubs[index].stages.push_back(planner.stage(source).model);
      }
    }
  }
}

} // namespace steward::datavault::detail

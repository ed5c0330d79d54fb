// Satellites on hubs and links (one model per source system) and
// effectivity satellites on links.
#include <algorithm>
#include <iterator>
#include <optional>
#include <set>

#include "core/datavault/plan_detail.hpp"
#include "core/util/text.hpp"

namespace steward::datavault::detail {
namespace {

/// The hub or link a satellite hangs off.
struct Parent {
  const Entity* entity = nullptr; ///< when a hub
  const HubModel* hub = nullptr;
  const LinkModel* link = nullptr;
  std::string name;
  std::string model;
  std::string hash_key;
  std::vector<std::string> key_columns;
  std::vector<std::string> sources;
};

std::optional<Parent> find_parent(Planner& planner, const Satellite& sat, bool in_link) {
  if (sat.parent.empty()) {
    planner.error(sat.path, sat.at,
                  "satellite " + sat.name +
                      " has no parent: its entity has no hub (add hub:, or move the "
                      "satellite under a link)");
    return std::nullopt;
  }
  const Entity* entity = planner.entity(sat.parent);
  const HubModel* hub = planner.hub(sat.parent);
  const LinkModel* link = planner.link(sat.parent);
  if (in_link || hub == nullptr) {
    if (link != nullptr) {
      return Parent{nullptr,        nullptr,           link,         link->name, link->model,
                    link->hash_key, link->key_columns, link->sources};
    }
  }
  if (hub != nullptr && entity != nullptr) {
    return Parent{entity,     hub,           nullptr,           entity->name,
                  hub->model, hub->hash_key, hub->business_key, hub->sources};
  }
  std::vector<std::string> names;
  for (const HubModel& candidate : planner.plan().hubs) {
    names.push_back(candidate.entity);
  }
  for (const LinkModel& candidate : planner.plan().links) {
    names.push_back(candidate.name);
  }
  if (entity != nullptr || planner.link(sat.parent) != nullptr) {
    return std::nullopt; // the parent exists but failed to plan; its own errors say why
  }
  planner.error(sat.path + ".parent", sat.at,
                "satellite " + sat.name + " has no parent: no hub or link is named " + sat.parent +
                    Planner::did_you_mean(sat.parent, names));
  return std::nullopt;
}

/// Checks a given `hashdiff: {columns}` against key + attributes; returns
/// the columns to hash.
std::vector<std::string> hashdiff_columns(Planner& planner, const Satellite& sat, const Parent& parent) {
  std::vector<std::string> attributes = planner.columns(sat.attributes);
  if (sat.hashdiff_columns.empty()) {
    std::vector<std::string> out = parent.key_columns;
    out.insert(out.end(), attributes.begin(), attributes.end());
    return out;
  }
  std::set<std::string> keys;
  for (const std::string& key : parent.key_columns) {
    keys.insert(to_lower(key));
  }
  std::set<std::string> given;
  for (const std::string& column : sat.hashdiff_columns) {
    if (!keys.contains(to_lower(column))) {
      given.insert(to_lower(column));
    }
  }
  std::set<std::string> payload;
  for (const std::string& column : attributes) {
    payload.insert(to_lower(column));
  }
  std::vector<std::string> missing;
  std::vector<std::string> extra;
  std::set_difference(payload.begin(), payload.end(), given.begin(), given.end(),
                      std::back_inserter(missing));
  std::set_difference(given.begin(), given.end(), payload.begin(), payload.end(), std::back_inserter(extra));
  if (!missing.empty() || !extra.empty()) {
    planner.error(sat.path + ".hashdiff.columns", sat.at,
                  "hashdiff/payload mismatch: the hashdiff must cover the attributes (plus the parent key " +
                      join(parent.key_columns) + ")" + (missing.empty() ? "" : "; missing " + join(missing)) +
                      (extra.empty() ? "" : "; not attributes: " + join(extra)));
  }
  return planner.columns(sat.hashdiff_columns);
}

std::vector<std::string> effectivity_keys(Planner& planner, const Satellite& sat, const LinkModel& link,
                                          std::vector<std::string>& secondary) {
  std::vector<std::string> driving;
  if (sat.driving_key.empty()) {
    planner.error(sat.path + ".driving_key", sat.at,
                  "missing: an effectivity satellite needs driving_key, the hub(s) whose relationship to the "
                  "others changes over time (e.g. driving_key: [" +
                      (link.foreign_keys.empty() ? std::string("order") : link.foreign_keys.front().entity) +
                      "])");
  }
  std::vector<std::string> names;
  for (const ForeignKey& key : link.foreign_keys) {
    names.push_back(key.role.empty() ? key.entity : key.role);
  }
  for (const std::string& wanted : sat.driving_key) {
    auto found = std::find_if(link.foreign_keys.begin(), link.foreign_keys.end(), [&](const ForeignKey& key) {
      return key.role == wanted || (key.role.empty() && key.entity == wanted);
    });
    if (found == link.foreign_keys.end()) {
      planner.error(sat.path + ".driving_key", sat.at,
                    "'" + wanted + "' is not a hub of link " + link.name + " (" + join(names) + ")" +
                        Planner::did_you_mean(wanted, names));
      continue;
    }
    driving.push_back(found->column);
  }
  for (const ForeignKey& key : link.foreign_keys) {
    if (std::find(driving.begin(), driving.end(), key.column) == driving.end()) {
      secondary.push_back(key.column);
    }
  }
  if (!driving.empty() && secondary.empty()) {
    planner.error(sat.path + ".driving_key", sat.at,
                  "every hub of link " + link.name + " is driving; leave one out");
  }
  return driving;
}

void check_attributes(Planner& planner, const Satellite& sat) {
  if (sat.change_tracking == ChangeTracking::effectivity) {
    if (!sat.attributes.empty()) {
      planner.warn(sat.path + ".attributes", sat.at,
                   "ignored: an effectivity satellite carries no attributes");
    }
    return;
  }
  if (sat.attributes.empty()) {
    planner.error(sat.path + ".attributes", sat.at, "missing: a satellite needs attributes (its payload)");
  }
  std::set<std::string> seen;
  for (const std::string& attribute : sat.attributes) {
    if (!seen.insert(to_lower(attribute)).second) {
      planner.error(sat.path + ".attributes", sat.at, "attribute " + attribute + " is listed twice");
    }
  }
}

void plan_one_source(Planner& planner, const Satellite& sat, const Parent& parent, SatelliteModel model,
                     const std::string& path) {
  const std::string& source = model.source;
  if (planner.source(source) == nullptr) {
    planner.error(path, sat.at,
                  "source " + source + " is used but not mapped: add source_mappings." + source +
                      Planner::did_you_mean(source, planner.source_names()));
    return;
  }
  if (parent.link != nullptr &&
      std::find(parent.sources.begin(), parent.sources.end(), source) == parent.sources.end()) {
    planner.error(path, sat.at,
                  "satellite " + sat.name + " loads from " + source + ", which does not load link " +
                      parent.name + " (its sources: " + join(parent.sources) + ")");
    return;
  }
  if (parent.entity != nullptr) {
    if (!planner.stage_hub_key(*parent.entity, source, path, sat.at)) {
      return;
    }
    if (std::find(parent.sources.begin(), parent.sources.end(), source) == parent.sources.end()) {
      planner.warn(path, sat.at,
                   "hub " + parent.model + " is not loaded from " + source + ", which loads satellite " +
                       model.model + ": add " + source +
                       " to hub.sources so no satellite row lacks its hub row");
    }
  }
  const SourceInfo& info = *planner.source(source);
  model.has_effective_from = !info.effective_from.empty();
  model.stage = planner.stage(source).model;
  model.spec_path = path;
  planner.name_model(model.model, path, sat.at);
  const Naming& naming = planner.naming();
  if (model.effectivity) {
    if (info.effective_from.empty()) {
      planner.error(path, sat.at,
                    "an effectivity satellite needs an effective date: set source_mappings." + source +
                        ".effective_from");
    }
    planner.add_derived(planner.stage(source),
                        {planner.column(naming.start_date),
                         info.effective_from.empty() ? "NULL" : info.effective_from,
                         "When the relationship started (effectivity start date)."},
                        "effectivity start date", path, sat.at);
    planner.add_derived(planner.stage(source),
                        {planner.column(naming.end_date), "CAST('9999-12-31' AS DATE)",
                         "When the relationship ended; 9999-12-31 while it holds."},
                        "effectivity end date", path, sat.at);
  } else {
    planner.add_hashed(planner.stage(source),
                       {model.hashdiff, hashdiff_columns(planner, sat, parent), true,
                        "Hashdiff of satellite " + model.model + "."},
                       "hashdiff of " + model.model, path, sat.at);
    for (const std::string& attribute : sat.attributes) {
      planner.need_column(source, attribute, sat.path + ".attributes", sat.at);
    }
  }
  planner.plan().satellites.push_back(std::move(model));
}

void plan_satellite(Planner& planner, const Satellite& sat, bool in_link) {
  if (!sat.name.empty() && !is_identifier(sat.name)) {
    planner.error(sat.path + ".name", sat.at, "satellite name '" + sat.name + "' is not an identifier");
  }
  check_attributes(planner, sat);
  auto parent = find_parent(planner, sat, in_link);
  if (!parent) {
    return;
  }
  SatelliteModel base;
  base.name = sat.name;
  base.description = sat.description;
  base.parent_model = parent->model;
  base.parent_hash_key = parent->hash_key;
  base.on_link = parent->link != nullptr;
  base.effectivity = sat.change_tracking == ChangeTracking::effectivity;
  if (base.effectivity) {
    if (parent->link == nullptr || parent->link->transactional) {
      planner.error(
          sat.path + ".change_tracking", sat.at,
          "an effectivity satellite tracks a link's relationships: put it under a (non-transactional) "
          "link's satellites");
      return;
    }
    base.driving_keys = effectivity_keys(planner, sat, *parent->link, base.secondary_keys);
  } else {
    base.payload = planner.columns(sat.attributes);
  }
  const std::vector<std::string> sources = sat.sources.empty() ? parent->sources : sat.sources;
  if (sources.empty()) {
    planner.error(sat.path + ".sources", sat.at, "no source loads satellite " + sat.name);
  }
  const Naming& naming = planner.naming();
  for (std::size_t i = 0; i < sources.size(); ++i) {
    SatelliteModel model = base;
    model.source = sources[i];
    const Placeholders values{
        .source = sources[i], .entity = parent->name, .relationship = parent->name, .group = sat.name};
    model.model = !sat.model_name.empty()
                      ? expand(sat.model_name, values)
                      : expand(base.effectivity ? naming.effectivity_satellite : naming.satellite, values);
    model.hashdiff = planner.column(sat.hashdiff.empty() ? expand(naming.hashdiff, values) : sat.hashdiff);
    const std::string path = sources.size() > 1 || !sat.sources.empty()
                                 ? sat.path + ".sources[" + std::to_string(i) + "]"
                                 : sat.path;
    plan_one_source(planner, sat, *parent, std::move(model), path);
  }
}

} // namespace

void plan_satellites(Planner& planner) {
  for (const Entity& entity : planner.spec().entities) {
    for (const Satellite& sat : entity.satellites) {
      plan_satellite(planner, sat, false);
    }
    for (const Link& link : entity.links) {
      for (const Satellite& sat : link.satellites) {
        plan_satellite(planner, sat, true);
      }
    }
  }
}

} // namespace steward::datavault::detail

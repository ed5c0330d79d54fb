// Checks over the whole plan: naming rules (overrides that break the
// templates' shape, identifiers, lengths), sources mapped but unused, and
// attributes that clash with computed columns.
#include "core/datavault/plan_detail.hpp"
#include "core/util/text.hpp"

namespace steward::datavault::detail {
namespace {

constexpr std::size_t k_postgres_identifier_limit = 63;

void check_prefix(Planner& planner, const std::string& name, const std::string& template_text,
                  const char* key, const std::string& path, Location at) {
  const std::string prefix = template_prefix(template_text);
  if (!name.empty() && !prefix.empty() && !placeholders_in(template_text).empty() &&
      !name.starts_with(prefix)) {
    planner.warn(path, at,
                 "naming rule: model_name " + name + " does not start with " + prefix + " (naming." + key +
                     ": " + template_text + ")");
  }
}

void check_suffix(Planner& planner, const std::string& name, const std::string& template_text,
                  const char* key, const std::string& path, Location at) {
  const std::string suffix = template_suffix(template_text);
  if (!name.empty() && !suffix.empty() && !to_lower(name).ends_with(to_lower(suffix))) {
    planner.warn(path, at,
                 "naming rule: " + name + " does not end with " + suffix + " (naming." + key + ": " +
                     template_text + ")");
  }
}

void check_satellite_overrides(Planner& planner, const Satellite& sat) {
  const Naming& naming = planner.naming();
  check_prefix(planner, sat.model_name,
               sat.change_tracking == ChangeTracking::effectivity ? naming.effectivity_satellite
                                                                  : naming.satellite,
               sat.change_tracking == ChangeTracking::effectivity ? "effectivity_satellite" : "satellite",
               sat.path + ".model_name", sat.at);
  check_suffix(planner, sat.hashdiff, naming.hashdiff, "hashdiff", sat.path + ".hashdiff", sat.at);
}

void check_overrides(Planner& planner) {
  const Naming& naming = planner.naming();
  for (const Entity& entity : planner.spec().entities) {
    if (entity.has_hub) {
      check_prefix(planner, entity.hub.model_name, naming.hub, "hub", entity.hub.path + ".model_name",
                   entity.hub.at);
      check_suffix(planner, entity.hub.hash_key, naming.hash_key, "hash_key", entity.hub.path + ".hash_key",
                   entity.hub.at);
    }
    for (const Satellite& sat : entity.satellites) {
      check_satellite_overrides(planner, sat);
    }
    for (const Link& link : entity.links) {
      check_prefix(planner, link.model_name, link.transactional() ? naming.transactional_link : naming.link,
                   link.transactional() ? "transactional_link" : "link", link.path + ".model_name", link.at);
      check_suffix(planner, link.hash_key, naming.hash_key, "hash_key", link.path + ".hash_key", link.at);
      for (const Satellite& sat : link.satellites) {
        check_satellite_overrides(planner, sat);
      }
    }
  }
}

void check_identifier(Planner& planner, const std::string& name, const std::string& what,
                      const std::string& path) {
  if (name.empty()) {
    return;
  }
  if (!is_identifier(name)) {
    planner.error(
        path, {},
        "naming rule: " + what + " '" + name +
            "' is not an identifier (letters, digits and _; check the naming template or override)");
    return;
  }
  if (to_lower(planner.spec().settings.platform) == "postgres" && name.size() > k_postgres_identifier_limit) {
    planner.warn(path, {},
                 "naming rule: " + what + " " + name + " is " + std::to_string(name.size()) +
                     " characters; Postgres cuts identifiers at 63");
  }
}

void check_identifiers(Planner& planner) {
  const Plan& plan = planner.plan();
  for (const StageModel& stage : plan.stages) {
    check_identifier(planner, stage.model, "model name", stage.spec_path);
  }
  for (const HubModel& hub : plan.hubs) {
    check_identifier(planner, hub.model, "model name", hub.spec_path);
    check_identifier(planner, hub.hash_key, "hash key", hub.spec_path);
  }
  for (const LinkModel& link : plan.links) {
    check_identifier(planner, link.model, "model name", link.spec_path);
    check_identifier(planner, link.hash_key, "hash key", link.spec_path);
    for (const ForeignKey& key : link.foreign_keys) {
      check_identifier(planner, key.column, "foreign key column", link.spec_path);
    }
  }
  for (const SatelliteModel& sat : plan.satellites) {
    check_identifier(planner, sat.model, "model name", sat.spec_path);
    if (!sat.effectivity) {
      check_identifier(planner, sat.hashdiff, "hashdiff", sat.spec_path);
    }
  }
}

void check_payload_clashes(Planner& planner) {
  const Plan& plan = planner.plan();
  for (const SatelliteModel& sat : plan.satellites) {
    for (const std::string& column : sat.payload) {
      if (planner.computes(sat.stage, column)) {
        planner.error(
            sat.spec_path, {},
            "attribute " + column + " has the name of a column " + sat.stage +
                " computes (a hash key, hashdiff or load metadata); rename the column Steward makes "
                "(naming.*, hash_key:, hashdiff:)");
      }
    }
  }
  for (const LinkModel& link : plan.links) {
    for (const std::string& stage : link.stages) {
      for (const std::string& column : link.payload) {
        if (planner.computes(stage, column)) {
          std::string message = "payload column ";
          message += column;
          message += " has the name of a column ";
          message += stage;
          message += " computes";
          planner.error(link.spec_path, {}, std::move(message));
        }
      }
    }
  }
}

} // namespace

void plan_checks(Planner& planner) {
  check_overrides(planner);
  check_identifiers(planner);
  check_payload_clashes(planner);
  for (const SourceInfo& info : planner.sources()) {
    if (!info.used) {
      planner.warn(info.path, info.at, "source " + info.name + " is mapped but loads nothing");
    }
  }
}

} // namespace steward::datavault::detail

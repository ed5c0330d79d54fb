#pragma once

// Internal to core/datavault: the planner's working state, shared by the
// plan_*.cpp steps (settings, sources, hubs, links, satellites, checks).

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/datavault/naming.hpp"
#include "core/datavault/plan.hpp"

namespace steward::datavault::detail {

/// A source's physical side, merged from every entity that maps it.
struct SourceInfo {
  std::string name;
  std::string schema;
  std::string table;
  std::string model;
  std::string record_source;
  std::string load_date;
  std::string effective_from;
  std::string path; ///< the first mapping
  Location at{};
  bool used = false;
};

/// A source column a model needs, for the project check.
struct NeededColumn {
  std::string column;
  std::string path;
  Location at{};
};

/// Who defined a stage column, so a collision names both.
struct StageColumnOwner {
  std::string definition;
  std::string who;
};

class Planner {
public:
  Planner(const Spec& spec, const dbt::Project* project) : m_spec(spec), m_project(project) {}

  const Spec& spec() const { return m_spec; }
  const dbt::Project* project() const { return m_project; }
  const Naming& naming() const { return m_spec.settings.naming; }
  Plan& plan() { return m_out.plan; }
  Planned take();

  void error(const std::string& path, Location at, std::string message);
  void warn(const std::string& path, Location at, std::string message);
  void decide(std::string decision) { m_out.plan.decisions.push_back(std::move(decision)); }

  /// `name` in the configured identifier case.
  std::string column(std::string_view name) const;
  std::vector<std::string> columns(const std::vector<std::string>& names) const;

  // Lookups.
  const Entity* entity(const std::string& name) const;
  const SourceMapping* mapping(const Entity& entity, const std::string& source) const;
  SourceInfo* source(const std::string& name);
  std::vector<std::string> source_names() const;
  std::vector<SourceInfo>& sources() { return m_sources; }
  /// The hub model of `entity`, once planned.
  const HubModel* hub(const std::string& entity) const;
  const LinkModel* link(const std::string& name) const;

  /// "did you mean" suffix for `name` among `candidates` ("" when none is close).
  static std::string did_you_mean(const std::string& name, const std::vector<std::string>& candidates);

  /// The staging model of `source`, created on first use.
  StageModel& stage(const std::string& source);
  /// Adds a hashed/derived column to `stage` unless the same definition is
  /// there; a different definition under the same name is an error.
  void add_hashed(StageModel& stage, HashedColumn column, const std::string& who, const std::string& path,
                  Location at);
  void add_derived(StageModel& stage, DerivedColumn column, const std::string& who, const std::string& path,
                   Location at);
  /// Columns the stage of `source` computes (hashed and derived), cased.
  bool computes(const std::string& stage_model, const std::string& column) const;

  /// Adds the hub business key columns (aliased when the source calls them
  /// differently) and the hub hash key of `entity` to the stage of `source`.
  /// False (with an error at `path`) when the entity does not map `source`.
  bool stage_hub_key(const Entity& entity, const std::string& source, const std::string& path, Location at);

  void need_column(const std::string& source, std::string column, const std::string& path, Location at);
  const std::map<std::string, std::vector<NeededColumn>>& needed_columns() const { return m_needed; }

  /// Records a model name for the duplicate check.
  void name_model(const std::string& model, const std::string& path, Location at);

private:
  const Spec& m_spec;
  const dbt::Project* m_project;
  Planned m_out;
  std::vector<SourceInfo> m_sources;
  std::map<std::string, std::map<std::string, StageColumnOwner>> m_stage_columns;
  std::map<std::string, std::vector<NeededColumn>> m_needed;
  std::map<std::string, std::pair<std::string, Location>> m_models;
};

// The planning steps, in the order `plan` runs them.
void plan_settings(Planner& planner);
void plan_sources(Planner& planner);
void plan_hubs(Planner& planner);
void plan_links(Planner& planner);
void plan_satellites(Planner& planner);
void plan_checks(Planner& planner);
void plan_project(Planner& planner);

/// The sources a hub loads from: `hub.sources`, else every source the
/// entity maps.
std::vector<std::string> hub_sources(const Entity& entity);

} // namespace steward::datavault::detail

// The planner's shared state and the order of the planning steps.
#include "core/datavault/plan.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "core/datavault/plan_detail.hpp"
#include "core/util/text.hpp"

namespace steward::datavault {
namespace detail {

Planned Planner::take() {
  // Errors first, each kind in the order found; a message reported twice once.
  std::set<std::tuple<Severity, std::string, std::string>> seen;
  std::vector<Diagnostic> unique;
  for (Diagnostic& diagnostic : m_out.diagnostics) {
    if (seen.insert({diagnostic.severity, diagnostic.path, diagnostic.message}).second) {
      unique.push_back(std::move(diagnostic));
    }
  }
  std::stable_partition(unique.begin(), unique.end(),
                        [](const Diagnostic& diagnostic) { return diagnostic.severity == Severity::error; });
  m_out.diagnostics = std::move(unique);
  return std::move(m_out);
}

void Planner::error(const std::string& path, Location at, std::string message) {
  m_out.diagnostics.push_back({Severity::error, path, std::move(message), at});
}

void Planner::warn(const std::string& path, Location at, std::string message) {
  m_out.diagnostics.push_back({Severity::warning, path, std::move(message), at});
}

std::string Planner::column(std::string_view name) const {
  return apply_case(name, naming().identifier_case);
}

std::vector<std::string> Planner::columns(const std::vector<std::string>& names) const {
  std::vector<std::string> out;
  out.reserve(names.size());
  for (const std::string& name : names) {
    out.push_back(column(name));
  }
  return out;
}

const Entity* Planner::entity(const std::string& name) const {
  for (const Entity& entity : m_spec.entities) {
    if (entity.name == name) {
      return &entity;
    }
  }
  return nullptr;
}

const SourceMapping* Planner::mapping(const Entity& entity, const std::string& source) const {
  for (const SourceMapping& mapping : entity.source_mappings) {
    if (mapping.source == source) {
      return &mapping;
    }
  }
  return nullptr;
}

SourceInfo* Planner::source(const std::string& name) {
  for (SourceInfo& info : m_sources) {
    if (info.name == name) {
      return &info;
    }
  }
  return nullptr;
}

std::vector<std::string> Planner::source_names() const {
  std::vector<std::string> out;
  out.reserve(m_sources.size());
  for (const SourceInfo& info : m_sources) {
    out.push_back(info.name);
  }
  return out;
}

const HubModel* Planner::hub(const std::string& entity) const {
  for (const HubModel& hub : m_out.plan.hubs) {
    if (hub.entity == entity) {
      return &hub;
    }
  }
  return nullptr;
}

const LinkModel* Planner::link(const std::string& name) const {
  for (const LinkModel& link : m_out.plan.links) {
    if (link.name == name) {
      return &link;
    }
  }
  return nullptr;
}

std::string Planner::did_you_mean(const std::string& name, const std::vector<std::string>& candidates) {
  const std::vector<std::string_view> views(candidates.begin(), candidates.end());
  auto near = closest(name, views, 1);
  return near.empty() ? std::string() : "; did you mean " + near.front() + "?";
}

void Planner::need_column(const std::string& source, std::string column, const std::string& path,
                          Location at) {
  m_needed[source].push_back({std::move(column), path, at});
}

void Planner::name_model(const std::string& model, const std::string& path, Location at) {
  auto [it, added] = m_models.emplace(model, std::make_pair(path, at));
  if (!added && it->second.first != path) {
    error(path, at, "model name " + model + " is generated twice (also for " + it->second.first + ")");
  }
}

} // namespace detail

Planned plan(const Spec& spec, const dbt::Project* project) {
  detail::Planner planner(spec, project);
  if (spec.entities.empty()) {
    planner.error("entities", {}, "the spec defines no entity");
  }
  detail::plan_settings(planner);
  detail::plan_sources(planner);
  detail::plan_hubs(planner);
  detail::plan_links(planner);
  detail::plan_satellites(planner);
  detail::plan_checks(planner);
  if (project != nullptr) {
    detail::plan_project(planner);
  }
  return planner.take();
}

std::vector<Diagnostic> validate(const Spec& spec, const dbt::Project* project) {
  return plan(spec, project).diagnostics;
}

} // namespace steward::datavault

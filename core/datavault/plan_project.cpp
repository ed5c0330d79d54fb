// Checks against a loaded dbt project: the mapped sources and models exist,
// their documented columns include what the vault reads, and no generated
// model takes the name of an existing one.
#include "core/datavault/plan_detail.hpp"
#include "core/dbt/project.hpp"
#include "core/util/text.hpp"

namespace steward::datavault::detail {
namespace {

const dbt::Node* find_model(const dbt::Project& project, const std::string& name) {
  for (dbt::NodeId id : project.named(name)) {
    if (dbt::is_relation(project.node(id).type)) {
      return &project.node(id);
    }
  }
  return nullptr;
}

const dbt::Node* find_source(const dbt::Project& project, const std::string& source_name,
                             const std::string& table, bool by_schema) {
  for (const dbt::Node& node : project.nodes()) {
    if (node.type != dbt::ResourceType::source || node.name != table) {
      continue;
    }
    if ((by_schema ? node.schema : node.source_name) == source_name) {
      return &node;
    }
  }
  return nullptr;
}

std::vector<std::string> candidates(const dbt::Project& project, bool sources) {
  std::vector<std::string> out;
  for (const dbt::Node& node : project.nodes()) {
    if (sources && node.type == dbt::ResourceType::source) {
      out.push_back(std::string(node.source_name) + "." + std::string(node.name));
    } else if (!sources && dbt::is_relation(node.type)) {
      out.emplace_back(node.name);
    }
  }
  return out;
}

const dbt::Node* check_source(Planner& planner, const dbt::Project& project, const SourceInfo& info) {
  if (!info.model.empty()) {
    const dbt::Node* node = find_model(project, info.model);
    if (node == nullptr) {
      planner.error(info.path + ".model", info.at,
                    "model " + info.model + " is not in the project" +
                        Planner::did_you_mean(info.model, candidates(project, false)));
    }
    return node;
  }
  if (info.schema.empty() || info.table.empty()) {
    return nullptr;
  }
  if (const dbt::Node* node = find_source(project, info.schema, info.table, false)) {
    return node;
  }
  if (const dbt::Node* node = find_source(project, info.schema, info.table, true)) {
    planner.error(info.path + ".schema", info.at,
                  "the project has no source " + info.schema + "." + info.table + "; " + info.schema +
                      " is the schema of source " + std::string(node->source_name) +
                      ": write schema: " + std::string(node->source_name) + " (the dbt source name)");
    return nullptr;
  }
  const std::string wanted = info.schema + "." + info.table;
  planner.error(info.path, info.at,
                "source " + wanted + " is not in the project" +
                    Planner::did_you_mean(wanted, candidates(project, true)));
  return nullptr;
}

void check_columns(Planner& planner, const dbt::Node& node, const std::vector<NeededColumn>& needed) {
  if (node.columns.empty()) {
    return; // nothing documented: nothing to compare with
  }
  std::vector<std::string> names;
  for (const dbt::Column& column : node.columns) {
    names.emplace_back(column.name);
  }
  for (const NeededColumn& column : needed) {
    if (!is_identifier(column.column) || dbt::find_column(node, column.column) != nullptr) {
      continue; // an SQL expression, or documented
    }
    const std::string what = node.type == dbt::ResourceType::source
                                 ? "source " + std::string(node.source_name) + "." + std::string(node.name)
                                 : "model " + std::string(node.name);
    planner.warn(column.path, column.at,
                 "column " + column.column + " is not documented on " + what +
                     Planner::did_you_mean(column.column, names));
  }
}

void check_taken(Planner& planner, const dbt::Project& project, const std::string& model,
                 const std::string& path) {
  if (const dbt::Node* node = find_model(project, model)) {
    planner.warn(path, {},
                 "the project has a model named " + model + " already (" + std::string(node->path) +
                     "); dbt refuses two models with one name unless that file is the one generated here");
  }
}

} // namespace

void plan_project(Planner& planner) {
  const dbt::Project& project = *planner.project();
  for (const SourceInfo& info : planner.sources()) {
    const dbt::Node* node = check_source(planner, project, info);
    if (node == nullptr) {
      continue;
    }
    auto needed = planner.needed_columns().find(info.name);
    if (needed != planner.needed_columns().end()) {
      check_columns(planner, *node, needed->second);
    }
  }
  const Plan& plan = planner.plan();
  for (const StageModel& stage : plan.stages) {
    check_taken(planner, project, stage.model, stage.spec_path);
  }
  for (const HubModel& hub : plan.hubs) {
    check_taken(planner, project, hub.model, hub.spec_path);
  }
  for (const LinkModel& link : plan.links) {
    check_taken(planner, project, link.model, link.spec_path);
  }
  for (const SatelliteModel& sat : plan.satellites) {
    check_taken(planner, project, sat.model, sat.spec_path);
  }
}

} // namespace steward::datavault::detail

#include "core/sql/query.hpp"

#include <utility>

#include "core/sql/project_policy.hpp"

namespace steward::sql {

Policy query_policy(const dbt::Project& project, const SqlSettings& settings) {
  Policy policy;
  policy.relations = settings.relations;
  policy.schemas = settings.schemas;
  policy.extra_functions = settings.functions;
  return with_project_relations(std::move(policy), project);
}

std::string QueryFailure::to_string() const {
  if (!rejection) {
    return error.to_string();
  }
  std::string text = "rejected: " + std::string(reason_name(rejection->reason)) + ": " + rejection->message;
  if (rejection->position > 0) {
    text += " (at character " + std::to_string(rejection->position) + ")";
  }
  return text;
}

tl::expected<Checked, QueryFailure> check_query(std::string_view sql, const dbt::Project& project,
                                                const SqlSettings& settings) {
  Checked checked;
  if (auto rejected = check(sql, query_policy(project, settings), &checked)) {
    return tl::unexpected(QueryFailure{std::move(*rejected), {}});
  }
  return checked;
}

QueryOutcome run_query(std::string_view sql, const dbt::Project& project, const SqlSettings& settings,
                       warehouse::Warehouse& warehouse, std::stop_token stop) {
  auto checked = check_query(sql, project, settings);
  if (!checked) {
    return tl::unexpected(std::move(checked.error()));
  }
  QueryRun run;
  run.checked = std::move(*checked);
  run.sent = wrap_with_limit(run.checked, settings.limits.max_rows + 1);
  auto table = warehouse.query(run.sent, settings.limits, std::move(stop));
  if (!table) {
    return tl::unexpected(QueryFailure{std::nullopt, std::move(table.error())});
  }
  run.table = std::move(*table);
  run.pii = find_pii(run.checked, pii_catalog(project, settings.markers), run.table.columns);
  run.pii_action = settings.pii_action;
  apply_pii(run.table, run.pii, settings.pii_action, settings.hasher);
  run.quality = quality_warnings(project, run.checked.relations);
  return run;
}

} // namespace steward::sql

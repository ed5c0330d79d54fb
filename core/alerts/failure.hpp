#pragma once

// What failed in a run, joined with the project: the failing test or model,
// the model and column it is about, the test's parameters, who owns it and
// where its alert goes. Routing and people follow Elementary's `meta` keys
// (`channel`, `owner`, `subscribers`, `alert_suppression_interval`,
// `description`, directly in `meta` or under `meta.alerts_config`), test
// before model, so projects set up for Elementary work unchanged.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/alerts/run.hpp"
#include "core/dbt/project.hpp"

namespace steward::alerts {

enum class FailureKind { test, model, freshness };

struct Failure {
  FailureKind kind = FailureKind::test;
  NodeOutcome outcome;       ///< the node's outcome in the run
  std::string name;          ///< the failing node's name (`not_null_orders_id`, `fct_orders`)
  std::string test_name;     ///< `not_null`, `dbt_utils.expression_is_true`; empty for models
  std::string model;         ///< the model (or source) it is about: unique id
  std::string model_name;    ///< its name (`orders`, `jaffle.orders` for a source table)
  std::string relation;      ///< the relation of `model` (`analytics.orders`)
  std::string column;        ///< empty when not about one column
  std::string test_params;   ///< the test's arguments as JSON, without `model`/`column_name`
  std::string compiled_code; ///< from the run, else from the manifest
  std::string path;          ///< the failing node's file
  std::vector<std::string> tags;
  std::string description; ///< meta `description`, else the test's or model's description
  bool known = true;       ///< false: the node is not in the loaded project
};

/// Where a failure's alert goes and whom it names.
struct Route {
  std::string channel;                  ///< meta `channel` (without `#`), else the default
  std::vector<std::string> owners;      ///< as written: emails, `@handles`, `U…` ids, `S…` user groups
  std::vector<std::string> subscribers; ///< as written
  std::optional<std::chrono::seconds> suppression; ///< meta `alert_suppression_interval` (hours)
};

/// The failures in `run` whose status is one of `statuses` (e.g. fail,
/// error; freshness runs: warn, error, runtime error count as `error`),
/// in run order. Nodes missing from `project` still give a failure
/// (`known = false`) with what the run says.
std::vector<Failure> failures_of(const Run& run, const dbt::Project& project,
                                 const std::vector<std::string>& statuses);

/// The route of `failure`: each key from the failing node's meta, else its
/// model's (or source's), else `default_channel` / none. Owners also come
/// from the model's dbt `owner` (group or meta owner) when meta names none.
Route route_of(const Failure& failure, const dbt::Project& project, const std::string& default_channel);

/// The incident fingerprint of a failing node: its unique id.
std::string fingerprint_of(const Failure& failure);

} // namespace steward::alerts

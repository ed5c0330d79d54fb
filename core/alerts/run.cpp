#include "core/alerts/run.hpp"

#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "core/dbt/artifacts.hpp"

namespace steward::alerts {
namespace {

/// The `dbt_schema_version` URL's kind: `run-results`, `sources` or empty.
std::string_view schema_kind(std::string_view text) {
  const std::size_t key = text.find("\"dbt_schema_version\"");
  if (key == std::string_view::npos) {
    return {};
  }
  const std::string_view rest = text.substr(key, 200);
  if (rest.find("/run-results/") != std::string_view::npos) {
    return "run-results";
  }
  if (rest.find("/sources/") != std::string_view::npos) {
    return "sources";
  }
  return {};
}

std::string age_text(double seconds) {
  const double hours = seconds / 3600.0;
  if (hours >= 48) {
    return std::to_string(static_cast<long long>(std::round(hours / 24))) + " days";
  }
  if (hours >= 1) {
    return std::to_string(static_cast<long long>(std::round(hours))) + " h";
  }
  return std::to_string(static_cast<long long>(std::round(seconds / 60))) + " min";
}

NodeOutcome freshness_outcome(const dbt::FreshnessResult& result) {
  NodeOutcome out;
  out.node = std::string(result.unique_id);
  out.status = std::string(result.status);
  if (!result.error.empty()) {
    out.message = std::string(result.error);
  } else if (result.age_seconds) {
    out.message = "last loaded " + age_text(*result.age_seconds) + " ago";
    if (!result.max_loaded_at.empty()) {
      out.message += " (max_loaded_at " + std::string(result.max_loaded_at) + ")";
    }
  }
  return out;
}

Result<Run> freshness_run(std::string_view text, std::string_view label) {
  dbt::ProjectBuilder builder;
  auto parsed = dbt::parse_sources(dbt::JsonText(text), label, builder);
  if (!parsed) {
    return tl::unexpected(parsed.error());
  }
  const dbt::Project project = std::move(builder).finish();
  const dbt::FreshnessResults& results = *project.freshness();
  Run run;
  run.kind = RunKind::freshness;
  run.invocation_id = std::string(results.invocation_id);
  run.generated_at = std::string(results.generated_at);
  run.dbt_version = std::string(results.dbt_version);
  run.command = "source freshness";
  for (const dbt::FreshnessResult& result : results.results) {
    run.outcomes.push_back(freshness_outcome(result));
  }
  return run;
}

Result<Run> results_run(std::string_view text, std::string_view label) {
  dbt::ProjectBuilder builder;
  auto parsed = dbt::parse_run_results(dbt::JsonText(text), label, builder);
  if (!parsed) {
    return tl::unexpected(parsed.error());
  }
  const dbt::Project project = std::move(builder).finish();
  const dbt::RunResults& results = *project.run_results();
  Run run;
  run.invocation_id = std::string(results.invocation_id);
  run.generated_at = std::string(results.generated_at);
  run.dbt_version = std::string(results.dbt_version);
  run.command = std::string(results.command);
  for (const dbt::RunResult& result : results.results) {
    run.outcomes.push_back(NodeOutcome{std::string(result.unique_id), std::string(result.status),
                                       std::string(result.message), result.failures,
                                       std::string(result.compiled_code), std::string(result.relation_name),
                                       result.execution_time});
  }
  return run;
}

} // namespace

bool passed(std::string_view status) {
  return status == "success" || status == "pass";
}

std::string Run::summary_json() const {
  nlohmann::json counts = nlohmann::json::object();
  nlohmann::json problems = nlohmann::json::array();
  for (const NodeOutcome& outcome : outcomes) {
    counts[outcome.status] = counts.value(outcome.status, 0) + 1;
    if (!passed(outcome.status) && outcome.status != "skipped") {
      problems.push_back(outcome.node);
    }
  }
  nlohmann::json out = {{"invocation_id", invocation_id},
                        {"generated_at", generated_at},
                        {"command", command},
                        {"counts", counts},
                        {"problems", problems}};
  return out.dump();
}

Result<Run> parse_run(std::string_view text, std::string_view label) {
  const std::string_view kind = schema_kind(text);
  Result<Run> run = kind == "sources" ? freshness_run(text, label) : results_run(text, label);
  if (!run) {
    return run;
  }
  if (kind.empty() && run->outcomes.empty()) {
    return fail(std::string(label), "not a dbt run_results.json or sources.json");
  }
  if (run->invocation_id.empty()) {
    return fail(std::string(label), "no metadata.invocation_id (needs dbt 0.19 or later)");
  }
  return run;
}

} // namespace steward::alerts

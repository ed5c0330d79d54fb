// An alert's details JSON (kept in the incident).
#include "core/alerts/alert.hpp"

#include <nlohmann/json.hpp>

namespace steward::alerts {
namespace {

using nlohmann::json;

std::string_view kind_name(FailureKind kind) {
  switch (kind) {
  case FailureKind::test: return "test";
  case FailureKind::model: return "model";
  case FailureKind::freshness: return "freshness";
  }
  return "test";
}

FailureKind kind_from(std::string_view name) {
  if (name == "model") {
    return FailureKind::model;
  }
  return name == "freshness" ? FailureKind::freshness : FailureKind::test;
}

json outcome_json(const NodeOutcome& outcome) {
  json out = {{"node", outcome.node},         {"status", outcome.status},
              {"message", outcome.message},   {"compiled_code", outcome.compiled_code},
              {"relation", outcome.relation}, {"execution_time", outcome.execution_time}};
  if (outcome.failures) {
    out["failures"] = *outcome.failures;
  }
  return out;
}

NodeOutcome outcome_from(const json& in) {
  NodeOutcome out;
  out.node = in.value("node", "");
  out.status = in.value("status", "");
  out.message = in.value("message", "");
  out.compiled_code = in.value("compiled_code", "");
  out.relation = in.value("relation", "");
  out.execution_time = in.value("execution_time", 0.0);
  if (in.contains("failures") && in["failures"].is_number_integer()) {
    out.failures = in["failures"].get<long long>();
  }
  return out;
}

json failure_json(const Failure& f) {
  return {{"kind", kind_name(f.kind)},
          {"outcome", outcome_json(f.outcome)},
          {"name", f.name},
          {"test_name", f.test_name},
          {"model", f.model},
          {"model_name", f.model_name},
          {"relation", f.relation},
          {"column", f.column},
          {"test_params", f.test_params},
          {"compiled_code", f.compiled_code},
          {"path", f.path},
          {"tags", f.tags},
          {"description", f.description},
          {"known", f.known}};
}

Failure failure_from(const json& in) {
  Failure f;
  f.kind = kind_from(in.value("kind", "test"));
  f.outcome = outcome_from(in.value("outcome", json::object()));
  f.name = in.value("name", "");
  f.test_name = in.value("test_name", "");
  f.model = in.value("model", "");
  f.model_name = in.value("model_name", "");
  f.relation = in.value("relation", "");
  f.column = in.value("column", "");
  f.test_params = in.value("test_params", "");
  f.compiled_code = in.value("compiled_code", "");
  f.path = in.value("path", "");
  f.tags = in.value("tags", std::vector<std::string>{});
  f.description = in.value("description", "");
  f.known = in.value("known", true);
  return f;
}

} // namespace

std::string to_details(const Alert& alert) {
  json route = {{"channel", alert.route.channel},
                {"owners", alert.route.owners},
                {"subscribers", alert.route.subscribers}};
  if (alert.route.suppression) {
    route["suppression_seconds"] = alert.route.suppression->count();
  }
  json out = {{"failure", failure_json(alert.failure)},
              {"route", route},
              {"owners", alert.owners},
              {"subscribers", alert.subscribers},
              {"downstream", alert.downstream},
              {"impact", alert.impact},
              {"sample", alert.sample},
              {"sample_note", alert.sample_note},
              {"sample_values", alert.sample_values},
              {"run_id", alert.run_id},
              {"generated_at", alert.generated_at}};
  return out.dump();
}

Result<Alert> alert_from_details(std::string_view details) {
  const json in = json::parse(details, nullptr, false);
  if (!in.is_object() || !in.contains("failure") || !in["failure"].is_object()) {
    return fail("incident", "details are not an alert (no failure object)");
  }
  try {
    Alert alert;
    alert.failure = failure_from(in["failure"]);
    const json route = in.value("route", json::object());
    alert.route.channel = route.value("channel", "");
    alert.route.owners = route.value("owners", std::vector<std::string>{});
    alert.route.subscribers = route.value("subscribers", std::vector<std::string>{});
    if (route.contains("suppression_seconds") && route["suppression_seconds"].is_number_integer()) {
      alert.route.suppression = std::chrono::seconds(route["suppression_seconds"].get<long long>());
    }
    alert.owners = in.value("owners", std::vector<std::string>{});
    alert.subscribers = in.value("subscribers", std::vector<std::string>{});
    alert.downstream = in.value("downstream", std::vector<std::string>{});
    alert.impact = in.value("impact", "");
    alert.sample = in.value("sample", "");
    alert.sample_note = in.value("sample_note", "");
    alert.sample_values = in.value("sample_values", std::vector<std::string>{});
    alert.run_id = in.value("run_id", "");
    alert.generated_at = in.value("generated_at", "");
    return alert;
  } catch (const json::exception& e) {
    return fail("incident", std::string("details are not an alert (") + e.what() + ")");
  }
}

} // namespace steward::alerts

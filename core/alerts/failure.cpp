#include "core/alerts/failure.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace steward::alerts {
namespace {

bool wanted(const std::string& status, const std::vector<std::string>& statuses) {
  // Freshness and some adapters say `runtime error`; it is an error.
  const std::string normal = status == "runtime error" ? "error" : status;
  return std::find(statuses.begin(), statuses.end(), normal) != statuses.end();
}

bool is_test(const dbt::Node& node) {
  return node.type == dbt::ResourceType::test || node.type == dbt::ResourceType::unit_test;
}

/// The model (or source, seed, snapshot) a test is about.
const dbt::Node* subject_of(const dbt::Node& test, const dbt::Project& project) {
  if (!test.attached_node.empty()) {
    if (auto id = project.find(test.attached_node)) {
      return &project.node(*id);
    }
  }
  for (std::string_view parent : test.depends_on) {
    if (auto id = project.find(parent)) {
      return &project.node(*id);
    }
  }
  return nullptr;
}

std::string display_name(const dbt::Node& node) {
  if (node.type == dbt::ResourceType::source && !node.source_name.empty()) {
    return std::string(node.source_name) + "." + std::string(node.name);
  }
  return std::string(node.name);
}

std::string test_params(const dbt::Node& test) {
  if (test.test_kwargs_json.empty()) {
    return {};
  }
  nlohmann::json kwargs = nlohmann::json::parse(test.test_kwargs_json, nullptr, false);
  if (!kwargs.is_object()) {
    return {};
  }
  kwargs.erase("model");
  kwargs.erase("column_name");
  return kwargs.empty() ? std::string() : kwargs.dump();
}

std::string test_display_name(const dbt::Node& test) {
  if (test.test_name.empty()) {
    return {};
  }
  if (test.test_namespace.empty()) {
    return std::string(test.test_name);
  }
  return std::string(test.test_namespace) + "." + std::string(test.test_name);
}

Failure from_node(const NodeOutcome& outcome, const dbt::Node& node, const dbt::Project& project) {
  Failure out;
  out.outcome = outcome;
  out.name = display_name(node);
  out.path = std::string(node.path);
  out.tags.assign(node.tags.begin(), node.tags.end());
  out.description = std::string(node.description);
  out.compiled_code = outcome.compiled_code.empty() ? std::string(node.compiled_code) : outcome.compiled_code;
  const dbt::Node* subject = &node;
  if (is_test(node)) {
    out.kind = FailureKind::test;
    out.test_name = test_display_name(node);
    out.column = std::string(node.column_name);
    out.test_params = test_params(node);
    subject = subject_of(node, project);
  } else {
    out.kind = node.type == dbt::ResourceType::source ? FailureKind::freshness : FailureKind::model;
  }
  if (subject != nullptr) {
    out.model = std::string(subject->unique_id);
    out.model_name = display_name(*subject);
    out.relation = dbt::relation_of(*subject);
  }
  return out;
}

Failure unknown_node(const NodeOutcome& outcome) {
  Failure out;
  out.outcome = outcome;
  out.known = false;
  const std::string& id = outcome.node;
  out.kind = id.rfind("test.", 0) == 0     ? FailureKind::test
             : id.rfind("source.", 0) == 0 ? FailureKind::freshness
                                           : FailureKind::model;
  const std::size_t dot = id.rfind('.');
  out.name = dot == std::string::npos ? id : id.substr(dot + 1);
  out.relation = outcome.relation;
  out.compiled_code = outcome.compiled_code;
  return out;
}

} // namespace

std::vector<Failure> failures_of(const Run& run, const dbt::Project& project,
                                 const std::vector<std::string>& statuses) {
  std::vector<Failure> out;
  for (const NodeOutcome& outcome : run.outcomes) {
    if (!wanted(outcome.status, statuses)) {
      continue;
    }
    if (auto id = project.find(outcome.node)) {
      out.push_back(from_node(outcome, project.node(*id), project));
    } else {
      out.push_back(unknown_node(outcome));
    }
  }
  return out;
}

std::string fingerprint_of(const Failure& failure) {
  return failure.outcome.node;
}

} // namespace steward::alerts

// list_failures: the problems of the latest loaded run_results.json.

#include <algorithm>
#include <map>

#include "core/agent/project_tools_detail.hpp"

namespace steward::agent::detail {
namespace {

constexpr std::size_t k_max_failures = 30;
constexpr std::size_t k_message_bytes = 500;

/// Worst first: errors, failed tests, warnings, then skipped nodes.
int severity(std::string_view status) {
  if (status == "error" || status == "runtime error") {
    return 0;
  }
  if (status == "fail") {
    return 1;
  }
  return status == "warn" ? 2 : 3;
}

/// The resource type named by a unique_id's first part (`test.`, `model.`).
std::string_view type_from_id(std::string_view unique_id) {
  return unique_id.substr(0, unique_id.find('.'));
}

/// The node a test checks: its `attached_node`, else the first node it depends on.
std::string_view attached_to(const dbt::Node& node) {
  if (!dbt::is_test(node.type)) {
    return {};
  }
  if (!node.attached_node.empty()) {
    return node.attached_node;
  }
  return node.depends_on.empty() ? std::string_view() : node.depends_on.front();
}

json failure_json(const dbt::Project& project, const dbt::RunResult& result) {
  auto id = project.find(result.unique_id);
  std::string_view id_text = result.unique_id;
  std::string name = id ? name_of(project.node(*id)) : std::string(id_text.substr(id_text.rfind('.') + 1));
  bool truncated = false;
  json item = {{"unique_id", result.unique_id},
               {"name", name},
               {"resource_type", id ? dbt::to_string(project.node(*id).type) : type_from_id(id_text)},
               {"status", result.status},
               {"message", text_or_null(clip(result.message, k_message_bytes, truncated))},
               {"failures", result.failures ? json(*result.failures) : json(nullptr)}};
  if (std::string_view target = id ? attached_to(project.node(*id)) : std::string_view(); !target.empty()) {
    item["attached_to"] = target;
  }
  if (truncated) {
    item["truncated"] = true;
  }
  return item;
}

ToolResult list_failures(const json& arguments, const ToolEnv& env) {
  const dbt::Project& project = env.snapshot->project;
  if (!project.run_results()) {
    return failure("no run_results.json loaded, so there is nothing to report: dbt writes it to target/ "
                   "on `dbt build`, `dbt run` or `dbt test`, and Steward reads it from the project's "
                   "target/ folder (or next to the manifest)");
  }
  std::vector<std::string> wanted{"fail", "error", "warn"};
  if (auto it = arguments.find("statuses"); it != arguments.end() && it->is_array() && !it->empty()) {
    wanted = it->get<std::vector<std::string>>();
  }
  const dbt::RunResults& run = *project.run_results();
  std::map<std::string, std::size_t> counts;
  std::vector<const dbt::RunResult*> matched;
  for (const auto& result : run.results) {
    ++counts[std::string(result.status)];
    if (std::find(wanted.begin(), wanted.end(), result.status) != wanted.end()) {
      matched.push_back(&result);
    }
  }
  std::stable_sort(matched.begin(), matched.end(), [](const dbt::RunResult* a, const dbt::RunResult* b) {
    return severity(a->status) < severity(b->status);
  });
  json failures = json::array();
  std::vector<std::string> cited;
  for (std::size_t i = 0; i < matched.size() && i < k_max_failures; ++i) {
    failures.push_back(failure_json(project, *matched[i]));
    if (project.find(matched[i]->unique_id)) {
      cited.emplace_back(matched[i]->unique_id);
    }
  }
  json body = {{"invocation_id", text_or_null(run.invocation_id)},
               {"generated_at", text_or_null(run.generated_at)},
               {"command", text_or_null(run.command)},
               {"failures", std::move(failures)},
               {"counts", counts}};
  note_omitted(body, matched.size() - body["failures"].size());
  return success(body, std::move(cited));
}

} // namespace

Tool list_failures_tool() {
  return Tool{
      "list_failures",
      "What went wrong in the latest dbt run (from run_results.json): failed, errored and warned models, "
      "tests and other nodes, worst first, with dbt's message, the number of failing rows for tests, and "
      "for a test the node it checks (`attached_to`). `counts` has every status in the run. Use it for "
      "\"what failed last night\" and \"why is X broken\".",
      json::parse(R"({
        "type": "object",
        "properties": {
          "statuses": {"type": "array", "maxItems": 5,
                       "items": {"type": "string", "enum": ["fail", "error", "warn", "runtime error", "skipped"]},
                       "description": "Which statuses to list (default fail, error and warn); add skipped for nodes that did not run because something upstream failed."}
        },
        "additionalProperties": false
      })"),
      list_failures};
}

} // namespace steward::agent::detail

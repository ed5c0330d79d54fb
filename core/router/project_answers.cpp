#include <algorithm>
#include <array>
#include <optional>

#include "core/router/answers.hpp"
#include "core/router/format.hpp"

namespace steward::router::detail {
namespace {

using answer::Answer;
using answer::Context;
using answer::Fields;
using answer::Header;
using answer::ListBlock;
using answer::Paragraph;

constexpr std::size_t k_failures_cap = 15;
constexpr std::size_t k_message_bytes = 300;
constexpr std::size_t k_untested_cap = 10;

std::string test_item(const dbt::Project& project, const dbt::Node& test) {
  std::string item;
  if (test.type == dbt::ResourceType::unit_test) {
    item = code(test.name) + " (unit test)";
  } else if (test.test_name.empty()) {
    item = code(test.name) + " (singular test)";
  } else {
    std::string name = test.test_namespace.empty()
                           ? std::string(test.test_name)
                           : std::string(test.test_namespace) + "." + std::string(test.test_name);
    item = code(name) + (test.column_name.empty() ? " on the whole node" : " on " + code(test.column_name));
  }
  if (!test.severity.empty() && test.severity != "ERROR" && test.severity != "error") {
    item += ", severity " + std::string(test.severity);
  }
  if (const dbt::RunResult* result = project.run_result(test.unique_id)) {
    item += " — last run: **" + std::string(result->status) + "**";
    if (result->failures && *result->failures > 0) {
      item += " (" + plural(static_cast<std::size_t>(*result->failures), "failing row") + ")";
    }
  }
  return item;
}

/// Columns of `node` that no data test names, in column order.
std::vector<std::string_view> untested_columns(const dbt::Project& project, const dbt::Node& node,
                                               const std::vector<dbt::NodeId>& tests) {
  std::vector<std::string_view> out;
  for (const auto& column : node.columns) {
    bool tested = std::any_of(tests.begin(), tests.end(),
                              [&](dbt::NodeId id) { return project.node(id).column_name == column.name; });
    if (!tested) {
      out.push_back(column.name);
    }
  }
  return out;
}

/// Problems first by severity (error, fail, warn), then by unique id.
int severity_rank(std::string_view status) {
  if (status == "error" || status == "runtime error") {
    return 0;
  }
  return status == "fail" ? 1 : 2;
}

/// The node a test tests: its `attached_node`, else its one parent that is
/// not a test; none for other nodes or when that is unclear.
std::optional<dbt::NodeId> tested_node(const dbt::Project& project, dbt::NodeId test) {
  const dbt::Node& node = project.node(test);
  if (!dbt::is_test(node.type)) {
    return std::nullopt;
  }
  if (!node.attached_node.empty()) {
    return project.find(node.attached_node);
  }
  std::optional<dbt::NodeId> parent;
  for (dbt::NodeId id : project.graph().parents(test)) {
    if (dbt::is_test(project.node(id).type)) {
      continue;
    }
    if (parent) {
      return std::nullopt;
    }
    parent = id;
  }
  return parent;
}

/// One problem of the run with its message; cites the node and what it tests.
std::string failure_item(const dbt::Project& project, const dbt::RunResult& result, Routed& out) {
  auto id = project.find(result.unique_id);
  std::string item = "**" + std::string(result.status) + "** " +
                     (id ? node_item(project.node(*id), false) : code(result.unique_id));
  if (id) {
    cite(out, project.node(*id).unique_id);
    if (auto tested = tested_node(project, *id)) {
      const dbt::Node& target = project.node(*tested);
      std::string_view column = project.node(*id).column_name;
      item += " on " + code(display_name(target) + (column.empty() ? "" : "." + std::string(column)));
      cite(out, target.unique_id);
    }
  }
  item += " in " + seconds(result.execution_time);
  if (result.failures && *result.failures > 0) {
    item += ", " + plural(static_cast<std::size_t>(*result.failures), "failing row");
  }
  if (std::string message = squeezed(result.message, k_message_bytes); !message.empty()) {
    item += "\n" + message;
  }
  return item;
}

Routed no_run_results_answer() {
  Answer answer;
  answer.summary = "No run_results.json was loaded, so I can't tell what failed";
  answer.blocks.emplace_back(Header{"No run results"});
  answer.blocks.emplace_back(
      Paragraph{"No `run_results.json` was loaded with this project, so I can't tell what failed."});
  answer.blocks.emplace_back(ListBlock{{
      "Run `dbt build` (or `dbt run`, `dbt test`): dbt writes `target/run_results.json`.",
      "Point Steward's `project.path` at the dbt project folder (its `target/` is read) or at a "
      "`manifest.json` with `run_results.json` next to it.",
      "Reload the project (or wait for the next automatic reload) to pick the file up.",
  }});
  return routed(std::move(answer), "failures", nullptr);
}

void add_stale_sources(Routed& out, const dbt::Project& project) {
  Answer& answer = out.answer;
  if (!project.freshness()) {
    return;
  }
  ListBlock list;
  for (const auto& result : project.freshness()->results) {
    if (result.status == "pass" || list.items.size() >= k_failures_cap) {
      continue;
    }
    auto id = project.find(result.unique_id);
    std::string item = "**" + std::string(result.status) + "** " +
                       (id ? node_item(project.node(*id), false) : code(result.unique_id));
    item += result.max_loaded_at.empty() ? "" : ", last loaded " + std::string(result.max_loaded_at);
    list.items.push_back(std::move(item));
    if (id) {
      cite(out, project.node(*id).unique_id);
    }
  }
  if (!list.items.empty()) {
    answer.blocks.emplace_back(Paragraph{"**Source freshness problems**"});
    answer.blocks.emplace_back(std::move(list));
  }
}

struct Problems {
  std::vector<const dbt::RunResult*> list; ///< most severe first
  std::array<std::size_t, 3> counts{};     ///< errors, failures, warnings
  std::size_t skipped = 0;
  std::size_t considered = 0; ///< results looked at
};

/// The run's problems; with `about`, only those of that node and its tests.
Problems problems_of(const dbt::Project& project, const dbt::RunResults& run,
                     std::optional<dbt::NodeId> about) {
  std::vector<std::string_view> scope;
  if (about) {
    scope.push_back(project.node(*about).unique_id);
    for (dbt::NodeId test : project.tests_of(*about)) {
      scope.push_back(project.node(test).unique_id);
    }
  }
  Problems out;
  for (const auto& result : run.results) {
    if (about && std::find(scope.begin(), scope.end(), result.unique_id) == scope.end()) {
      continue;
    }
    ++out.considered;
    out.skipped += result.status == "skipped" ? 1 : 0;
    if (result.is_problem()) {
      out.list.push_back(&result);
    }
  }
  std::stable_sort(out.list.begin(), out.list.end(), [](const dbt::RunResult* a, const dbt::RunResult* b) {
    return severity_rank(a->status) < severity_rank(b->status);
  });
  for (const auto* problem : out.list) {
    ++out.counts.at(static_cast<std::size_t>(severity_rank(problem->status)));
  }
  return out;
}

} // namespace

Routed tests_answer(const Snapshot& snapshot, dbt::NodeId id) {
  const dbt::Project& project = snapshot.project;
  const dbt::Node& node = project.node(id);
  std::string name = display_name(node);
  std::vector<dbt::NodeId> tests = project.tests_of(id);
  Routed out = routed({}, "tests", &node);
  Answer& answer = out.answer;
  answer.blocks.emplace_back(Header{"Tests on " + name});
  if (tests.empty()) {
    answer.summary = name + " has no tests";
    answer.blocks.emplace_back(Paragraph{code(name) +
                                         " has no tests. Adding `unique` and `not_null` tests on its "
                                         "key in YAML is a good start."});
  } else {
    answer.summary = name + " has " + plural(tests.size(), "test");
    answer.blocks.emplace_back(Paragraph{code(name) + " has **" + plural(tests.size(), "test") + "**."});
    ListBlock list;
    for (std::size_t i = 0; i < tests.size() && i < k_list_cap; ++i) {
      list.items.push_back(test_item(project, project.node(tests[i])));
      cite(out, project.node(tests[i]).unique_id);
    }
    if (tests.size() > k_list_cap) {
      list.items.push_back(and_more(tests.size() - k_list_cap));
    }
    answer.blocks.emplace_back(std::move(list));
  }
  if (auto untested = untested_columns(project, node, tests); !untested.empty()) {
    std::string text;
    for (std::size_t i = 0; i < untested.size() && i < k_untested_cap; ++i) {
      text += (text.empty() ? "" : ", ") + code(untested[i]);
    }
    text += untested.size() > k_untested_cap
                ? " and " + std::to_string(untested.size() - k_untested_cap) + " more"
                : "";
    answer.blocks.emplace_back(Context{"Columns without tests: " + text});
  }
  answer.blocks.emplace_back(node_buttons(node, ""));
  return out;
}

Routed failures_answer(const Snapshot& snapshot, std::optional<dbt::NodeId> about) {
  const dbt::Project& project = snapshot.project;
  if (!project.run_results()) {
    Routed out = no_run_results_answer();
    if (about) {
      cite(out, project.node(*about).unique_id);
    }
    return out;
  }
  const dbt::RunResults& run = *project.run_results();
  Problems found = problems_of(project, run, about);
  std::string tally = plural(found.counts[0], "error") + ", " + plural(found.counts[1], "failure") + ", " +
                      plural(found.counts[2], "warning") + " out of " + plural(found.considered, "result") +
                      (found.skipped > 0 ? " (" + std::to_string(found.skipped) + " skipped)" : "");
  std::string when = run.generated_at.empty() ? std::string() : " (" + std::string(run.generated_at) + ")";
  const dbt::Node* node = about ? &project.node(*about) : nullptr;
  std::string scope = node == nullptr ? std::string() : " for " + display_name(*node) + " and its tests";
  Routed out = routed({}, "failures", node);
  Answer& answer = out.answer;
  answer.blocks.emplace_back(
      Header{"Last dbt run" + (run.command.empty() ? std::string() : ": dbt " + std::string(run.command))});
  if (found.list.empty()) {
    answer.summary = "Nothing failed" + scope + " in the last dbt run" + when;
    answer.blocks.emplace_back(Paragraph{"Nothing failed" + scope + ": " + tally + "."});
  } else {
    answer.summary = "Last dbt run" + when + scope + ": " + tally;
    answer.blocks.emplace_back(Paragraph{"**" + tally + "**" + scope});
    ListBlock list;
    for (std::size_t i = 0; i < found.list.size() && i < k_failures_cap; ++i) {
      list.items.push_back(failure_item(project, *found.list[i], out));
    }
    if (found.list.size() > k_failures_cap) {
      list.items.push_back(and_more(found.list.size() - k_failures_cap));
    }
    answer.blocks.emplace_back(std::move(list));
  }
  if (node == nullptr) {
    add_stale_sources(out, project);
  }
  std::string context = "Run" + (run.generated_at.empty() ? "" : " at " + std::string(run.generated_at)) +
                        (run.dbt_version.empty() ? "" : " · dbt " + std::string(run.dbt_version)) +
                        " · took " + seconds(run.elapsed_time);
  answer.blocks.emplace_back(Context{context});
  return out;
}

Routed stats_answer(const Snapshot& snapshot) {
  const dbt::Project& project = snapshot.project;
  std::string name = project.project_name().empty() ? "This project" : std::string(project.project_name());
  Answer answer;
  answer.blocks.emplace_back(Header{project.project_name().empty() ? name : "Project " + name});
  Fields counts;
  std::string summary;
  for (std::size_t i = 0; i < dbt::k_resource_type_count; ++i) {
    auto type = static_cast<dbt::ResourceType>(i);
    if (std::size_t count = project.count(type); count > 0) {
      std::string phrase = count_of(count, type);
      summary += (summary.empty() ? "" : ", ") + phrase;
      counts.items.emplace_back(type_heading(type), std::to_string(count));
    }
  }
  answer.summary = name + ": " + (summary.empty() ? "no nodes" : summary);
  answer.blocks.emplace_back(Paragraph{
      name + " has " + (summary.empty() ? "no nodes" : summary) + ": **" +
      plural(project.nodes().size(), "node") + "** and " +
      plural(project.graph().edge_count(), "dependency edge") +
      (project.adapter_type().empty() ? std::string() : ", on " + std::string(project.adapter_type())) +
      "."});
  if (!counts.items.empty()) {
    answer.blocks.emplace_back(std::move(counts));
  }
  std::string loaded;
  for (const auto& artifact : project.artifacts()) {
    loaded += (loaded.empty() ? "" : ", ") + artifact.kind;
  }
  answer.blocks.emplace_back(
      Context{"Loaded from: " + (loaded.empty() ? std::string("(unknown)") : loaded) +
              (project.warnings().empty() ? std::string()
                                          : " · " + plural(project.warnings().size(), "load warning"))});
  return routed(std::move(answer), "stats", nullptr);
}

} // namespace steward::router::detail

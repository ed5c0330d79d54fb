#include <algorithm>
#include <array>

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

std::string failure_item(const dbt::Project& project, const dbt::RunResult& result) {
  auto id = project.find(result.unique_id);
  std::string item = "**" + std::string(result.status) + "** " +
                     (id ? node_item(project.node(*id), false) : code(result.unique_id)) + " in " +
                     seconds(result.execution_time);
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
  return Routed{std::move(answer), "failures", {}};
}

void add_stale_sources(Answer& answer, const dbt::Project& project) {
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
  }
  if (!list.items.empty()) {
    answer.blocks.emplace_back(Paragraph{"**Source freshness problems**"});
    answer.blocks.emplace_back(std::move(list));
  }
}

} // namespace

Routed tests_answer(const Snapshot& snapshot, dbt::NodeId id) {
  const dbt::Project& project = snapshot.project;
  const dbt::Node& node = project.node(id);
  std::string name = display_name(node);
  std::vector<dbt::NodeId> tests = project.tests_of(id);
  Answer answer;
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
  return Routed{std::move(answer), "tests", std::string(node.unique_id)};
}

Routed failures_answer(const Snapshot& snapshot) {
  const dbt::Project& project = snapshot.project;
  if (!project.run_results()) {
    return no_run_results_answer();
  }
  const dbt::RunResults& run = *project.run_results();
  std::vector<const dbt::RunResult*> problems;
  std::size_t skipped = 0;
  for (const auto& result : run.results) {
    skipped += result.status == "skipped" ? 1 : 0;
    if (result.is_problem()) {
      problems.push_back(&result);
    }
  }
  std::stable_sort(problems.begin(), problems.end(), [](const dbt::RunResult* a, const dbt::RunResult* b) {
    return severity_rank(a->status) < severity_rank(b->status);
  });
  std::array<std::size_t, 3> counts{};
  for (const auto* problem : problems) {
    ++counts.at(static_cast<std::size_t>(severity_rank(problem->status)));
  }
  std::string tally = plural(counts[0], "error") + ", " + plural(counts[1], "failure") + ", " +
                      plural(counts[2], "warning") + " out of " + plural(run.results.size(), "result") +
                      (skipped > 0 ? " (" + std::to_string(skipped) + " skipped)" : "");
  std::string when = run.generated_at.empty() ? std::string() : " (" + std::string(run.generated_at) + ")";
  Answer answer;
  answer.blocks.emplace_back(
      Header{"Last dbt run" + (run.command.empty() ? std::string() : ": dbt " + std::string(run.command))});
  if (problems.empty()) {
    answer.summary = "Nothing failed in the last dbt run" + when;
    answer.blocks.emplace_back(Paragraph{"Nothing failed: " + tally + "."});
  } else {
    answer.summary = "Last dbt run" + when + ": " + tally;
    answer.blocks.emplace_back(Paragraph{"**" + tally + "**"});
    ListBlock list;
    for (std::size_t i = 0; i < problems.size() && i < k_failures_cap; ++i) {
      list.items.push_back(failure_item(project, *problems[i]));
    }
    if (problems.size() > k_failures_cap) {
      list.items.push_back(and_more(problems.size() - k_failures_cap));
    }
    answer.blocks.emplace_back(std::move(list));
  }
  add_stale_sources(answer, project);
  std::string context = "Run" + (run.generated_at.empty() ? "" : " at " + std::string(run.generated_at)) +
                        (run.dbt_version.empty() ? "" : " · dbt " + std::string(run.dbt_version)) +
                        " · took " + seconds(run.elapsed_time);
  answer.blocks.emplace_back(Context{context});
  return Routed{std::move(answer), "failures", {}};
}

Routed stats_answer(const Snapshot& snapshot) {
  const dbt::Project& project = snapshot.project;
  std::string name = project.project_name().empty() ? "This project" : std::string(project.project_name());
  Answer answer;
  answer.blocks.emplace_back(Header{"Project " + name});
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
      "**" + plural(project.nodes().size(), "node") + "** and " +
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
  return Routed{std::move(answer), "stats", {}};
}

} // namespace steward::router::detail

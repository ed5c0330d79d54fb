#include <algorithm>

#include "core/router/answers.hpp"
#include "core/router/format.hpp"
#include "core/util/text.hpp"

namespace steward::router::detail {
namespace {

using answer::Answer;
using answer::Context;
using answer::Header;
using answer::ListBlock;
using answer::Paragraph;

/// The node types a plural word names ("sources", "dashboards", "unit tests").
std::vector<dbt::ResourceType> types_named(std::string_view words) {
  using dbt::ResourceType;
  constexpr std::pair<std::string_view, ResourceType> k_words[] = {
      {"models", ResourceType::model},
      {"tables", ResourceType::model},
      {"views", ResourceType::model},
      {"sources", ResourceType::source},
      {"source tables", ResourceType::source},
      {"seeds", ResourceType::seed},
      {"snapshots", ResourceType::snapshot},
      {"metrics", ResourceType::metric},
      {"exposures", ResourceType::exposure},
      {"dashboards", ResourceType::exposure},
      {"tests", ResourceType::test},
      {"data tests", ResourceType::test},
      {"unit tests", ResourceType::unit_test},
      {"groups", ResourceType::group},
      {"docs", ResourceType::doc},
      {"docs blocks", ResourceType::doc},
      {"analyses", ResourceType::analysis},
      {"semantic models", ResourceType::semantic_model},
      {"saved queries", ResourceType::saved_query},
  };
  std::string lower = to_lower(words);
  std::vector<ResourceType> out;
  for (const auto& [word, type] : k_words) {
    if (lower == word || lower + "s" == word) {
      out.push_back(type);
    }
  }
  return out;
}

} // namespace

std::optional<Routed> list_answer(const Snapshot& snapshot, std::string_view kind_words) {
  std::vector<dbt::ResourceType> types = types_named(kind_words);
  if (types.empty()) {
    return std::nullopt;
  }
  const dbt::Project& project = snapshot.project;
  std::vector<dbt::NodeId> ids;
  for (dbt::NodeId id = 0; id < project.nodes().size(); ++id) {
    if (std::find(types.begin(), types.end(), project.node(id).type) != types.end()) {
      ids.push_back(id);
    }
  }
  std::sort(ids.begin(), ids.end(), [&](dbt::NodeId a, dbt::NodeId b) {
    return display_name(project.node(a)) < display_name(project.node(b));
  });
  Routed out = routed({}, "list", nullptr);
  Answer& answer = out.answer;
  std::string counted = count_of(ids.size(), types.front());
  answer.blocks.emplace_back(Header{type_heading(types.front())});
  answer.summary = "The project has " + counted;
  answer.blocks.emplace_back(Paragraph{"The project has **" + counted + "**" + (ids.empty() ? "." : ":")});
  ListBlock list;
  for (std::size_t i = 0; i < ids.size() && i < k_list_cap; ++i) {
    list.items.push_back(node_item(project.node(ids[i])));
    cite(out, project.node(ids[i]).unique_id);
  }
  if (ids.size() > k_list_cap) {
    list.items.push_back(and_more(ids.size() - k_list_cap));
  }
  if (!list.items.empty()) {
    answer.blocks.emplace_back(std::move(list));
  }
  return out;
}

Routed untested_answer(const Snapshot& snapshot) {
  const dbt::Project& project = snapshot.project;
  std::vector<dbt::NodeId> untested;
  std::size_t models = 0;
  for (dbt::NodeId id = 0; id < project.nodes().size(); ++id) {
    if (project.node(id).type != dbt::ResourceType::model) {
      continue;
    }
    ++models;
    if (project.tests_of(id).empty()) {
      untested.push_back(id);
    }
  }
  std::sort(untested.begin(), untested.end(),
            [&](dbt::NodeId a, dbt::NodeId b) { return project.node(a).name < project.node(b).name; });
  Routed out = routed({}, "tests", nullptr);
  Answer& answer = out.answer;
  answer.blocks.emplace_back(Header{"Models without tests"});
  if (untested.empty()) {
    answer.summary = "Every model has at least one test";
    answer.blocks.emplace_back(
        Paragraph{"Every model has at least one test (" + plural(models, "model") + " in the project)."});
    return out;
  }
  answer.summary = plural(untested.size(), "model") + " of " + std::to_string(models) + " have no tests";
  answer.blocks.emplace_back(Paragraph{"**" + plural(untested.size(), "model") + "** of " +
                                       std::to_string(models) + " have no tests:"});
  ListBlock list;
  for (std::size_t i = 0; i < untested.size() && i < k_list_cap; ++i) {
    list.items.push_back(node_item(project.node(untested[i])));
    cite(out, project.node(untested[i]).unique_id);
  }
  if (untested.size() > k_list_cap) {
    list.items.push_back(and_more(untested.size() - k_list_cap));
  }
  answer.blocks.emplace_back(std::move(list));
  answer.blocks.emplace_back(Context{"Counts data tests and unit tests, including singular tests that read "
                                     "the model. Ephemeral models cannot be tested directly."});
  return out;
}

} // namespace steward::router::detail

#include <algorithm>
#include <set>

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

constexpr std::size_t k_close_names = 3;

/// Sources, seeds and snapshots first, then the rest; within a kind, nodes
/// with fewer ancestors (nearer the raw data) first, then by name.
void sort_by_lineage(const dbt::Project& project, std::vector<ColumnHit>& hits) {
  auto rank = [&](const ColumnHit& hit) {
    dbt::ResourceType type = project.node(hit.node).type;
    bool raw = type == dbt::ResourceType::source || type == dbt::ResourceType::seed ||
               type == dbt::ResourceType::snapshot;
    return std::make_pair(raw ? 0 : 1,
                          project.graph().closure(hit.node, lineage::Direction::upstream).size());
  };
  std::vector<std::pair<std::pair<int, std::size_t>, ColumnHit>> keyed;
  keyed.reserve(hits.size());
  for (const auto& hit : hits) {
    keyed.emplace_back(rank(hit), hit);
  }
  std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) {
      return a.first < b.first;
    }
    return display_name(project.node(a.second.node)) < display_name(project.node(b.second.node));
  });
  for (std::size_t i = 0; i < hits.size(); ++i) {
    hits[i] = keyed[i].second;
  }
}

std::string hit_item(const dbt::Project& project, const ColumnHit& hit) {
  const dbt::Node& node = project.node(hit.node);
  std::string item =
      code(display_name(node) + "." + std::string(hit.column->name)) + " (" + type_name(node.type);
  item += hit.column->data_type.empty() ? ")" : ", " + std::string(hit.column->data_type) + ")";
  if (std::string line = first_line(hit.column->description, 100); !line.empty()) {
    item += " — " + line;
  }
  return item;
}

/// Every distinct column name in the project.
std::vector<std::string_view> column_names(const dbt::Project& project) {
  std::set<std::string_view> names;
  for (const auto& node : project.nodes()) {
    if (!dbt::is_test(node.type)) {
      for (const auto& column : node.columns) {
        names.insert(column.name);
      }
    }
  }
  return {names.begin(), names.end()};
}

Routed list_answer(const Snapshot& snapshot, std::string_view asked, std::string_view name,
                   std::vector<ColumnHit> hits) {
  const dbt::Project& project = snapshot.project;
  sort_by_lineage(project, hits);
  Routed out = routed({}, "column_search", hits.size() == 1 ? &project.node(hits.front().node) : nullptr);
  Answer& answer = out.answer;
  answer.blocks.emplace_back(Header{"Column " + std::string(name)});
  std::string count = plural(hits.size(), "node");
  answer.summary = count + (hits.size() == 1 ? " has" : " have") + " a column " + std::string(name);
  if (asked != name) {
    answer.summary = "No column is named " + std::string(asked) + "; " + answer.summary;
    answer.blocks.emplace_back(Paragraph{"No column is named " + code(asked) + ". The closest name is " +
                                         code(name) + ", which " + count +
                                         (hits.size() == 1 ? " has" : " have") + ":"});
  } else {
    answer.blocks.emplace_back(Paragraph{"**" + count + "** " + (hits.size() == 1 ? "has" : "have") +
                                         " a column " + code(name) + ":"});
  }
  ListBlock list;
  for (std::size_t i = 0; i < hits.size() && i < k_list_cap; ++i) {
    list.items.push_back(hit_item(project, hits[i]));
    cite(out, project.node(hits[i].node).unique_id);
  }
  if (hits.size() > k_list_cap) {
    list.items.push_back(and_more(hits.size() - k_list_cap));
  }
  answer.blocks.emplace_back(std::move(list));
  answer.blocks.emplace_back(Context{"Listed from the raw data down (sources, seeds and snapshots first). "
                                     "Ask “where does " +
                                     display_name(project.node(hits.back().node)) + "." + std::string(name) +
                                     " come from?” to follow one."});
  return out;
}

} // namespace

std::vector<ColumnHit> nodes_with_column(const dbt::Project& project, std::string_view name) {
  std::vector<ColumnHit> out;
  if (name.empty()) {
    return out;
  }
  for (dbt::NodeId id = 0; id < project.nodes().size(); ++id) {
    const dbt::Node& node = project.node(id);
    if (dbt::is_test(node.type)) {
      continue;
    }
    for (const auto& column : node.columns) {
      if (iequals(column.name, name)) {
        out.push_back({id, &column});
        break;
      }
    }
  }
  return out;
}

std::optional<Routed> column_search_answer(const Snapshot& snapshot, std::string_view name) {
  const dbt::Project& project = snapshot.project;
  std::string asked(name);
  if (std::string underscored = asked; asked.find(' ') != std::string::npos) {
    std::replace(underscored.begin(), underscored.end(), ' ', '_');
    if (!nodes_with_column(project, underscored).empty()) {
      asked = underscored;
    }
  }
  if (auto hits = nodes_with_column(project, asked); !hits.empty()) {
    return list_answer(snapshot, asked, asked, std::move(hits));
  }
  for (const auto& close : closest(asked, column_names(project), k_close_names)) {
    if (auto hits = nodes_with_column(project, close); !hits.empty()) {
      return list_answer(snapshot, asked, close, std::move(hits));
    }
  }
  return std::nullopt;
}

} // namespace steward::router::detail

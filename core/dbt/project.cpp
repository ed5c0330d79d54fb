#include "core/dbt/project.hpp"

#include <algorithm>

namespace steward::dbt {
namespace {

const std::vector<NodeId> k_no_ids;

} // namespace

std::optional<NodeId> Project::find(std::string_view unique_id) const {
  auto it = m_by_id.find(unique_id);
  if (it == m_by_id.end()) {
    return std::nullopt;
  }
  return it->second;
}

std::span<const NodeId> Project::named(std::string_view name) const {
  auto it = m_by_name.find(name);
  return it == m_by_name.end() ? std::span<const NodeId>(k_no_ids) : std::span<const NodeId>(it->second);
}

std::vector<NodeId> Project::tests_of(NodeId id) const {
  std::vector<NodeId> out;
  for (NodeId child : m_graph.children(id)) {
    if (is_test(m_nodes[child].type)) {
      out.push_back(child);
    }
  }
  std::string_view target = m_nodes[id].unique_id;
  for (NodeId other = 0; other < m_nodes.size(); ++other) {
    if (m_nodes[other].attached_node == target && is_test(m_nodes[other].type)) {
      out.push_back(other);
    }
  }
  std::sort(out.begin(), out.end(),
            [this](NodeId a, NodeId b) { return m_nodes[a].unique_id < m_nodes[b].unique_id; });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::size_t Project::count(ResourceType type) const {
  return m_counts[static_cast<std::size_t>(type)];
}

const RunResult* Project::run_result(std::string_view unique_id) const {
  auto it = m_result_by_id.find(unique_id);
  if (it == m_result_by_id.end() || !m_run_results) {
    return nullptr;
  }
  return &m_run_results->results[it->second];
}

void ProjectBuilder::add(Node node) {
  if (!node.enabled) {
    m_project.m_disabled.push_back(std::move(node));
    return;
  }
  auto [it, inserted] = m_index.try_emplace(node.unique_id, static_cast<NodeId>(m_project.m_nodes.size()));
  if (!inserted) {
    m_project.m_warnings.push_back("duplicate unique_id " + std::string(node.unique_id) +
                                   ": kept the first definition");
    return;
  }
  m_project.m_nodes.push_back(std::move(node));
}

Node* ProjectBuilder::find_mut(std::string_view unique_id) {
  auto it = m_index.find(unique_id);
  return it == m_index.end() ? nullptr : &m_project.m_nodes[it->second];
}

Project ProjectBuilder::finish() && {
  Project& p = m_project;
  p.m_by_id = std::move(m_index);
  std::vector<std::pair<NodeId, NodeId>> edges;
  std::size_t dangling = 0;
  std::string first_dangling;
  for (NodeId id = 0; id < p.m_nodes.size(); ++id) {
    const Node& node = p.m_nodes[id];
    ++p.m_counts[static_cast<std::size_t>(node.type)];
    p.m_by_name[node.name].push_back(id);
    for (std::string_view parent : node.depends_on) {
      auto it = p.m_by_id.find(parent);
      if (it == p.m_by_id.end()) {
        if (dangling++ == 0) {
          first_dangling = std::string(node.unique_id) + " -> " + std::string(parent);
        }
        continue;
      }
      edges.emplace_back(it->second, id);
    }
  }
  p.m_counts[static_cast<std::size_t>(ResourceType::macro)] += p.m_macros.size();
  if (dangling > 0) {
    p.m_warnings.push_back(std::to_string(dangling) +
                           " reference(s) to nodes not in the project (disabled, from another "
                           "project, or trimmed), e.g. " +
                           first_dangling);
  }
  p.m_graph = lineage::Graph::build(p.m_nodes.size(), std::move(edges));
  for (const auto& cycle : p.m_graph.cycles()) {
    std::string names;
    for (NodeId member : cycle) {
      names += (names.empty() ? "" : ", ") + std::string(p.m_nodes[member].unique_id);
    }
    p.m_warnings.push_back("dependency cycle: " + names);
  }
  if (p.m_run_results) {
    const auto& results = p.m_run_results->results;
    for (std::uint32_t i = 0; i < results.size(); ++i) {
      p.m_result_by_id[results[i].unique_id] = i;
    }
  }
  return std::move(m_project);
}

} // namespace steward::dbt

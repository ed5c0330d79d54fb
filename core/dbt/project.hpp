#pragma once

#include <array>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/dbt/node.hpp"
#include "core/dbt/run_results.hpp"
#include "core/lineage/graph.hpp"
#include "core/util/string_arena.hpp"

namespace steward::dbt {

/// An input a project was built from, for `stats` and diagnostics.
struct ArtifactInfo {
  std::string kind; ///< manifest, catalog, run_results, sources, semantic_manifest, source_tree
  std::string path;
  int schema_version = 0; ///< 0 when the file carries none (source tree, semantic manifest)
  std::string dbt_version;
  std::string generated_at;
};

/// An immutable, fully indexed dbt project: nodes, lineage graph and results.
///
/// Built once by `ProjectBuilder`, then only read. Every string view handed out
/// points into the project's own arena and is valid while the project lives.
///
/// @par Thread safety
/// All const member functions may be called concurrently.
class Project {
public:
  Project(const Project&) = delete;
  Project& operator=(const Project&) = delete;
  Project(Project&&) noexcept = default;
  Project& operator=(Project&&) noexcept = default;
  ~Project() = default;

  [[nodiscard]] std::span<const Node> nodes() const { return m_nodes; }
  [[nodiscard]] const Node& node(NodeId id) const { return m_nodes[id]; }
  /// Nodes dbt reported as disabled; not part of the graph.
  [[nodiscard]] std::span<const Node> disabled() const { return m_disabled; }
  [[nodiscard]] std::span<const Macro> macros() const { return m_macros; }

  /// The node with this exact `unique_id`, if any.
  [[nodiscard]] std::optional<NodeId> find(std::string_view unique_id) const;
  /// Enabled nodes whose `name` is exactly `name` (any resource type).
  [[nodiscard]] std::span<const NodeId> named(std::string_view name) const;

  [[nodiscard]] const lineage::Graph& graph() const { return m_graph; }

  /// Data and unit tests that test `id`: its direct test children plus tests
  /// whose `attached_node` is `id`, sorted by unique id.
  [[nodiscard]] std::vector<NodeId> tests_of(NodeId id) const;

  /// Number of enabled nodes of `type` (macros are counted as `macro`).
  [[nodiscard]] std::size_t count(ResourceType type) const;

  [[nodiscard]] const std::optional<RunResults>& run_results() const { return m_run_results; }
  /// The latest run result for `unique_id`, if the run covered it.
  [[nodiscard]] const RunResult* run_result(std::string_view unique_id) const;
  [[nodiscard]] const std::optional<FreshnessResults>& freshness() const { return m_freshness; }

  [[nodiscard]] std::string_view project_name() const { return m_project_name; }
  [[nodiscard]] std::string_view adapter_type() const { return m_adapter_type; }
  [[nodiscard]] const std::vector<ArtifactInfo>& artifacts() const { return m_artifacts; }
  /// Problems found while building that did not stop it: dangling references,
  /// cycles, a `parent_map` that disagrees with `depends_on`, skipped files.
  [[nodiscard]] const std::vector<std::string>& warnings() const { return m_warnings; }

  /// Bytes of text the project holds (for memory reports).
  [[nodiscard]] std::size_t text_bytes() const { return m_arena->bytes_reserved(); }

private:
  friend class ProjectBuilder;
  Project() = default;

  std::unique_ptr<StringArena> m_arena = std::make_unique<StringArena>();
  std::vector<std::shared_ptr<const void>> m_documents; ///< parsed texts views point into
  std::vector<Node> m_nodes;
  std::vector<Node> m_disabled;
  std::vector<Macro> m_macros;
  std::unordered_map<std::string_view, NodeId> m_by_id;
  std::unordered_map<std::string_view, std::vector<NodeId>> m_by_name;
  std::unordered_map<std::string_view, std::uint32_t> m_result_by_id;
  std::array<std::size_t, k_resource_type_count> m_counts{};
  lineage::Graph m_graph;
  std::optional<RunResults> m_run_results;
  std::optional<FreshnessResults> m_freshness;
  std::string_view m_project_name;
  std::string_view m_adapter_type;
  std::vector<ArtifactInfo> m_artifacts;
  std::vector<std::string> m_warnings;
};

/// Collects nodes from parsers, then indexes them into a `Project`.
///
/// Parsers store their strings with `arena().store(...)` so that views stay
/// valid in the finished project. Adding a node whose unique id is already
/// present replaces nothing: the first one wins and a warning is recorded.
class ProjectBuilder {
public:
  ProjectBuilder() = default;

  StringArena& arena() { return *m_project.m_arena; }
  /// Keeps `document` (a parsed artifact's text) alive as long as the project,
  /// for nodes whose views point into it.
  void keep(std::shared_ptr<const void> document) { m_project.m_documents.push_back(std::move(document)); }
  std::string_view store(std::string_view text) { return m_project.m_arena->store(text); }

  /// Reserves room for about `count` nodes so adding them moves nothing.
  void reserve(std::size_t count) {
    m_project.m_nodes.reserve(count);
    m_index.reserve(count);
  }

  /// Adds an enabled node (or a disabled one when `node.enabled` is false).
  void add(Node node);
  void add_macro(Macro macro) { m_project.m_macros.push_back(macro); }
  /// The node added with `unique_id`, for later artifacts (catalog) to enrich.
  Node* find_mut(std::string_view unique_id);
  [[nodiscard]] bool empty() const { return m_project.m_nodes.empty(); }
  [[nodiscard]] std::span<const Node> nodes() const { return m_project.m_nodes; }

  void set_run_results(RunResults results) { m_project.m_run_results = std::move(results); }
  void set_freshness(FreshnessResults results) { m_project.m_freshness = std::move(results); }
  void set_project_name(std::string_view name) { m_project.m_project_name = store(name); }
  void set_adapter_type(std::string_view name) { m_project.m_adapter_type = store(name); }
  void add_artifact(ArtifactInfo info) { m_project.m_artifacts.push_back(std::move(info)); }
  void warn(std::string message) { m_project.m_warnings.push_back(std::move(message)); }

  /// Indexes names and ids, resolves `depends_on` into graph edges (recording
  /// references to unknown ids as warnings), reports cycles, and returns the
  /// finished project. The builder is empty afterwards.
  Project finish() &&;

private:
  Project m_project;
  std::unordered_map<std::string_view, NodeId> m_index;
};

} // namespace steward::dbt

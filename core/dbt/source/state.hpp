#pragma once

// Internal to the source-tree parser: what the phases share while a project's
// files are read, patched and resolved into `Node`s.

#include <deque>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/dbt/project.hpp"
#include "core/dbt/source/config.hpp"
#include "core/dbt/source/dependencies.hpp"
#include "core/dbt/source/docs_blocks.hpp"
#include "core/dbt/source/macros.hpp"
#include "core/dbt/source/project_file.hpp"

namespace steward::dbt::source {

/// One dbt project being read: the root or a package it uses.
struct PackageCtx {
  ProjectFile file;
  std::filesystem::path dir;
  bool is_root = false;
  std::unique_ptr<VarScope> vars;
};

/// The kinds of files a walk finds.
enum class FileKind : std::uint8_t {
  model,
  python_model,
  seed,
  snapshot,
  macro,
  analysis,
  test,
  generic_test,
  yaml,
  docs
};

/// A file found under one of a package's resource paths.
struct FileEntry {
  FileKind kind = FileKind::model;
  const PackageCtx* package = nullptr;
  std::filesystem::path absolute;
  std::string path;                 ///< relative to the package directory, `/`-separated
  std::vector<std::string> folders; ///< folders between the resource path and the file
  std::string stem;
};

/// A resource under construction. `node` strings already live in the arena.
struct PendingNode {
  Node node;
  const PackageCtx* package = nullptr;
  std::string stem;                  ///< file stem or block name: what YAML patches match
  std::vector<std::string> fqn;      ///< `[package, folder..., name]` for config trees
  Dependencies deps;                 ///< from code (or YAML `ref()` strings)
  std::vector<std::string> parents;  ///< unique ids known directly
  std::vector<std::string> metrics;  ///< metric names this depends on
  std::vector<std::string> measures; ///< measure names (resolved to semantic models)
  NodeConfig project_config;         ///< from `dbt_project.yml` trees
  NodeConfig yaml_config;            ///< from a YAML `config:` block
  NodeConfig code_config;            ///< from `config(...)` in the file
  bool patched = false;
  std::size_t index = 0; ///< position in `ParseState::nodes`
};

static_assert(std::is_nothrow_move_constructible_v<Node>);

static_assert(std::is_nothrow_move_constructible_v<PendingNode>);

/// A `models:`/`seeds:`/`snapshots:`/`analyses:` entry of a YAML file,
/// applied to its node once every file has been read.
struct Patch {
  ResourceType type = ResourceType::model;
  const FileEntry* file = nullptr; ///< the YAML file (`ParseState::entries` no longer grows)
  std::string name;
  YAML::Node entry;
};

/// Generic tests declared in YAML for the node `target` (an index into
/// `ParseState::nodes`), on `column` when not empty. `path` and `folders`
/// locate the YAML file inside `package`.
struct TestRequest {
  std::size_t target = 0;
  YAML::Node tests;
  std::string column;
  const PackageCtx* package = nullptr;
  std::string path;
  std::vector<std::string> folders;
};

/// Shared state of one `parse_source_tree` call.
class ParseState {
public:
  explicit ParseState(ProjectBuilder& builder) : m_builder(builder) {}

  [[nodiscard]] ProjectBuilder& builder() { return m_builder; }
  std::string_view store(std::string_view text) { return m_builder.store(text); }
  void warn(std::string message) { m_builder.warn(std::move(message)); }

  [[nodiscard]] const PackageCtx& root() const { return *packages.front(); }
  [[nodiscard]] const PackageCtx* package(std::string_view name) const;
  /// The variable scope of `package` (the root's when unknown).
  [[nodiscard]] const VarScope& vars(std::string_view package_name) const;

  /// Adds a pending node and returns its index.
  std::size_t add(PendingNode node);
  /// The pending node of `type` named `stem` in `package` (file-defined), or null.
  PendingNode* find(ResourceType type, std::string_view package, std::string_view stem);

  std::vector<std::unique_ptr<PackageCtx>> packages;
  std::vector<FileEntry> entries;
  std::vector<std::unique_ptr<SourceFile>> files;
  MacroTable macros;
  DocsIndex docs;
  std::unique_ptr<DependencyCollector> collector;
  std::deque<PendingNode> nodes; ///< a deque: references stay valid as nodes are added
  std::vector<Patch> patches;
  std::vector<TestRequest> test_requests;
  /// Names of every package loaded or declared (for `package.macro()` calls).
  std::set<std::string, std::less<>> package_names;
  /// Macro unique id → description from YAML `macros:` entries.
  std::unordered_map<std::string, std::string> macro_descriptions;
  /// `group name` → owner (name, email), filled from YAML `groups:`.
  std::unordered_map<std::string, std::pair<std::string, std::string>> group_owners;

private:
  ProjectBuilder& m_builder;
  std::unordered_map<std::string, std::size_t> m_by_key;
};

/// `type.package.name`, dbt's unique id scheme.
std::string unique_id(ResourceType type, std::string_view package, std::string_view name);

/// Renders `description` with the docs blocks visible from `package`,
/// warning (naming `path`) about unknown `doc()` names.
std::string_view render_description(ParseState& state, std::string_view description, std::string_view package,
                                    std::string_view path);

} // namespace steward::dbt::source

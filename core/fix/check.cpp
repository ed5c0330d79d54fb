#include "core/fix/check.hpp"

#include <algorithm>
#include <set>
#include <unordered_set>

#include <yaml-cpp/yaml.h>

namespace steward::fix {
namespace {

bool is_yaml(const std::string& path) {
  auto ends = [&](std::string_view s) {
    return path.size() >= s.size() && std::string_view(path).substr(path.size() - s.size()) == s;
  };
  return ends(".yml") || ends(".yaml");
}

/// `(node, missing parent)` pairs of enabled nodes.
std::set<std::pair<std::string, std::string>> dangling(const dbt::Project& project) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& node : project.nodes()) {
    for (std::string_view parent : node.depends_on) {
      if (!project.find(parent)) {
        out.emplace(node.unique_id, parent);
      }
    }
  }
  return out;
}

std::unordered_set<std::string_view> ids_of(const dbt::Project& project) {
  std::unordered_set<std::string_view> ids;
  for (const auto& node : project.nodes()) {
    ids.insert(node.unique_id);
  }
  return ids;
}

bool has_sql(dbt::ResourceType type) {
  return type == dbt::ResourceType::model || type == dbt::ResourceType::snapshot;
}

} // namespace

std::vector<Error> check_yaml(const std::vector<FileEdit>& edits) {
  std::vector<Error> errors;
  for (const auto& edit : edits) {
    if (!is_yaml(edit.path)) {
      continue;
    }
    try {
      (void)YAML::Load(edit.after);
    } catch (const YAML::Exception& e) {
      errors.push_back(
          Error{edit.path + ":" + std::to_string(e.mark.line + 1), "the YAML does not parse: " + e.msg});
    }
  }
  return errors;
}

namespace {

/// What identifies a generic test apart from its arguments.
std::string test_key(const dbt::Node& node) {
  std::string key(node.test_namespace);
  key += '|';
  key += node.test_name;
  key += '|';
  key += node.attached_node;
  key += '|';
  key += node.column_name;
  return key;
}

/// Moves tests that were only renamed out of `disappeared`/`added` into `renamed`.
void pair_renamed_tests(const dbt::Project& before, const dbt::Project& after, ProjectDelta& delta) {
  std::vector<std::string> still_added;
  for (const std::string& id : delta.added) {
    const auto found = after.find(id);
    const dbt::Node* fresh = found ? &after.node(*found) : nullptr;
    auto gone =
        fresh == nullptr || fresh->type != dbt::ResourceType::test || fresh->test_name.empty()
            ? delta.disappeared.end()
            : std::find_if(delta.disappeared.begin(), delta.disappeared.end(), [&](const std::string& old) {
                const auto was = before.find(old);
                return was && before.node(*was).type == dbt::ResourceType::test &&
                       test_key(before.node(*was)) == test_key(*fresh);
              });
    if (gone == delta.disappeared.end()) {
      still_added.push_back(id);
      continue;
    }
    delta.renamed.push_back(*gone + " -> " + id);
    delta.disappeared.erase(gone);
  }
  delta.added = std::move(still_added);
}

} // namespace

ProjectDelta compare_projects(const dbt::Project& before, const dbt::Project& after) {
  ProjectDelta delta;
  auto old_dangling = dangling(before);
  for (const auto& [node, parent] : dangling(after)) {
    if (!old_dangling.contains({node, parent})) {
      std::string line = node;
      line += " depends on " + parent + ", which does not exist";
      delta.broken_refs.push_back(std::move(line));
    }
  }
  std::set<std::string> old_warnings(before.warnings().begin(), before.warnings().end());
  for (const auto& warning : after.warnings()) {
    if (!old_warnings.contains(warning)) {
      delta.new_warnings.push_back(warning);
    }
  }
  std::unordered_set<std::string_view> old_ids = ids_of(before);
  std::unordered_set<std::string_view> new_ids = ids_of(after);
  for (const auto& node : before.nodes()) {
    if (!new_ids.contains(node.unique_id)) {
      delta.disappeared.emplace_back(node.unique_id);
    }
  }
  for (const auto& node : after.nodes()) {
    if (!old_ids.contains(node.unique_id)) {
      delta.added.emplace_back(node.unique_id);
      continue;
    }
    const dbt::Node& old = before.node(*before.find(node.unique_id));
    if (has_sql(node.type) && old.raw_code != node.raw_code) {
      delta.changed_models.emplace_back(node.unique_id);
    }
  }
  pair_renamed_tests(before, after, delta);
  for (auto* list : {&delta.disappeared, &delta.added, &delta.changed_models, &delta.renamed}) {
    std::sort(list->begin(), list->end());
  }
  return delta;
}

} // namespace steward::fix

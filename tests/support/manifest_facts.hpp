#pragma once

// Facts about a manifest computed directly from its JSON with nlohmann_json,
// independently of Steward's simdjson parser, for tests to compare against.

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace steward::testing {

inline nlohmann::json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

/// Every manifest-like file under `dir` (named manifest*.json).
inline std::vector<std::filesystem::path> manifests_under(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.rfind("manifest", 0) == 0 && entry.path().extension() == ".json" &&
        entry.path().string().find("/schemas/") == std::string::npos) {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// resource type name → count, the way dbt lays a manifest out: `nodes` by
/// their `resource_type`, every other map by its section.
inline std::map<std::string, std::size_t> resource_counts(const nlohmann::json& manifest) {
  static const std::map<std::string, std::string> k_sections = {
      {"sources", "source"},
      {"exposures", "exposure"},
      {"metrics", "metric"},
      {"semantic_models", "semantic_model"},
      {"saved_queries", "saved_query"},
      {"unit_tests", "unit_test"},
      {"groups", "group"},
      {"docs", "doc"},
      {"functions", "function"},
      {"macros", "macro"},
  };
  std::map<std::string, std::size_t> counts;
  if (manifest.contains("nodes") && manifest["nodes"].is_object()) {
    for (const auto& [id, node] : manifest["nodes"].items()) {
      counts[node.value("resource_type", std::string("unknown"))]++;
    }
  }
  for (const auto& [section, type] : k_sections) {
    if (manifest.contains(section) && manifest[section].is_object()) {
      counts[type] += manifest[section].size();
    }
  }
  return counts;
}

inline std::size_t disabled_count(const nlohmann::json& manifest) {
  if (!manifest.contains("disabled")) {
    return 0;
  }
  const auto& disabled = manifest["disabled"];
  if (disabled.is_array()) {
    return disabled.size();
  }
  std::size_t total = 0;
  for (const auto& [id, list] : disabled.items()) {
    total += list.is_array() ? list.size() : 0;
  }
  return total;
}

using Adjacency = std::map<std::string, std::set<std::string>>;

/// unique id → direct parents from each resource's `depends_on.nodes`.
inline Adjacency depends_on_map(const nlohmann::json& manifest) {
  Adjacency out;
  for (const char* section : {"nodes", "sources", "exposures", "metrics", "semantic_models", "saved_queries",
                              "unit_tests", "functions"}) {
    if (!manifest.contains(section) || !manifest[section].is_object()) {
      continue;
    }
    for (const auto& [id, node] : manifest[section].items()) {
      auto& parents = out[id];
      if (node.contains("depends_on") && node["depends_on"].contains("nodes")) {
        for (const auto& parent : node["depends_on"]["nodes"]) {
          parents.insert(parent.get<std::string>());
        }
      }
    }
  }
  return out;
}

inline Adjacency map_from(const nlohmann::json& map) {
  Adjacency out;
  for (const auto& [id, list] : map.items()) {
    auto& targets = out[id];
    for (const auto& target : list) {
      targets.insert(target.get<std::string>());
    }
  }
  return out;
}

/// Everything reachable from `start` through `edges`, `start` excluded, keeping
/// only ids in `known`.
inline std::set<std::string> reach(const Adjacency& edges, const std::string& start,
                                   const std::set<std::string>& known) {
  std::set<std::string> seen;
  std::vector<std::string> stack{start};
  while (!stack.empty()) {
    std::string current = stack.back();
    stack.pop_back();
    auto it = edges.find(current);
    if (it == edges.end()) {
      continue;
    }
    for (const auto& next : it->second) {
      if (next != start && known.count(next) > 0 && seen.insert(next).second) {
        stack.push_back(next);
      }
    }
  }
  return seen;
}

} // namespace steward::testing

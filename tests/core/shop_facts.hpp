#pragma once

// Facts about examples/shop read straight from its SQL and YAML files (refs,
// columns, descriptions, tests, exposures), for tests that check the router's
// answers against the project rather than against its own output.

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace steward::testing {

namespace fs = std::filesystem;

inline std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Facts about examples/shop read straight from its files.
struct ShopFacts {
  std::string project;                                  ///< dbt_project.yml name
  std::map<std::string, std::set<std::string>> parents; ///< model/snapshot → refs and `source.table`
  std::map<std::string, std::vector<std::string>>
      columns; ///< model, seed, snapshot or `source.table` → YAML columns
  std::map<std::string, std::string> descriptions;             ///< model → YAML description
  std::map<std::string, std::size_t> yaml_tests;               ///< model → data tests declared on it
  std::map<std::string, std::set<std::string>> exposures;      ///< exposure → models it depends on
  std::map<std::string, std::set<std::string>> singular_tests; ///< tests/*.sql → what they read

  static ShopFacts load(const fs::path& root) {
    ShopFacts facts;
    facts.project = YAML::LoadFile((root / "dbt_project.yml").string())["name"].as<std::string>();
    const std::regex ref(R"(ref\(\s*'([^']+)'\s*\))");
    const std::regex source(R"(source\(\s*'([^']+)'\s*,\s*'([^']+)'\s*\))");
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      std::string text = entry.path().extension() == ".sql" || entry.path().extension() == ".yml"
                             ? read(entry.path())
                             : std::string();
      if (entry.path().extension() == ".sql") {
        bool is_test = entry.path().parent_path().filename() == "tests";
        bool is_macro = entry.path().string().find("/macros/") != std::string::npos ||
                        entry.path().string().find("/generic/") != std::string::npos;
        if (is_macro) {
          continue;
        }
        auto& set = (is_test ? facts.singular_tests : facts.parents)[entry.path().stem().string()];
        for (std::sregex_iterator it(text.begin(), text.end(), ref), end; it != end; ++it) {
          set.insert((*it)[1]);
        }
        for (std::sregex_iterator it(text.begin(), text.end(), source), end; it != end; ++it) {
          set.insert((*it)[1].str() + "." + (*it)[2].str());
        }
      } else if (entry.path().extension() == ".yml" &&
                 (entry.path().string().find("/models/") != std::string::npos ||
                  entry.path().string().find("/seeds/") != std::string::npos ||
                  entry.path().string().find("/snapshots/") != std::string::npos)) {
        facts.read_yaml(YAML::Load(text));
      }
    }
    return facts;
  }

  void read_yaml(const YAML::Node& doc) {
    for (const auto& model : doc["models"]) {
      std::string name = model["name"].as<std::string>();
      descriptions[name] = model["description"] ? model["description"].as<std::string>() : "";
      yaml_tests[name] += model["data_tests"] ? model["data_tests"].size() : 0;
      for (const auto& column : model["columns"]) {
        columns[name].push_back(column["name"].as<std::string>());
        yaml_tests[name] += column["data_tests"] ? column["data_tests"].size() : 0;
      }
    }
    for (const char* kind : {"seeds", "snapshots"}) {
      for (const auto& node : doc[kind]) {
        for (const auto& column : node["columns"]) {
          columns[node["name"].as<std::string>()].push_back(column["name"].as<std::string>());
        }
      }
    }
    for (const auto& source : doc["sources"]) {
      for (const auto& table : source["tables"]) {
        std::string name = source["name"].as<std::string>() + "." + table["name"].as<std::string>();
        for (const auto& column : table["columns"]) {
          columns[name].push_back(column["name"].as<std::string>());
        }
      }
    }
    for (const auto& exposure : doc["exposures"]) {
      for (const auto& dependency : exposure["depends_on"]) {
        std::smatch match;
        std::string text = dependency.as<std::string>();
        if (std::regex_search(text, match, std::regex(R"(ref\('([^']+)'\))"))) {
          exposures[exposure["name"].as<std::string>()].insert(match[1]);
        }
      }
    }
  }

  /// Everything `name` reads from, at any depth (models, seeds, snapshots, sources).
  [[nodiscard]] std::set<std::string> upstream(const std::string& name) const {
    std::set<std::string> out;
    std::vector<std::string> todo = {name};
    while (!todo.empty()) {
      std::string next = todo.back();
      todo.pop_back();
      auto it = parents.find(next);
      for (const auto& parent : it == parents.end() ? std::set<std::string>() : it->second) {
        if (out.insert(parent).second) {
          todo.push_back(parent);
        }
      }
    }
    return out;
  }

  /// Every model or snapshot that reads `name`, at any depth.
  [[nodiscard]] std::set<std::string> downstream_models(const std::string& name) const {
    std::set<std::string> out;
    for (const auto& [candidate, unused] : parents) {
      if (upstream(candidate).contains(name)) {
        out.insert(candidate);
      }
    }
    return out;
  }
};

} // namespace steward::testing

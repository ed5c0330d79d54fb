#pragma once

// Shared by the project tools tests: runs tools the way the agent loop does.

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/agent/project_tools.hpp"

namespace steward::agent::tool_testing {

using nlohmann::json;

inline std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::set<std::string> ids_of(const json& list) {
  std::set<std::string> out;
  for (const auto& item : list) {
    out.insert(item.is_string() ? item.get<std::string>() : item["unique_id"].get<std::string>());
  }
  return out;
}

/// Runs tools the way the agent loop does and checks every answer is a JSON
/// object whose citations exist in the project.
class ToolHarness {
public:
  explicit ToolHarness(std::shared_ptr<const knowledge::Snapshot> snapshot) {
    m_env.snapshot = std::move(snapshot);
  }

  ToolEnv& env() { return m_env; }

  ToolResult run(const std::string& tool, const json& arguments) {
    ToolResult result = run_tool(m_registry, llm::ToolCall{"id", tool, arguments.dump()}, m_env);
    json parsed = json::parse(result.json, nullptr, false);
    EXPECT_TRUE(parsed.is_object()) << tool << ": " << result.json;
    EXPECT_EQ(result.is_error, parsed.contains("error")) << result.json;
    for (const auto& id : result.cited) {
      EXPECT_TRUE(m_env.snapshot->project.find(id).has_value()) << tool << " cites unknown " << id;
    }
    return result;
  }

  json ok(const std::string& tool, const json& arguments) {
    ToolResult result = run(tool, arguments);
    EXPECT_FALSE(result.is_error) << tool << " " << arguments.dump() << ": " << result.json;
    return json::parse(result.json, nullptr, false);
  }

  json error(const std::string& tool, const json& arguments) {
    ToolResult result = run(tool, arguments);
    EXPECT_TRUE(result.is_error) << tool << " " << arguments.dump() << ": " << result.json;
    return json::parse(result.json, nullptr, false);
  }

private:
  ToolRegistry m_registry = project_tools();
  ToolEnv m_env;
};

} // namespace steward::agent::tool_testing

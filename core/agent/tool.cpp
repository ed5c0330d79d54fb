#include "core/agent/tool.hpp"

#include <algorithm>
#include <exception>
#include <string>

#include "core/util/text.hpp"

namespace steward::agent {
namespace {

using nlohmann::json;

/// Invalid UTF-8 (from a model's tool name, say) becomes U+FFFD instead of throwing.
ToolResult error_result(const json& body) {
  return ToolResult{body.dump(-1, ' ', false, json::error_handler_t::replace), true, {}};
}

std::vector<std::string> tool_names(const ToolRegistry& registry) {
  std::vector<std::string> names;
  for (const auto& tool : registry.tools()) {
    names.push_back(tool.name);
  }
  return names;
}

/// The part of a nlohmann exception message after its `[json.exception...] ` tag.
std::string reason_of(const std::exception& error) {
  std::string text = error.what();
  if (text.starts_with("[json.exception.")) {
    if (std::size_t end = text.find("] "); end != std::string::npos) {
      text = text.substr(end + 2);
    }
  }
  return text;
}

/// The call's arguments as a JSON object, or the error result to send back.
/// Blank arguments count as `{}` (some models send nothing for a call
/// without parameters).
tl::expected<json, ToolResult> parse_arguments(const llm::ToolCall& call) {
  if (trim(call.arguments).empty()) {
    return json::object();
  }
  json arguments;
  try {
    arguments = json::parse(call.arguments);
  } catch (const json::exception& error) {
    return tl::unexpected(
        error_result({{"error", call.name + ": the arguments are not valid JSON (" + reason_of(error) +
                                    R"(); send one JSON object, e.g. {"name": "fct_orders"})"}}));
  }
  if (!arguments.is_object()) {
    return tl::unexpected(error_result(
        {{"error", call.name + ": the arguments must be a JSON object of named parameters, got " +
                       std::string(arguments.type_name()) + " " +
                       arguments.dump(-1, ' ', false, json::error_handler_t::replace).substr(0, 200)}}));
  }
  return arguments;
}

} // namespace

void ToolRegistry::add(Tool tool) {
  auto same =
      std::find_if(m_tools.begin(), m_tools.end(), [&](const Tool& t) { return t.name == tool.name; });
  if (same != m_tools.end()) {
    *same = std::move(tool);
  } else {
    m_tools.push_back(std::move(tool));
  }
}

const Tool* ToolRegistry::find(std::string_view name) const {
  auto it = std::find_if(m_tools.begin(), m_tools.end(), [&](const Tool& t) { return t.name == name; });
  return it == m_tools.end() ? nullptr : &*it;
}

std::vector<llm::ToolSpec> ToolRegistry::specs() const {
  std::vector<llm::ToolSpec> out;
  out.reserve(m_tools.size());
  for (const auto& tool : m_tools) {
    out.push_back({tool.name, tool.description, tool.parameters.dump()});
  }
  return out;
}

ToolResult run_tool(const ToolRegistry& registry, const llm::ToolCall& call, const ToolEnv& env) {
  try {
    const Tool* tool = registry.find(call.name);
    if (tool == nullptr) {
      return error_result({{"error", "unknown tool \"" + call.name + "\"; call one of the tools listed"},
                           {"tools", tool_names(registry)}});
    }
    auto arguments = parse_arguments(call);
    if (!arguments) {
      return arguments.error();
    }
    if (auto valid = validate_arguments(tool->parameters, *arguments); !valid) {
      return error_result({{"error", call.name + ": invalid arguments: " + valid.error().to_string() +
                                         "; fix them and call " + call.name + " again"},
                           {"parameters", tool->parameters}});
    }
    if (!tool->run) {
      return error_result({{"error", call.name + ": this tool has no implementation"}});
    }
    if (env.snapshot == nullptr) {
      return error_result({{"error", call.name + ": not available right now (no project is loaded)"}});
    }
    return tool->run(*arguments, env);
  } catch (const std::exception& error) {
    return error_result({{"error", call.name + " failed: " + reason_of(error)}});
  }
}

} // namespace steward::agent

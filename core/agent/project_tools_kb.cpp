// search_knowledge_base: sections of the team's Markdown knowledge base.

#include "core/agent/project_tools_detail.hpp"

namespace steward::agent::detail {
namespace {

constexpr std::size_t k_text_bytes = 1500;

ToolResult search_knowledge_base(const json& arguments, const ToolEnv& env) {
  if (env.kb == nullptr) {
    return failure("no knowledge base is configured (set knowledge_base.path to a folder of Markdown "
                   "files); answer from the project tools instead");
  }
  std::string query = string_argument(arguments, "query");
  auto limit = static_cast<std::size_t>(integer_argument(arguments, "limit", 5));
  std::vector<kb::Hit> hits = env.kb_search ? env.kb_search(query, limit) : env.kb->search(query, limit);
  const auto& sections = env.kb->sections();
  json results = json::array();
  for (const auto& hit : hits) {
    if (hit.section >= sections.size() || results.size() >= limit) {
      continue;
    }
    const kb::Section& section = sections[hit.section];
    bool truncated = false;
    json item = {{"file", section.file},
                 {"section", section.path},
                 {"line", section.line},
                 {"text", clip(section.text, k_text_bytes, truncated)}};
    if (truncated) {
      item["truncated"] = true;
    }
    results.push_back(std::move(item));
  }
  json body = {{"results", std::move(results)}};
  if (body["results"].empty()) {
    body["hint"] = "nothing in the knowledge base matched; try other words, or say it is not documented";
  }
  return success(body);
}

} // namespace

Tool search_knowledge_base_tool() {
  return Tool{
      "search_knowledge_base",
      "Search the team's knowledge base (Markdown notes kept beside the dbt project: business rules, "
      "metric definitions, policies, playbooks, glossary). Returns the best matching sections, each with "
      "its file, heading path, line and text (cut at 1,500 bytes). Use it for definitions and rules "
      "(\"what's our refund policy?\", \"how is revenue defined?\") and for what to do when something "
      "fails.",
      json::parse(R"({
        "type": "object",
        "properties": {
          "query": {"type": "string", "minLength": 1, "maxLength": 500,
                    "description": "What to look for, in plain words: `refund policy`, `customer lifetime value`."},
          "limit": {"type": "integer", "minimum": 1, "maximum": 10, "default": 5,
                    "description": "Most sections to return (default 5)."}
        },
        "required": ["query"],
        "additionalProperties": false
      })"),
      search_knowledge_base};
}

} // namespace steward::agent::detail

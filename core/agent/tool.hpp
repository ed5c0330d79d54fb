#pragma once

// Tools the agent can call, and the registry the agent loop offers the model.
// A tool is a name, a description, a JSON Schema for its arguments and a
// function. The project tools (core/agent/project_tools.hpp) are pure: they
// read the knowledge snapshot and the knowledge base and return compact JSON
// with stable field names. Later tools (SQL) plug into the same registry.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/answer/answer.hpp"
#include "core/kb/corpus.hpp"
#include "core/knowledge/snapshot.hpp"
#include "core/ports/llm.hpp"

namespace steward::agent {

/// What a tool may read. `snapshot` is never null when a tool runs.
struct ToolEnv {
  std::shared_ptr<const knowledge::Snapshot> snapshot;
  /// The knowledge base; null when none is configured.
  std::shared_ptr<const kb::Corpus> kb;
  /// Ranks knowledge-base sections for a query (hybrid BM25 + embeddings when
  /// the daemon has an embedder). Empty: `kb->search` (BM25 alone).
  std::function<std::vector<kb::Hit>(std::string_view query, std::size_t limit)> kb_search;
};

/// A tool's answer. `json` is compact JSON (an object). `is_error` marks a
/// failure the model should read and correct (unknown node, bad argument):
/// `json` is then `{"error": "...", ...}` with suggestions where there are
/// some. `cited` lists the unique_ids of the nodes the result is about, so the
/// answer can cite them.
/// `display` and `files` are for the person, not the model: what the answer
/// shows besides the model's text (a query's SQL and result table, and its
/// rows as CSV); the answer keeps those of the last tool call that had any.
struct ToolResult {
  std::string json;
  bool is_error = false;
  std::vector<std::string> cited;
  std::vector<answer::Block> display{};
  std::vector<answer::File> files{};
};

/// Runs a tool with arguments that already passed its schema. Must not throw.
using ToolFunction = std::function<ToolResult(const nlohmann::json& arguments, const ToolEnv& env)>;

struct Tool {
  std::string name;          ///< `snake_case`, unique in a registry
  std::string description;   ///< what it returns and when to use it, for the model
  nlohmann::json parameters; ///< JSON Schema of the arguments (`type: object`)
  ToolFunction run;
};

/// The tools offered to the model, in registration order.
class ToolRegistry {
public:
  /// Adds `tool`, replacing one of the same name.
  void add(Tool tool);
  [[nodiscard]] const Tool* find(std::string_view name) const;
  [[nodiscard]] const std::vector<Tool>& tools() const { return m_tools; }
  /// The tools as the LLM port describes them.
  [[nodiscard]] std::vector<llm::ToolSpec> specs() const;

private:
  std::vector<Tool> m_tools;
};

/// Validates `arguments` against `schema`: the subset of JSON Schema tools
/// use (`type` object/string/integer/number/boolean/array, `properties`,
/// `required`, `additionalProperties: false`, `enum`, `minimum`, `maximum`,
/// `minLength`, `maxLength`, `items`, `maxItems`; also `minItems` and a list
/// of types). The error names the JSON path and the rule: `$.depth: must be
/// at most 10` (`Error::key` is the path). Unknown keywords are ignored.
Result<void> validate_arguments(const nlohmann::json& schema, const nlohmann::json& arguments);

/// Parses and validates a model's tool call, then runs it. Unknown tools,
/// arguments that are not a JSON object and arguments that fail the schema
/// become an error result (never a crash) whose message tells the model what
/// to fix and, for an unknown tool, which tools exist (`"tools"`); a schema
/// failure also carries the tool's `"parameters"`. Blank arguments count as
/// `{}`. A tool that throws becomes an error result too.
ToolResult run_tool(const ToolRegistry& registry, const llm::ToolCall& call, const ToolEnv& env);

} // namespace steward::agent

#pragma once

// The project tools: what the agent can look up about the dbt project and
// its knowledge base. Each is pure (reads `ToolEnv` only) and returns compact
// JSON with the stable field names below. Names of nodes are accepted as
// unique_id (`model.shop.fct_orders`), as name (`fct_orders`), as
// `source_name.table` for sources, case-insensitively; an unknown or
// ambiguous name is an error result with up to 5 `suggestions` (unique_ids).
// A `name` in a result is the form the tools accept back (`source_name.table`
// for sources).
// Long text fields (descriptions, SQL, knowledge base text) are cut at a
// UTF-8 boundary with `…` and the object gets `"truncated": true`; lists cut
// at their limit report `"omitted": N` (`"omitted": {"list": N}` in objects
// with several lists: get_node, get_lineage). Missing values are null. Empty
// result lists come with a `"hint"`.
//
// - `search_project {query, limit? (1-20, default 8), resource_type?}` →
//   `{"results": [{"unique_id", "name", "resource_type", "description",
//   "matched_column"?}]}`.
// - `get_node {name}` → `{"unique_id", "name", "resource_type", "package",
//   "path", "description", "materialized", "relation", "tags", "owner",
//   "columns": [{"name", "data_type", "description", "tests"}] (at most 60),
//   "depends_on": [unique_id], "referenced_by": [unique_id] (at most 30),
//   "tests": [{"unique_id", "name", "column", "status"?}], "last_run":
//   {"status", "message", "failures", "completed_at"}?}`, plus `label`,
//   `kind`, `url`, `maturity`, `access`, `group`, `version`, `model`,
//   `owner_email`, `language` and `semantic_fields` where the node has them.
// - `get_lineage {name, direction? (upstream|downstream|both, default both),
//   depth? (1-10, default 2), to?}` → `{"node", "upstream": [{"unique_id",
//   "resource_type", "depth"}], "downstream": [...], "impact": {"models",
//   "exposures", "tests", "metrics", "total", "exposure_ids", "owners"}}`
//   (tests left out of the lists; `impact` unless upstream only); with `to`,
//   `{"from", "to", "path": [unique_id], "connected", "direction"?}` (empty
//   path with `"connected": false` when none; `direction` is `upstream` when
//   `from` is downstream of `to` and the path walks against the data flow).
// - `get_columns {column, model?}` → `{"column", "models": [{"unique_id",
//   "name", "column", "data_type", "description", "tests"}]}` (exact name
//   first, then columns containing it, both ignoring case; at most 25; each
//   item's `column` is the column's own name). A `model` without such a
//   column is an error with `close_columns`.
// - `get_model_sql {name, kind? (raw|compiled|both, default both)}` →
//   `{"unique_id", "raw_sql", "compiled_sql"}` (each at most 6,000 bytes;
//   `compiled_sql` is null when the project was not compiled; the kind not
//   asked for is left out). Nodes without SQL (sources, seeds, ...) are an
//   error.
// - `list_failures {statuses? ([fail, error, warn, runtime error, skipped],
//   default [fail, error, warn])}` → `{"invocation_id", "generated_at",
//   "command", "failures": [{"unique_id", "name", "resource_type", "status",
//   "message", "failures", "attached_to"?}] (worst first, at most 30),
//   "counts": {status: n}}` (`counts` covers every result of the run);
//   `{"error": "no run_results.json loaded ..."}` when there is none.
// - `search_knowledge_base {query, limit? (1-10, default 5)}` →
//   `{"results": [{"file", "section", "line", "text"}]}` (text at most 1,500
//   bytes); an error result when no knowledge base is configured.

#include "core/agent/tool.hpp"

namespace steward::agent {

/// Adds the seven project tools above to `registry`.
void add_project_tools(ToolRegistry& registry);

/// A registry holding just the project tools.
ToolRegistry project_tools();

} // namespace steward::agent

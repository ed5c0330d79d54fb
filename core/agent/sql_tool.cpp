#include "core/agent/sql_tool.hpp"

#include "core/sql/quality.hpp"
#include "core/sql/render.hpp"

namespace steward::agent {
namespace {

constexpr std::size_t k_default_rows = 50;
constexpr std::size_t k_max_sql_bytes = 20'000;

nlohmann::json parameters() {
  return {{"type", "object"},
          {"properties",
           {{"sql",
             {{"type", "string"},
              {"minLength", 1},
              {"maxLength", k_max_sql_bytes},
              {"description", "One PostgreSQL SELECT (or WITH/VALUES/TABLE) over the project's relations."}}},
            {"max_rows",
             {{"type", "integer"},
              {"minimum", 1},
              {"maximum", 100},
              {"description", "Rows to return to you (default 50)."}}}}},
          {"required", {"sql"}},
          {"additionalProperties", false}};
}

std::string hint_for(const sql::QueryFailure& failure) {
  if (!failure.rejection) {
    return "Fix the statement using the warehouse's message; check names with get_node and get_columns.";
  }
  switch (failure.rejection->reason) {
  case sql::Reason::relation_not_allowed:
    return "Only the dbt project's relations may be read: find them with search_project and use get_node's "
           "`relation` (or the model name).";
  case sql::Reason::function_not_allowed:
    return "Use a standard aggregate, date, string or math function instead.";
  default: return "Write exactly one read-only SELECT statement.";
  }
}

std::vector<std::string> cited_nodes(const dbt::Project& project, const sql::Checked& checked) {
  std::vector<std::string> cited;
  for (const sql::Relation& relation : checked.relations) {
    for (const dbt::NodeId id : sql::nodes_of_relation(project, relation)) {
      cited.emplace_back(project.node(id).unique_id);
    }
  }
  return cited;
}

ToolResult run(const nlohmann::json& arguments, const ToolEnv& env, warehouse::Warehouse& warehouse,
               const sql::SqlSettings& settings) {
  const std::string statement = arguments.at("sql").get<std::string>();
  const auto max_rows =
      arguments.contains("max_rows") ? arguments["max_rows"].get<std::size_t>() : k_default_rows;
  const dbt::Project& project = env.snapshot->project;
  if (settings.require_approval) {
    auto checked = sql::check_query(statement, project, settings);
    if (!checked) {
      const nlohmann::json error = {{"error", checked.error().to_string()},
                                    {"hint", hint_for(checked.error())}};
      return {error.dump(), true, {}};
    }
    const nlohmann::json held = {
        {"status", "awaiting_approval"},
        {"sql", checked->statement},
        {"note", "Queries need approval here: the person sees your SQL with a Run button. Do not guess the "
                 "result; tell them what the query will show once they run it."}};
    return {held.dump(), false, cited_nodes(project, *checked), held_query(checked->statement, ""), {}};
  }
  auto outcome = sql::run_query(statement, project, settings, warehouse);
  if (!outcome) {
    const nlohmann::json error = {{"error", outcome.error().to_string()},
                                  {"hint", hint_for(outcome.error())}};
    return {error.dump(), true, {}};
  }
  nlohmann::json result = nlohmann::json::parse(sql::run_json(*outcome, max_rows));
  result["sql"] = outcome->checked.statement;
  answer::Answer shown = query_answer(*outcome);
  return {result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), false,
          cited_nodes(project, outcome->checked), std::move(shown.blocks), std::move(shown.files)};
}

} // namespace

std::vector<answer::Block> held_query(const std::string& sql, const std::string& asker) {
  const std::string who = asker.empty() ? "the person who asked" : "<@" + asker + ">";
  return {answer::Code{sql, "sql"},
          answer::Actions{{{"Run", "steward.sql_run", "", answer::ButtonStyle::primary},
                           {"Cancel", "steward.sql_cancel", "", answer::ButtonStyle::danger}}},
          answer::Context{"This query waits for approval: only " + who + " or an approver can run it."}};
}

std::string held_sql(const answer::Answer& answer) {
  for (std::size_t i = 1; i < answer.blocks.size(); ++i) {
    const auto* actions = std::get_if<answer::Actions>(&answer.blocks[i]);
    const auto* code = std::get_if<answer::Code>(&answer.blocks[i - 1]);
    if (actions == nullptr || code == nullptr) {
      continue;
    }
    for (const answer::Button& button : actions->buttons) {
      if (button.action == "steward.sql_run") {
        return code->text;
      }
    }
  }
  return {};
}

answer::Answer query_answer(const sql::QueryRun& run, std::size_t inline_rows) {
  const bool attach = run.table.rows.size() > inline_rows;
  answer::Answer out = sql::render_run(run, {true, inline_rows, attach});
  if (attach) {
    out.files.push_back({"query_result.csv",
                         "Query result (" + std::to_string(run.table.rows.size()) + " rows)",
                         sql::table_csv(run.table)});
  }
  return out;
}

void add_sql_tool(ToolRegistry& registry, std::shared_ptr<warehouse::Warehouse> warehouse,
                  sql::SqlSettings settings) {
  auto shared = std::make_shared<sql::SqlSettings>(std::move(settings));
  registry.add(Tool{
      "run_sql",
      "Runs one read-only PostgreSQL SELECT against the warehouse the dbt project builds and returns the "
      "rows "
      "(PII columns masked). Use it for questions that need numbers or data. Read only the project's models, "
      "seeds, snapshots and sources (by model name or get_node's `relation`); look up column names first "
      "with "
      "get_node or get_columns. The person sees your SQL and the result table, so do not repeat the rows; "
      "say "
      "what they mean, and mention failing_tests when there are any.",
      parameters(),
      [warehouse = std::move(warehouse), shared](const nlohmann::json& arguments, const ToolEnv& env) {
        return run(arguments, env, *warehouse, *shared);
      },
  });
}

} // namespace steward::agent

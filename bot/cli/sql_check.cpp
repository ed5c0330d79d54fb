// `steward sql-check`: the SQL guard from a shell, so a corpus of statements
// can be checked by a script (exit 0 allowed, 1 rejected, 2 usage).

#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>

#include "bot/cli/cli.hpp"
#include "bot/cli/command.hpp"
#include "bot/cli/sql_input.hpp"
#include "bot/sql/sql_setup.hpp"
#include "core/sql/guard.hpp"
#include "core/sql/project_policy.hpp"
#include "core/sql/query.hpp"

namespace steward::cli {
namespace {

std::string relations_text(const std::set<sql::Relation>& relations) {
  std::string out;
  for (const sql::Relation& relation : relations) {
    out += (out.empty() ? "" : ", ") + (relation.schema.empty() ? "" : relation.schema + ".") + relation.name;
  }
  return out.empty() ? "no tables" : out;
}

int run_sql_check(const Args& args, Io& io) {
  auto statement = sql_statement_of(args, "sql-check");
  if (!statement) {
    return report(io, statement.error(), k_exit_usage);
  }
  std::optional<config::Config> config = load_settings(args, io, false);
  if (!config) {
    return k_exit_usage;
  }
  const sql::SqlSettings settings = bot::sql_settings(*config);
  sql::Policy policy;
  policy.relations = settings.relations;
  policy.schemas = settings.schemas;
  policy.extra_functions = settings.functions;
  if (!config->project.path.empty()) {
    auto snapshot = open_project(args, io);
    if (!snapshot) {
      return k_exit_usage;
    }
    policy = sql::query_policy(snapshot->project, settings);
  }
  sql::Checked checked;
  if (auto rejected = sql::check(*statement, policy, &checked)) {
    io.out << sql::QueryFailure{std::move(*rejected), {}}.to_string() << "\n";
    return k_exit_not_found;
  }
  io.out << "allowed: " << checked.kind << " reading " << relations_text(checked.relations) << "\n";
  return k_exit_ok;
}

} // namespace

const Command& sql_check_command() {
  static const Command command{
      "sql-check",
      "check SQL against the read-only guard without running it",
      "usage: steward sql-check \"SQL\" | --file FILE [--project PATH]\n"
      "\n"
      "Parses the statement with PostgreSQL's parser and applies the guard that\n"
      "every query Steward runs goes through: exactly one statement, and a read\n"
      "(SELECT, WITH, VALUES, TABLE, EXPLAIN without ANALYZE); no data-modifying\n"
      "CTE, SELECT INTO or FOR UPDATE/SHARE; only functions on the allow-list\n"
      "(docs/sql.md, plus sql.allowed_functions); no system catalogs. With a\n"
      "project (--project, or project.path in the config) every table must be\n"
      "one of its relations (models, seeds, snapshots, sources) or be listed in\n"
      "sql.allowed_relations / sql.allowed_schemas; without one, any table\n"
      "outside the system catalogs passes.\n"
      "\n"
      "Prints `allowed: KIND reading TABLES` or `rejected: REASON: MESSAGE (at\n"
      "character N)` on one line.\n"
      "\n"
      "  --file FILE     read the statement from FILE (at most 1 MiB)\n"
      "  --project PATH  check tables against this dbt project's relations\n"
      "  --config FILE   config file (default $STEWARD_CONFIG, else ./steward.yaml)\n"
      "\n"
      "exit: 0 allowed, 1 rejected, 2 bad usage or a project that cannot be loaded\n",
      {{"file", true}, {"project", true}, {"config", true}, {"help", false}},
      run_sql_check,
  };
  return command;
}

} // namespace steward::cli

// `steward sql-check`: the SQL guard from a shell, so a corpus of statements
// can be checked by a script (exit 0 allowed, 1 rejected, 2 usage).

#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>

#include "bot/cli/cli.hpp"
#include "bot/cli/command.hpp"
#include "core/sql/guard.hpp"
#include "core/sql/project_policy.hpp"

namespace steward::cli {
namespace {

constexpr std::size_t k_max_file_bytes = 1 << 20;

Result<std::string> statement_of(const Args& args) {
  auto file = args.value("file");
  if (file && !args.positional.empty()) {
    return fail("--file", "give the SQL either as an argument or with --file, not both");
  }
  if (!file) {
    if (args.positional.size() != 1) {
      return fail("SQL",
                  args.positional.empty()
                      ? "missing: steward sql-check \"SELECT ...\" or --file query.sql"
                      : "expected one SQL argument in quotes, got " + std::to_string(args.positional.size()));
    }
    return args.positional.front();
  }
  std::ifstream in(*file, std::ios::binary);
  if (!in) {
    return fail("--file", *file + ": cannot read it");
  }
  std::string text(k_max_file_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > k_max_file_bytes) {
    return fail("--file", *file + ": larger than 1 MiB");
  }
  return text;
}

std::string relations_text(const std::set<sql::Relation>& relations) {
  std::string out;
  for (const sql::Relation& relation : relations) {
    out += (out.empty() ? "" : ", ") + (relation.schema.empty() ? "" : relation.schema + ".") + relation.name;
  }
  return out.empty() ? "no tables" : out;
}

int run_sql_check(const Args& args, Io& io) {
  auto statement = statement_of(args);
  if (!statement) {
    return report(io, statement.error(), k_exit_usage);
  }
  std::optional<config::Config> config = load_settings(args, io, false);
  if (!config) {
    return k_exit_usage;
  }
  sql::Policy policy;
  for (const std::string& relation : config->sql.allowed_relations) {
    policy.relations.insert(sql::identifier_of(relation));
  }
  for (const std::string& schema : config->sql.allowed_schemas) {
    policy.schemas.insert(sql::identifier_of(schema));
  }
  for (const std::string& function : config->sql.allowed_functions) {
    policy.extra_functions.insert(sql::identifier_of(function));
  }
  if (!config->project.path.empty()) {
    auto snapshot = open_project(args, io);
    if (!snapshot) {
      return k_exit_usage;
    }
    policy = sql::with_project_relations(std::move(policy), snapshot->project);
  }
  sql::Checked checked;
  if (auto rejected = sql::check(*statement, policy, &checked)) {
    io.out << "rejected: " << sql::reason_name(rejected->reason) << ": " << rejected->message;
    if (rejected->position > 0) {
      io.out << " (at character " << rejected->position << ")";
    }
    io.out << "\n";
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

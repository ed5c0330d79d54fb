// `steward sql`: runs one read-only statement against the warehouse from a
// shell, through the same guard, limits and PII masking as Slack.

#include <ostream>

#include "bot/cli/cli.hpp"
#include "bot/cli/command.hpp"
#include "bot/cli/sql_input.hpp"
#include "bot/sql/sql_setup.hpp"
#include "bot/store/open_store.hpp"
#include "core/sql/render.hpp"

namespace steward::cli {
namespace {

/// The hasher `sql.pii_action: hash` needs (its key lives in the store).
Result<sql::Hasher> hasher_for(const config::Config& config) {
  if (config.sql.pii_action != "hash") {
    return sql::Hasher();
  }
  auto store = bot::open_store(config);
  if (!store) {
    return tl::unexpected(std::move(store.error()));
  }
  return bot::pii_hasher(**store);
}

Result<std::string> format_of(const Args& args) {
  const std::string format = args.value("format").value_or(args.has("json") ? "json" : "table");
  if (format != "table" && format != "csv" && format != "json") {
    return fail("--format", "expected table, csv or json, not " + format);
  }
  return format;
}

void print_run(const sql::QueryRun& run, const std::string& format, Io& io) {
  if (format == "csv") {
    io.out << sql::table_csv(run.table);
  } else if (format == "json") {
    io.out << sql::run_json(run, run.table.rows.size()) << "\n";
  } else {
    io.out << sql::table_text(run.table, run.table.rows.size(), 80);
  }
  // Notes go to stderr so that csv and json output stays machine-readable.
  io.err << sql::rows_note(run.table) << "\n";
  for (const std::string& note : sql::run_notes(run)) {
    io.err << note << "\n";
  }
}

int run_sql(const Args& args, Io& io) {
  auto statement = sql_statement_of(args, "sql");
  auto format = format_of(args);
  if (!statement || !format) {
    return report(io, statement ? format.error() : statement.error(), k_exit_usage);
  }
  std::optional<config::Config> config = load_settings(args, io);
  if (!config) {
    return k_exit_usage;
  }
  if (auto rows = args.value("max-rows")) {
    auto count = parse_count("max-rows", *rows);
    if (!count || *count < 1 || *count > 1000) {
      return report(io, Error{"--max-rows", "expected 1 to 1000, not " + *rows}, k_exit_usage);
    }
    config->sql.max_rows = static_cast<std::int64_t>(*count);
  }
  auto snapshot = open_project(args, io);
  if (!snapshot) {
    return k_exit_usage;
  }
  auto warehouse = bot::open_warehouse(*config);
  if (!warehouse) {
    return report(io, warehouse.error(), k_exit_usage);
  }
  auto hasher = hasher_for(*config);
  if (!hasher) {
    return report(io, hasher.error(), k_exit_usage);
  }
  const sql::SqlSettings settings = bot::sql_settings(*config, std::move(*hasher));
  auto run = sql::run_query(*statement, snapshot->project, settings, **warehouse);
  if (!run) {
    io.err << run.error().to_string() << "\n";
    return k_exit_not_found;
  }
  print_run(*run, *format, io);
  return k_exit_ok;
}

} // namespace

const Command& sql_command() {
  static const Command command{
      "sql",
      "run one read-only SQL statement against the warehouse",
      "usage: steward sql \"SQL\" | --file FILE --project PATH [--format table|csv|json]\n"
      "                   [--max-rows N] [--config FILE]\n"
      "\n"
      "Runs the statement the way Steward does for `/steward sql` and the agent's\n"
      "run_sql tool: the SQL guard first (see `steward sql-check --help` and\n"
      "docs/sql.md), then, on the warehouse (warehouse.url or\n"
      "STEWARD_WAREHOUSE_URL, password from STEWARD_WAREHOUSE_PASSWORD or\n"
      "warehouse.password_file), a READ ONLY transaction that is rolled back,\n"
      "with sql.timeout as the statement timeout and at most sql.max_rows rows.\n"
      "Columns the dbt project marks as PII (sql.pii_tags, sql.pii_meta_keys)\n"
      "are masked, hashed or dropped (sql.pii_action) before they are printed.\n"
      "\n"
      "Prints the rows on stdout; the row count, truncation, PII and failing-test\n"
      "notes go to stderr.\n"
      "\n"
      "  --file FILE       read the statement from FILE (at most 1 MiB)\n"
      "  --project PATH    the dbt project (default project.path)\n"
      "  --format F        table (default), csv or json (--json is --format json)\n"
      "  --max-rows N      return at most N rows (1 to 1000; default sql.max_rows)\n"
      "  --config FILE     config file (default $STEWARD_CONFIG, else ./steward.yaml)\n"
      "\n"
      "exit: 0 ran, 1 rejected by the guard or failed in the warehouse (the reason\n"
      "on stderr as key: reason), 2 bad usage, configuration, project or warehouse\n"
      "settings\n",
      project_options({{"file", true}, {"format", true}, {"max-rows", true}}),
      run_sql,
  };
  return command;
}

} // namespace steward::cli

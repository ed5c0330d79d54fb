#include <cmath>
#include <iomanip>
#include <ostream>

#include <nlohmann/json.hpp>

#include "bot/cli/cli.hpp"
#include "bot/cli/command.hpp"

namespace steward::cli {
namespace {

double rounded(double score) {
  return std::round(score * 10000.0) / 10000.0;
}

std::string first_line(std::string_view text, std::size_t width) {
  std::string_view line = text.substr(0, text.find('\n'));
  if (line.size() > width) {
    return std::string(line.substr(0, width - 3)) + "...";
  }
  return std::string(line);
}

int run_search(const Args& args, Io& io) {
  if (args.positional.empty()) {
    return report(io,
                  Error{"QUERY", "missing: say what to look for, e.g. steward search \"customer orders\""},
                  k_exit_usage);
  }
  std::string query;
  for (const auto& word : args.positional) {
    query += (query.empty() ? "" : " ") + word;
  }
  std::size_t limit = 10;
  if (auto text = args.value("limit")) {
    auto parsed = parse_count("limit", *text);
    if (!parsed) {
      return report(io, parsed.error(), k_exit_usage);
    }
    limit = *parsed;
  }
  auto snapshot = open_project(args, io);
  if (!snapshot) {
    return k_exit_usage;
  }
  auto hits = snapshot->index.search(query, limit);
  const dbt::Project& project = snapshot->project;
  if (args.has("json")) {
    auto out = nlohmann::ordered_json::array();
    for (const auto& hit : hits) {
      nlohmann::ordered_json item;
      item["unique_id"] = std::string(project.node(hit.node).unique_id);
      item["score"] = rounded(hit.score);
      out.push_back(std::move(item));
    }
    io.out << out.dump(2) << "\n";
    return k_exit_ok;
  }
  if (hits.empty()) {
    io.out << "no matches for \"" << query << "\"\n";
    return k_exit_ok;
  }
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const dbt::Node& node = project.node(hits[i].node);
    io.out << std::setw(3) << i + 1 << ". " << node.unique_id << " (" << dbt::to_string(node.type)
           << ")  score " << std::fixed << std::setprecision(2) << hits[i].score << "\n";
    if (!hits[i].column.empty()) {
      io.out << "     matched column: " << hits[i].column << "\n";
    }
    if (!node.description.empty()) {
      io.out << "     " << first_line(node.description, 100) << "\n";
    }
  }
  return k_exit_ok;
}

} // namespace

const Command& search_command() {
  static const Command command{
      "search",
      "find models, sources, columns, metrics and docs by words",
      "usage: steward search \"QUERY\" --project PATH [--limit K] [--json]\n"
      "\n"
      "Ranks models, seeds, snapshots, sources, columns, metrics, semantic models,\n"
      "saved queries, exposures and docs blocks by relevance to QUERY (BM25 with\n"
      "dbt-aware tokens: snake_case split, stg_/int_/fct_/dim_ prefixes, singular and\n"
      "plural). Names tolerate small typos.\n"
      "\n"
      "  --project PATH  dbt project directory or manifest.json; default: project.path\n"
      "                  from the config (or $STEWARD_PROJECT_PATH)\n"
      "  --config FILE   config file (default $STEWARD_CONFIG, else ./steward.yaml if present)\n"
      "  --limit K       at most K results (default 10)\n"
      "  --json          [{\"unique_id\": ID, \"score\": S}, ...], best first\n"
      "\n"
      "exit: 0 ok (also when nothing matches), 2 bad input\n",
      project_options({{"limit", true}}),
      run_search,
  };
  return command;
}

} // namespace steward::cli

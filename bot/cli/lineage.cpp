#include <algorithm>
#include <ostream>

#include <nlohmann/json.hpp>

#include "bot/cli/cli.hpp"
#include "bot/cli/command.hpp"
#include "core/lineage/impact.hpp"

namespace steward::cli {
namespace {

using lineage::Direction;
using lineage::Reached;

struct Walk {
  std::vector<Reached> upstream;
  std::vector<Reached> downstream;
};

/// Closure in one direction, tests dropped unless asked for, sorted by depth
/// then unique id so output is stable.
std::vector<Reached> walk(const dbt::Project& project, dbt::NodeId node, Direction direction,
                          std::uint32_t depth, bool include_tests) {
  auto reached = project.graph().closure(node, direction, depth);
  if (!include_tests) {
    std::erase_if(reached, [&](const Reached& r) { return dbt::is_test(project.node(r.node).type); });
  }
  std::sort(reached.begin(), reached.end(), [&](const Reached& a, const Reached& b) {
    if (a.depth != b.depth) {
      return a.depth < b.depth;
    }
    return project.node(a.node).unique_id < project.node(b.node).unique_id;
  });
  return reached;
}

nlohmann::ordered_json ids(const dbt::Project& project, const std::vector<Reached>& reached) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& r : reached) {
    out.push_back(std::string(project.node(r.node).unique_id));
  }
  return out;
}

void print_text(Io& io, const dbt::Project& project, dbt::NodeId node, const Walk& walk_result, bool upstream,
                bool downstream) {
  const dbt::Node& root = project.node(node);
  io.out << root.unique_id << " (" << dbt::to_string(root.type) << ")\n";
  auto section = [&](const char* title, const std::vector<Reached>& reached) {
    io.out << title << " (" << reached.size() << "):\n";
    if (reached.empty()) {
      io.out << "  (none)\n";
    }
    for (const auto& r : reached) {
      const dbt::Node& n = project.node(r.node);
      io.out << "  " << std::string(std::size_t{2} * (r.depth - 1), ' ') << n.unique_id << " ("
             << dbt::to_string(n.type) << ", depth " << r.depth << ")\n";
    }
  };
  if (upstream) {
    section("upstream", walk_result.upstream);
  }
  if (downstream) {
    section("downstream", walk_result.downstream);
    io.out << "impact: " << lineage::describe(lineage::impact_of(project, node)) << "\n";
  }
}

int run_lineage(const Args& args, Io& io) {
  bool only_up = args.has("upstream");
  bool only_down = args.has("downstream");
  std::uint32_t depth = lineage::k_unlimited;
  if (auto text = args.value("depth")) {
    auto parsed = parse_count("depth", *text);
    if (!parsed) {
      return report(io, parsed.error(), k_exit_usage);
    }
    depth = static_cast<std::uint32_t>(std::min<std::size_t>(*parsed, lineage::k_unlimited));
  }
  int code = k_exit_ok;
  auto target = open_node(args, io, "trace", code);
  if (!target) {
    return code;
  }
  const dbt::Project& project = target->snapshot->project;
  bool upstream = only_up || !only_down;
  bool downstream = only_down || !only_up;
  bool tests = args.has("include-tests");
  Walk result;
  if (upstream) {
    result.upstream = walk(project, target->id, Direction::upstream, depth, tests);
  }
  if (downstream) {
    result.downstream = walk(project, target->id, Direction::downstream, depth, tests);
  }
  if (args.has("json")) {
    nlohmann::ordered_json out;
    out["node"] = std::string(project.node(target->id).unique_id);
    out["upstream"] = ids(project, result.upstream);
    out["downstream"] = ids(project, result.downstream);
    io.out << out.dump(2) << "\n";
  } else {
    print_text(io, project, target->id, result, upstream, downstream);
  }
  return k_exit_ok;
}

} // namespace

const Command& lineage_command() {
  static const Command command{
      "lineage",
      "what a node depends on and what depends on it",
      "usage: steward lineage NODE --project PATH [--upstream | --downstream] [--depth N]\n"
      "                        [--include-tests] [--json]\n"
      "\n"
      "Walks the dependency graph from NODE. Both directions by default, at any depth.\n"
      "NODE is a unique_id, a model/seed/snapshot name, source_name.table_name, or\n"
      "package.name.\n"
      "\n"
      "  --project PATH    dbt project directory (uses target/ artifacts when present,\n"
      "                    else parses the sources) or a manifest.json; default:\n"
      "                    project.path from the config (or $STEWARD_PROJECT_PATH)\n"
      "  --config FILE     config file (default $STEWARD_CONFIG, else ./steward.yaml)\n"
      "  --upstream        only what NODE depends on\n"
      "  --downstream      only what depends on NODE (text output adds an impact line)\n"
      "  --depth N         stop N edges away (1 = direct parents/children)\n"
      "  --include-tests   include data and unit tests (excluded by default)\n"
      "  --json            {\"node\": ID, \"upstream\": [ID...], \"downstream\": [ID...]},\n"
      "                    nearest first; a direction not asked for is []\n"
      "\n"
      "exit: 0 ok, 1 NODE not found or ambiguous, 2 bad input\n",
      project_options(
          {{"upstream", false}, {"downstream", false}, {"depth", true}, {"include-tests", false}}),
      run_lineage,
  };
  return command;
}

} // namespace steward::cli

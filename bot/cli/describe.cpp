#include <iomanip>
#include <ostream>

#include <nlohmann/json.hpp>

#include "bot/cli/cli.hpp"
#include "bot/cli/command.hpp"
#include "core/util/text.hpp"

namespace steward::cli {
namespace {

nlohmann::ordered_json text_or_null(std::string_view text) {
  return text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(std::string(text));
}

nlohmann::ordered_json to_json(const dbt::Project& project, dbt::NodeId id) {
  const dbt::Node& node = project.node(id);
  nlohmann::ordered_json out;
  out["unique_id"] = std::string(node.unique_id);
  out["name"] = std::string(node.name);
  out["resource_type"] = std::string(dbt::to_string(node.type));
  out["description"] = std::string(node.description);
  out["path"] = std::string(node.path);
  out["owner"] = text_or_null(node.owner.empty() ? node.owner_email : node.owner);
  out["tags"] = nlohmann::ordered_json::array();
  for (auto tag : node.tags) {
    out["tags"].push_back(std::string(tag));
  }
  out["columns"] = nlohmann::ordered_json::array();
  for (const auto& column : node.columns) {
    nlohmann::ordered_json c;
    c["name"] = std::string(column.name);
    c["description"] = std::string(column.description);
    c["data_type"] = text_or_null(column.data_type);
    out["columns"].push_back(std::move(c));
  }
  out["tests"] = nlohmann::ordered_json::array();
  for (dbt::NodeId test : project.tests_of(id)) {
    out["tests"].push_back(std::string(project.node(test).unique_id));
  }
  out["depends_on"] = nlohmann::ordered_json::array();
  for (auto parent : node.depends_on) {
    out["depends_on"].push_back(std::string(parent));
  }
  return out;
}

/// The first line of `text`, cut to `width` characters with an ellipsis.
std::string first_line(std::string_view text, std::size_t width) {
  std::string_view line = text.substr(0, text.find('\n'));
  bool more = line.size() < text.size();
  if (line.size() > width) {
    line = line.substr(0, width - 3);
    more = true;
  }
  return std::string(line) + (more ? "..." : "");
}

/// Writes `text` with every line indented by `indent` spaces.
void print_indented(Io& io, std::string_view text, std::size_t indent) {
  std::string pad(indent, ' ');
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    std::string_view line =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    io.out << (line.empty() ? "" : pad) << line << "\n";
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
}

void print_field(Io& io, std::string_view label, std::string_view value) {
  if (!value.empty()) {
    io.out << "  " << label << ": " << value << "\n";
  }
}

void print_columns(Io& io, const dbt::Node& node) {
  if (node.columns.empty()) {
    return;
  }
  std::size_t width = 4;
  for (const auto& column : node.columns) {
    width = std::max(width, column.name.size());
  }
  io.out << "  columns (" << node.columns.size() << "):\n";
  for (const auto& column : node.columns) {
    io.out << "    " << std::left << std::setw(static_cast<int>(width)) << column.name << "  "
           << std::setw(12) << (column.data_type.empty() ? "-" : column.data_type) << "  "
           << (column.description.empty() ? (column.documented ? "" : "(undocumented)")
                                          : first_line(column.description, 90))
           << "\n";
  }
}

void print_run(Io& io, const dbt::Project& project, const dbt::Node& node) {
  if (const auto* result = project.run_result(node.unique_id)) {
    io.out << "  last run: " << result->status;
    if (result->failures && *result->failures > 0) {
      io.out << " (" << *result->failures << " failing rows)";
    }
    io.out << " in " << std::fixed << std::setprecision(2) << result->execution_time << "s";
    if (!result->message.empty() && result->is_problem()) {
      io.out << ": " << result->message.substr(0, 300);
    }
    io.out << "\n";
  }
}

void print_text(Io& io, const dbt::Project& project, dbt::NodeId id) {
  const dbt::Node& node = project.node(id);
  io.out << node.unique_id << " (" << dbt::to_string(node.type) << ")\n";
  if (!node.description.empty()) {
    print_indented(io, trim(node.description), 2);
  }
  print_field(io, "path", node.path);
  print_field(io, "owner", node.owner.empty() ? node.owner_email : node.owner);
  print_field(io, "materialized", node.materialized);
  if (dbt::is_relation(node.type) || node.type == dbt::ResourceType::source) {
    print_field(io, "relation", dbt::relation_of(node));
  }
  print_field(io, "version", node.version);
  print_field(io, "access", node.access);
  print_field(io, "group", node.group);
  std::string tags;
  for (auto tag : node.tags) {
    tags += (tags.empty() ? "" : ", ") + std::string(tag);
  }
  print_field(io, "tags", tags);
  std::string parents;
  for (auto parent : node.depends_on) {
    parents += (parents.empty() ? "" : ", ") + std::string(parent);
  }
  print_field(io, "depends on", parents);
  print_columns(io, node);
  auto tests = project.tests_of(id);
  if (!tests.empty()) {
    io.out << "  tests (" << tests.size() << "):\n";
    for (auto test : tests) {
      io.out << "    " << project.node(test).unique_id << "\n";
    }
  }
  print_run(io, project, node);
}

int run_describe(const Args& args, Io& io) {
  int code = k_exit_ok;
  auto target = open_node(args, io, "describe", code);
  if (!target) {
    return code;
  }
  const dbt::Project& project = target->snapshot->project;
  if (args.has("json")) {
    io.out << to_json(project, target->id).dump(2) << "\n";
  } else {
    print_text(io, project, target->id);
  }
  return k_exit_ok;
}

} // namespace

const Command& describe_command() {
  static const Command command{
      "describe",
      "a node's description, owner, columns, tests and parents",
      "usage: steward describe NODE --project PATH [--json]\n"
      "\n"
      "Shows what NODE is: description, file, owner, tags, columns (with warehouse\n"
      "types from catalog.json when present), the tests on it, its direct parents\n"
      "and, when run_results.json is present, its last run.\n"
      "\n"
      "  --project PATH  dbt project directory or manifest.json; default: project.path\n"
      "                  from the config (or $STEWARD_PROJECT_PATH)\n"
      "  --config FILE   config file (default $STEWARD_CONFIG, else ./steward.yaml if present)\n"
      "  --json          {\"unique_id\", \"name\", \"resource_type\", \"description\", \"path\",\n"
      "                  \"owner\", \"tags\", \"columns\": [{\"name\", \"description\", \"data_type\"}],\n"
      "                  \"tests\": [ID...], \"depends_on\": [ID...]}; owner and data_type\n"
      "                  are null when unknown\n"
      "\n"
      "exit: 0 ok, 1 NODE not found or ambiguous, 2 bad input\n",
      project_options({}),
      run_describe,
  };
  return command;
}

} // namespace steward::cli

#include "bot/cli/cli.hpp"

#include <iostream>

#include <unistd.h>

#include "bot/cli/check_config.hpp"
#include "bot/cli/command.hpp"
#include "core/util/text.hpp"

namespace steward::cli {
namespace {

constexpr const char* k_version = "steward 0.1.0";

std::vector<const Command*> commands() {
  return {&serve_command(),     &chat_command(),      &ask_command(),      &lineage_command(),
          &describe_command(),  &search_command(),    &stats_command(),    &eval_command(),
          &migrate_command(),   &jobs_command(),      &feedback_command(), &sql_command(),
          &sql_check_command(), &incidents_command(), &datavault_command()};
}

void print_help(std::ostream& out) {
  out << "usage: steward COMMAND [ARGS] [--help]\n"
         "\n"
         "Steward answers questions about a dbt project. Commands:\n"
         "\n";
  for (const Command* command : commands()) {
    out << "  " << command->name << std::string(14 - command->name.size(), ' ') << command->summary << "\n";
  }
  out << "  check-config  validate the configuration and show every effective value\n"
         "  help          this text; `steward COMMAND --help` for a command's options\n"
         "  version       print the version\n"
         "\n"
         "Exit codes: 0 ok, 1 not found or ambiguous, 2 bad input (errors print as key: reason).\n";
}

const Command* find(const std::string& name) {
  for (const Command* command : commands()) {
    if (command->name == name) {
      return command;
    }
  }
  return nullptr;
}

int unknown_command(const std::string& name, std::ostream& err) {
  std::vector<std::string_view> names;
  for (const Command* command : commands()) {
    names.emplace_back(command->name);
  }
  auto near = closest(name, names, 1);
  err << name << ": unknown command";
  if (!near.empty()) {
    err << "; did you mean " << near.front() << "?";
  }
  err << " (see steward help)\n";
  return k_exit_usage;
}

} // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    print_help(err);
    return k_exit_usage;
  }
  const std::string& name = args.front();
  if (name == "help" || name == "--help" || name == "-h") {
    if (args.size() > 1) {
      if (const Command* command = find(args[1])) {
        out << command->usage;
        return k_exit_ok;
      }
      return unknown_command(args[1], err);
    }
    print_help(out);
    return k_exit_ok;
  }
  if (name == "check-config") {
    return run_check_config({args.begin() + 1, args.end()}, config::Environment::from_process(), out, err);
  }
  if (name == "version" || name == "--version") {
    out << k_version << "\n";
    return k_exit_ok;
  }
  const Command* command = find(name);
  if (command == nullptr) {
    return unknown_command(name, err);
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  auto parsed = parse_args(rest, command->options);
  if (!parsed) {
    err << parsed.error().to_string() << " (see steward " << command->name << " --help)\n";
    return k_exit_usage;
  }
  if (parsed->has("help")) {
    out << command->usage;
    return k_exit_ok;
  }
  // Progress lines for slow loads only when a person is watching stderr.
  Io io{out, err, &err == &std::cerr && ::isatty(STDERR_FILENO) == 1};
  try {
    return command->run(*parsed, io);
  } catch (const std::exception& error) {
    err << command->name << ": internal error: " << error.what() << "\n";
    return k_exit_usage;
  }
}

int run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return run(args, std::cout, std::cerr);
}

} // namespace steward::cli

#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/cli/args.hpp"
#include "bot/config/config.hpp"
#include "core/knowledge/snapshot.hpp"
#include "core/ports/store.hpp"

namespace steward::cli {

/// Where a command writes: results to `out`, diagnostics to `err`.
struct Io {
  std::ostream& out;
  std::ostream& err;
  bool progress = false; ///< print progress lines for slow steps to `err`
};

/// A subcommand: its name, a one-line summary for `steward help`, its full
/// `--help` text, its options and its body.
struct Command {
  std::string name;
  std::string summary;
  std::string usage;
  std::vector<OptionSpec> options;
  int (*run)(const Args& args, Io& io);
};

/// Loads the configuration the way every command does: `--config`, else
/// `$STEWARD_CONFIG`, else `./steward.yaml`; `--project` (when the command
/// has it) overrides `project.path`, which is required only when
/// `needs_project`. Applies `log.level`. Reports problems on `io.err`.
std::optional<config::Config> load_settings(const Args& args, Io& io, bool needs_project = true);

/// Options every project-reading command accepts.
std::vector<OptionSpec> project_options(std::vector<OptionSpec> extra);

/// Loads and indexes the project named by `--project`, else by `project.path`
/// from the configuration (`--config FILE`, `$STEWARD_CONFIG` or
/// `./steward.yaml`, and `STEWARD_PROJECT_PATH`). Reports `key: reason` on
/// `io.err` and returns null on failure; prints load warnings as `warning: ...`.
std::shared_ptr<const knowledge::Snapshot> open_project(const Args& args, Io& io);

/// The node a command works on, in the snapshot it was found in.
struct Target {
  std::shared_ptr<const knowledge::Snapshot> snapshot;
  dbt::NodeId id = 0;
};

/// Loads the project and resolves the single NODE argument (`what` says what
/// the command does with it, for the "missing" message). On failure reports on
/// `io.err`, sets `code` (`k_exit_usage` or `k_exit_not_found`) and returns nothing.
std::optional<Target> open_node(const Args& args, Io& io, std::string_view what, int& code);

/// Loads the configuration (as `load_settings`, no project needed) into
/// `config` and opens the state store; reports and returns null on failure.
std::unique_ptr<store::Store> open_state_store(const Args& args, Io& io, config::Config& config);

/// `2026-11-24T06:12:00Z`.
std::string format_time(store::TimePoint at);

/// Prints `error` as `key: reason` on `io.err` and returns `code`.
int report(Io& io, const Error& error, int code);

// The commands; each lives in its own file.
const Command& lineage_command();
const Command& describe_command();
const Command& search_command();
const Command& stats_command();
const Command& migrate_command();
const Command& jobs_command();
const Command& feedback_command();
const Command& serve_command();
const Command& chat_command();
const Command& ask_command();
const Command& eval_command();
const Command& sql_command();
const Command& sql_check_command();
const Command& incidents_command();
const Command& datavault_command();

} // namespace steward::cli

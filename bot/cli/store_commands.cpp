// `steward migrate` and `steward jobs list|retry`: the store from the command line.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <iomanip>
#include <ostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "bot/cli/cli.hpp"
#include "bot/cli/command.hpp"
#include "bot/store/open_store.hpp"

namespace steward::cli {
namespace {

store::TimePoint now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

std::string where(const config::Config& config) {
  if (config.store.uses_postgres()) {
    return "postgres";
  }
  return "sqlite " + config.store.sqlite_file(config.state.dir).string();
}

int run_migrate(const Args& args, Io& io) {
  if (!args.positional.empty()) {
    return report(io, Error{args.positional.front(), "unexpected argument"}, k_exit_usage);
  }
  config::Config config;
  auto store = open_state_store(args, io, config);
  if (!store) {
    return k_exit_usage;
  }
  auto version = store->schema_version();
  if (!version) {
    return report(io, version.error(), k_exit_usage);
  }
  io.out << "store: " << where(config) << " is at schema version " << *version << "\n";
  return k_exit_ok;
}

nlohmann::ordered_json to_json(const store::Job& job) {
  nlohmann::ordered_json out;
  out["id"] = job.id;
  out["kind"] = job.kind;
  out["state"] = std::string(store::to_string(job.state));
  out["attempts"] = job.attempts;
  out["max_attempts"] = job.max_attempts;
  out["idempotency_key"] = job.idempotency_key;
  out["run_at"] = format_time(job.run_at);
  out["created_at"] = format_time(job.created_at);
  out["updated_at"] = format_time(job.updated_at);
  out["last_error"] = job.last_error;
  out["payload_bytes"] = job.payload.size();
  return out;
}

void print_jobs(Io& io, const std::vector<store::Job>& jobs) {
  if (jobs.empty()) {
    io.out << "no jobs\n";
    return;
  }
  io.out << std::left << std::setw(8) << "ID" << std::setw(9) << "STATE" << std::setw(10) << "ATTEMPTS"
         << std::setw(22) << "UPDATED" << std::setw(20) << "KIND"
         << "LAST ERROR\n";
  for (const store::Job& job : jobs) {
    io.out << std::left << std::setw(8) << job.id << std::setw(9) << store::to_string(job.state)
           << std::setw(10) << (std::to_string(job.attempts) + "/" + std::to_string(job.max_attempts))
           << std::setw(22) << format_time(job.updated_at) << std::setw(20) << job.kind << job.last_error
           << "\n";
  }
}

int jobs_list(const Args& args, Io& io, store::Store& store) {
  store::JobFilter filter;
  if (auto state = args.value("state"); state && *state != "all") {
    filter.state = store::job_state_from(*state);
    if (!filter.state) {
      return report(io, Error{"--state", "'" + *state + "' is not one of queued, running, done, dead, all"},
                    k_exit_usage);
    }
  }
  if (auto limit = args.value("limit")) {
    auto parsed = parse_count("limit", *limit);
    if (!parsed) {
      return report(io, parsed.error(), k_exit_usage);
    }
    filter.limit = static_cast<std::int64_t>(*parsed);
  }
  auto jobs = store.jobs(filter);
  if (!jobs) {
    return report(io, jobs.error(), k_exit_usage);
  }
  if (args.has("json")) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const store::Job& job : *jobs) {
      out.push_back(to_json(job));
    }
    io.out << out.dump(2) << "\n";
  } else {
    print_jobs(io, *jobs);
  }
  return k_exit_ok;
}

int retry_one(const std::string& text, Io& io, store::Store& store) {
  store::Id id = 0;
  try {
    std::size_t used = 0;
    id = std::stoll(text, &used);
    if (used != text.size() || id <= 0) {
      throw std::invalid_argument(text);
    }
  } catch (const std::exception&) {
    return report(io, Error{text, "not a job id (a positive number; see steward jobs list)"}, k_exit_usage);
  }
  auto requeued = store.requeue(id, now());
  if (!requeued) {
    return report(io, requeued.error(), k_exit_usage);
  }
  if (!*requeued) {
    auto job = store.job(id);
    std::string reason = job && *job ? "is " + std::string(store::to_string((*job)->state)) +
                                           ", not dead; only dead jobs can be retried"
                                     : "no such job";
    return report(io, Error{"job " + text, reason}, k_exit_not_found);
  }
  io.out << "job " << id << " queued again\n";
  return k_exit_ok;
}

int jobs_retry(const Args& args, Io& io, store::Store& store) {
  if (args.has("all-dead")) {
    if (args.positional.size() > 1) {
      return report(io, Error{"--all-dead", "takes no job ids"}, k_exit_usage);
    }
    auto count = store.requeue_dead(now());
    if (!count) {
      return report(io, count.error(), k_exit_usage);
    }
    io.out << *count << (*count == 1 ? " dead job" : " dead jobs") << " queued again\n";
    return k_exit_ok;
  }
  if (args.positional.size() < 2) {
    return report(io, Error{"ID", "missing: name the dead jobs to retry, or pass --all-dead"}, k_exit_usage);
  }
  int code = k_exit_ok;
  for (std::size_t i = 1; i < args.positional.size(); ++i) {
    code = std::max(code, retry_one(args.positional[i], io, store));
  }
  return code;
}

int run_jobs(const Args& args, Io& io) {
  const std::string action = args.positional.empty() ? "" : args.positional.front();
  if (action != "list" && action != "retry") {
    return report(io, Error{action.empty() ? "ACTION" : action, "expected list or retry"}, k_exit_usage);
  }
  if (action == "list" && args.positional.size() > 1) {
    return report(io, Error{args.positional[1], "unexpected argument"}, k_exit_usage);
  }
  config::Config config;
  auto store = open_state_store(args, io, config);
  if (!store) {
    return k_exit_usage;
  }
  return action == "list" ? jobs_list(args, io, *store) : jobs_retry(args, io, *store);
}

} // namespace

std::unique_ptr<store::Store> open_state_store(const Args& args, Io& io, config::Config& config) {
  auto settings = load_settings(args, io, false);
  if (!settings) {
    return nullptr;
  }
  config = *settings;
  auto opened = bot::open_store(config);
  if (!opened) {
    report(io, opened.error(), k_exit_usage);
    return nullptr;
  }
  return std::move(*opened);
}

std::string format_time(store::TimePoint at) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::ostringstream out;
  out << std::put_time(&utc, "%Y-%m-%dT%H:%M:%SZ");
  return out.str();
}

const Command& migrate_command() {
  static const Command command{
      "migrate",
      "create or upgrade the state store's schema",
      "usage: steward migrate [--config FILE]\n"
      "\n"
      "Opens the store the configuration names (store.backend: SQLite under\n"
      "state.dir by default, or PostgreSQL at store.url) and applies every pending\n"
      "migration. The daemon does the same at start-up; run this to upgrade ahead\n"
      "of a deployment. A database migrated by a newer steward is refused.\n"
      "\n"
      "  --config FILE   config file (default $STEWARD_CONFIG, else ./steward.yaml if present)\n"
      "\n"
      "exit: 0 ok, 2 the store cannot be opened (the error says why)\n",
      {{"config", true}, {"help", false}},
      run_migrate,
  };
  return command;
}

const Command& jobs_command() {
  static const Command command{
      "jobs",
      "list the durable job queue and retry dead jobs",
      "usage: steward jobs list [--state STATE] [--limit N] [--json]\n"
      "       steward jobs retry ID... | --all-dead\n"
      "\n"
      "list   jobs newest first: id, state, attempts, last update, kind, last error.\n"
      "       --state  queued, running, done, dead or all (default all)\n"
      "       --limit  at most N jobs (default 100)\n"
      "       --json   [{\"id\", \"kind\", \"state\", \"attempts\", \"max_attempts\",\n"
      "                \"idempotency_key\", \"run_at\", \"created_at\", \"updated_at\",\n"
      "                \"last_error\", \"payload_bytes\"}]\n"
      "retry  queues dead jobs again with their attempts reset; --all-dead retries\n"
      "       every dead job.\n"
      "\n"
      "  --config FILE   config file (default $STEWARD_CONFIG, else ./steward.yaml if present)\n"
      "\n"
      "exit: 0 ok, 1 a job is missing or not dead, 2 bad input or the store cannot be opened\n",
      {{"config", true},
       {"state", true},
       {"limit", true},
       {"json", false},
       {"all-dead", false},
       {"help", false}},
      run_jobs,
  };
  return command;
}

} // namespace steward::cli

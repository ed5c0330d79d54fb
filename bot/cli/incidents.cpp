// `steward incidents list|show|resolve|runs`: failure alerts from the command line.
#include <ostream>

#include <nlohmann/json.hpp>

#include "bot/alerts/ingest.hpp"
#include "bot/cli/cli.hpp"
#include "bot/cli/command.hpp"
#include "core/alerts/alert.hpp"

namespace steward::cli {
namespace {

std::optional<store::Id> parse_id(const std::string& text) {
  auto parsed = parse_count("ID", text);
  if (!parsed || *parsed == 0) {
    return std::nullopt;
  }
  return static_cast<store::Id>(*parsed);
}

nlohmann::ordered_json to_json(const store::Incident& incident) {
  nlohmann::ordered_json out{{"id", incident.id},
                             {"state", store::to_string(incident.state)},
                             {"title", incident.title},
                             {"node", incident.node},
                             {"occurrences", incident.occurrences},
                             {"last_run", incident.last_run},
                             {"created_at", format_time(incident.created_at)},
                             {"updated_at", format_time(incident.updated_at)}};
  out["snoozed_until"] = incident.snoozed_until ? format_time(*incident.snoozed_until) : "";
  out["resolved_at"] = incident.resolved_at ? format_time(*incident.resolved_at) : "";
  out["message"] = incident.message ? incident.message->channel + "/" + incident.message->message : "";
  return out;
}

int list(const Args& args, Io& io, store::Store& store) {
  std::optional<store::IncidentState> state;
  if (auto wanted = args.value("state"); wanted && *wanted != "all") {
    state = store::incident_state_from(*wanted);
    if (!state) {
      return report(
          io, Error{"--state", "'" + *wanted + "' is not one of open, acknowledged, muted, resolved, all"},
          k_exit_usage);
    }
  }
  std::int64_t limit = 50;
  if (auto given = args.value("limit")) {
    auto parsed = parse_count("limit", *given);
    if (!parsed) {
      return report(io, parsed.error(), k_exit_usage);
    }
    limit = static_cast<std::int64_t>(*parsed);
  }
  auto incidents = store.incidents(state, limit);
  if (!incidents) {
    return report(io, incidents.error(), k_exit_usage);
  }
  if (args.has("json")) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const store::Incident& incident : *incidents) {
      out.push_back(to_json(incident));
    }
    io.out << out.dump(2) << "\n";
    return k_exit_ok;
  }
  if (incidents->empty()) {
    io.out << "no incidents\n";
  }
  for (const store::Incident& incident : *incidents) {
    io.out << incident.id << "  " << store::to_string(incident.state) << "  x" << incident.occurrences << "  "
           << format_time(incident.updated_at) << "  " << incident.title << "\n";
  }
  return k_exit_ok;
}

std::optional<store::Incident> find(const Args& args, Io& io, store::Store& store, int& code) {
  if (args.positional.size() != 2) {
    code = report(io,
                  Error{"ID", args.positional.size() < 2
                                  ? "missing: name the incident (see steward incidents list)"
                                  : "only one incident at a time"},
                  k_exit_usage);
    return std::nullopt;
  }
  const auto id = parse_id(args.positional[1]);
  if (!id) {
    code = report(io, Error{args.positional[1], "not an incident id (a positive number)"}, k_exit_usage);
    return std::nullopt;
  }
  auto incident = store.incident(*id);
  if (!incident) {
    code = report(io, incident.error(), k_exit_usage);
    return std::nullopt;
  }
  if (!*incident) {
    code = report(io, Error{"incident " + args.positional[1], "no such incident"}, k_exit_not_found);
    return std::nullopt;
  }
  return **incident;
}

int show(const Args& args, Io& io, store::Store& store) {
  int code = k_exit_ok;
  auto incident = find(args, io, store, code);
  if (!incident) {
    return code;
  }
  auto alert = alerts::alert_from_details(incident->details);
  if (args.has("json")) {
    nlohmann::ordered_json out = to_json(*incident);
    out["details"] = nlohmann::json::parse(incident->details, nullptr, false);
    io.out << out.dump(2) << "\n";
    return k_exit_ok;
  }
  io.out << "incident " << incident->id << ": " << incident->title << "\n"
         << "state: " << store::to_string(incident->state) << " · " << incident->occurrences << " occurrence"
         << (incident->occurrences == 1 ? "" : "s") << " since " << format_time(incident->created_at) << "\n"
         << "node: " << incident->node << "\n"
         << "last run: " << incident->last_run << "\n";
  if (incident->snoozed_until) {
    io.out << "snoozed until: " << format_time(*incident->snoozed_until) << "\n";
  }
  if (incident->resolved_at) {
    io.out << "resolved at: " << format_time(*incident->resolved_at) << "\n";
  }
  if (alert) {
    io.out << "message: " << alert->failure.outcome.message << "\n";
    if (!alert->route.channel.empty()) {
      io.out << "channel: " << alert->route.channel << "\n";
    }
    if (!alert->impact.empty()) {
      io.out << "downstream: " << alert->impact << "\n";
    }
  }
  auto proposals = store.proposals_for(incident->id);
  if (proposals) {
    for (const store::Proposal& proposal : *proposals) {
      io.out << "proposal " << proposal.id << " (" << store::to_string(proposal.state)
             << "): " << proposal.title
             << (proposal.pull_request.empty() ? "" : " · " + proposal.pull_request) << "\n";
    }
  }
  return k_exit_ok;
}

int resolve(const Args& args, Io& io, store::Store& store) {
  int code = k_exit_ok;
  auto incident = find(args, io, store, code);
  if (!incident) {
    return code;
  }
  if (incident->state == store::IncidentState::resolved) {
    io.out << "incident " << incident->id << " is resolved already\n";
    return k_exit_ok;
  }
  const auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  auto done = store.set_incident_state(incident->id, store::IncidentState::resolved, now);
  if (!done) {
    return report(io, done.error(), k_exit_usage);
  }
  // The running daemon (or the next one) updates the alert in chat.
  auto queued = store.enqueue(
      bot::redraw_job(incident->id, "Resolved from the command line at " + format_time(now), now), now);
  if (!queued) {
    return report(io, queued.error(), k_exit_usage);
  }
  io.out << "incident " << incident->id
         << " resolved (its next failure opens a new incident and alerts again)";
  io.out << (incident->message ? "; the daemon marks its alert resolved in chat\n" : "\n");
  return k_exit_ok;
}

int runs(const Args& args, Io& io, store::Store& store) {
  std::int64_t limit = 20;
  if (auto given = args.value("limit")) {
    auto parsed = parse_count("limit", *given);
    if (!parsed) {
      return report(io, parsed.error(), k_exit_usage);
    }
    limit = static_cast<std::int64_t>(*parsed);
  }
  auto recent = store.recent_runs(limit);
  if (!recent) {
    return report(io, recent.error(), k_exit_usage);
  }
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const store::RunRecord& run : *recent) {
    const nlohmann::json summary = nlohmann::json::parse(run.summary, nullptr, false);
    if (args.has("json")) {
      out.push_back({{"invocation_id", run.invocation_id},
                     {"source", run.source},
                     {"generated_at", run.generated_at},
                     {"received_at", format_time(run.received_at)},
                     {"summary", summary}});
      continue;
    }
    std::string counts;
    if (summary.is_object() && summary.contains("counts") && summary["counts"].is_object()) {
      for (const auto& [status, n] : summary["counts"].items()) {
        counts += (counts.empty() ? "" : ", ") + std::to_string(n.get<long long>()) + " " + status;
      }
    }
    io.out << format_time(run.received_at) << "  " << run.invocation_id << "  " << run.source << "  "
           << counts << "\n";
  }
  if (args.has("json")) {
    io.out << out.dump(2) << "\n";
  } else if (recent->empty()) {
    io.out << "no runs received yet\n";
  }
  return k_exit_ok;
}

int run_incidents(const Args& args, Io& io) {
  const std::string action = args.positional.empty() ? "" : args.positional.front();
  if (action != "list" && action != "show" && action != "resolve" && action != "runs") {
    return report(io, Error{action.empty() ? "ACTION" : action, "expected list, show, resolve or runs"},
                  k_exit_usage);
  }
  if ((action == "list" || action == "runs") && args.positional.size() > 1) {
    return report(io, Error{args.positional[1], "unexpected argument"}, k_exit_usage);
  }
  config::Config config;
  auto store = open_state_store(args, io, config);
  if (!store) {
    return k_exit_usage;
  }
  if (action == "list") {
    return list(args, io, *store);
  }
  if (action == "show") {
    return show(args, io, *store);
  }
  if (action == "runs") {
    return runs(args, io, *store);
  }
  return resolve(args, io, *store);
}

} // namespace

const Command& incidents_command() {
  static const Command command{
      "incidents",
      "list, show and resolve failure alerts' incidents; list received dbt runs",
      "usage: steward incidents list [--state STATE] [--limit N] [--json]\n"
      "       steward incidents show ID [--json]\n"
      "       steward incidents resolve ID\n"
      "       steward incidents runs [--limit N] [--json]\n"
      "\n"
      "list     incidents newest first: id, state, occurrences, last update, title.\n"
      "         --state  open, acknowledged, muted, resolved or all (default all)\n"
      "         --limit  at most N (default 50)\n"
      "show     one incident: state, node, last run, snooze, the failure's message,\n"
      "         channel, downstream impact and fix proposals.\n"
      "resolve  marks an incident resolved by hand (a muted one too); the node's next\n"
      "         failure opens a new incident. The daemon (now, or when it next runs)\n"
      "         marks the alert in chat resolved, with a note.\n"
      "runs     the dbt runs received (watched file, /hooks/dbt, dbt Cloud), newest\n"
      "         first, with counts by status (default 20).\n"
      "\n"
      "  --config FILE   config file (default $STEWARD_CONFIG, else ./steward.yaml if present)\n"
      "\n"
      "exit: 0 ok, 1 no such incident, 2 bad input or the store cannot be opened\n",
      {{"config", true}, {"state", true}, {"limit", true}, {"json", false}, {"help", false}},
      run_incidents,
  };
  return command;
}

} // namespace steward::cli

// `dbt.run` jobs: store the run, raise, count or resolve incidents, and post
// or update their alerts.
#include "bot/alerts/worker.hpp"

#include <map>

#include "bot/alerts/ingest.hpp"
#include "bot/jobs/clock.hpp"
#include "core/lineage/impact.hpp"
#include "core/sql/render.hpp"

namespace steward::bot {

namespace {

constexpr std::size_t k_downstream_listed = 25;

std::vector<std::string> mentions(const std::vector<std::string>& who, People& people) {
  std::vector<std::string> out;
  out.reserve(who.size());
  for (const std::string& one : who) {
    out.push_back(people.mention(one));
  }
  return out;
}

/// Models and exposures downstream of the failing model, nearest first.
void add_downstream(alerts::Alert& alert, const dbt::Project& project) {
  const auto model = project.find(alert.failure.model);
  if (!model) {
    return;
  }
  for (const lineage::Reached& reached : project.graph().closure(*model, lineage::Direction::downstream)) {
    const dbt::Node& node = project.node(reached.node);
    if ((node.type == dbt::ResourceType::model || node.type == dbt::ResourceType::exposure) &&
        alert.downstream.size() < k_downstream_listed) {
      alert.downstream.emplace_back(node.name);
    }
  }
  alert.impact = lineage::describe(lineage::impact_of(project, *model));
}

/// The failing values a fixer can use (accepted_values: the unexpected
/// values): the first column's distinct values, unless it carries PII.
void add_sample_values(alerts::Alert& alert, const sql::QueryRun& run) {
  if (run.table.columns.empty()) {
    return;
  }
  for (const sql::PiiColumn& pii : run.pii) {
    if (pii.index == 0) {
      return;
    }
  }
  for (const auto& row : run.table.rows) {
    if (!row.empty() && row.front() &&
        std::find(alert.sample_values.begin(), alert.sample_values.end(), *row.front()) ==
            alert.sample_values.end()) {
      alert.sample_values.push_back(*row.front());
    }
  }
}

/// A few of the test's failing rows, through the read-only SQL path (PII masked).
void add_sample(alerts::Alert& alert, const dbt::Project& project, AlertDeps& deps) {
  const alerts::Failure& f = alert.failure;
  if (deps.sample_rows == 0 || f.kind != alerts::FailureKind::test || f.compiled_code.empty()) {
    return;
  }
  if (deps.sql == nullptr) {
    alert.sample_note = "No warehouse is configured, so no failing rows are shown.";
    return;
  }
  sql::SqlSettings settings = deps.sql->settings;
  settings.limits.max_rows = deps.sample_rows;
  auto ran = sql::run_query(f.compiled_code, project, settings, *deps.sql->warehouse);
  if (!ran) {
    alert.sample_note = "Couldn't read failing rows: " + ran.error().to_string();
    return;
  }
  if (ran->table.rows.empty()) {
    alert.sample_note = "The test's query returns no rows now.";
    return;
  }
  alert.sample = sql::table_text(ran->table, deps.sample_rows);
  add_sample_values(alert, *ran);
  const std::vector<std::string> notes = sql::run_notes(*ran);
  for (const std::string& note : notes) {
    alert.sample_note += (alert.sample_note.empty() ? "" : " ") + note;
  }
}

alerts::Alert build_alert(const alerts::Failure& failure, const alerts::Route& route, const alerts::Run& run,
                          const dbt::Project& project, AlertDeps& deps, bool with_sample) {
  alerts::Alert alert;
  alert.failure = failure;
  alert.route = route;
  alert.owners = mentions(route.owners, deps.people);
  alert.subscribers = mentions(route.subscribers, deps.people);
  alert.run_id = run.invocation_id;
  alert.generated_at = run.generated_at;
  add_downstream(alert, project);
  if (with_sample) {
    add_sample(alert, project, deps);
  }
  return alert;
}

struct ToPost {
  store::Id incident = 0;
  alerts::Alert alert;
};

Result<void> post_one(const ToPost& item, const std::string& channel, AlertDeps& deps) {
  auto incident = deps.store.incident(item.incident);
  if (!incident) {
    return tl::unexpected(incident.error());
  }
  if (!*incident) {
    return {};
  }
  auto status = alert_status(**incident, deps);
  if (!status) {
    return tl::unexpected(status.error());
  }
  auto posted = deps.chat.post({"", channel, ""}, alerts::render_alert(item.alert, *status));
  if (!posted) {
    return tl::unexpected(posted.error());
  }
  auto saved = deps.store.set_incident_message(item.incident, posted->front(), wall_now());
  if (!saved) {
    return tl::unexpected(saved.error());
  }
  return {};
}

Result<void> post_group(const std::vector<ToPost>& items, const std::string& channel, const std::string& run,
                        AlertDeps& deps) {
  std::vector<std::pair<alerts::Alert, alerts::AlertStatus>> drawn;
  std::vector<store::Id> ids;
  for (const ToPost& item : items) {
    auto incident = deps.store.incident(item.incident);
    if (!incident) {
      return tl::unexpected(incident.error());
    }
    if (!*incident) {
      continue;
    }
    auto status = alert_status(**incident, deps);
    if (!status) {
      return tl::unexpected(status.error());
    }
    drawn.emplace_back(item.alert, std::move(*status));
    ids.push_back(item.incident);
  }
  auto posted = deps.chat.post({"", channel, ""}, alerts::render_group(drawn, run));
  if (!posted) {
    return tl::unexpected(posted.error());
  }
  if (auto remembered = remember_group(posted->front(), ids, deps); !remembered) {
    return remembered;
  }
  for (const store::Id id : ids) {
    if (auto saved = deps.store.set_incident_message(id, posted->front(), wall_now()); !saved) {
      return tl::unexpected(saved.error());
    }
  }
  return {};
}

/// Raises (or counts) the incident of each failure and collects what to post, by channel.
Result<std::map<std::string, std::vector<ToPost>>> raise(const alerts::Run& run, const dbt::Project& project,
                                                         AlertDeps& deps) {
  std::map<std::string, std::vector<ToPost>> to_post;
  for (const alerts::Failure& failure : alerts::failures_of(run, project, deps.settings.statuses)) {
    const alerts::Route route = alerts::route_of(failure, project, deps.settings.default_channel);
    const std::string fingerprint = alerts::fingerprint_of(failure);
    auto prior = deps.store.unresolved_incident(fingerprint);
    if (!prior) {
      return tl::unexpected(prior.error());
    }
    const alerts::Step step = alerts::decide(*prior, run.invocation_id, route, deps.settings, wall_now());
    alerts::Alert alert = build_alert(failure, route, run, project, deps, step != alerts::Step::quiet);
    auto upsert = deps.store.record_incident({fingerprint, alerts::title_of(failure), failure.outcome.node,
                                              alerts::to_details(alert), run.invocation_id},
                                             wall_now());
    if (!upsert) {
      return tl::unexpected(upsert.error());
    }
    if (step == alerts::Step::post && !route.channel.empty()) {
      to_post[route.channel].push_back({upsert->incident.id, std::move(alert)});
    } else if (step == alerts::Step::update) {
      if (auto redrawn = redraw_alert(upsert->incident.id, deps); !redrawn) {
        return tl::unexpected(redrawn.error());
      }
    }
  }
  return to_post;
}

/// Resolves the unresolved incidents of nodes that passed in `run`.
Result<void> resolve_passed(const alerts::Run& run, AlertDeps& deps) {
  for (const alerts::NodeOutcome& outcome : run.outcomes) {
    if (!alerts::passed(outcome.status)) {
      continue;
    }
    auto open = deps.store.unresolved_incident(outcome.node);
    if (!open) {
      return tl::unexpected(open.error());
    }
    if (!*open || !alerts::resolves(**open)) {
      continue;
    }
    if (auto resolved =
            deps.store.set_incident_state((*open)->id, store::IncidentState::resolved, wall_now());
        !resolved) {
      return tl::unexpected(resolved.error());
    }
    if (auto redrawn = redraw_alert((*open)->id, deps); !redrawn) {
      return redrawn;
    }
  }
  return {};
}

} // namespace

Result<void> run_dbt_run_job(const store::Job& job, AlertDeps& deps) {
  auto delivery = read_run_job(job);
  if (!delivery) {
    return tl::unexpected(delivery.error());
  }
  const alerts::Run& run = delivery->run;
  auto recorded = deps.store.record_run(
      {run.invocation_id, delivery->source, run.generated_at, run.summary_json(), wall_now()});
  if (!recorded) {
    return tl::unexpected(recorded.error());
  }
  const auto snapshot = deps.knowledge.current();
  if (!snapshot) {
    return fail("project", "not loaded yet; the run is retried");
  }
  auto to_post = raise(run, snapshot->project, deps);
  if (!to_post) {
    return tl::unexpected(to_post.error());
  }
  for (const auto& [channel, items] : *to_post) {
    if (items.size() > deps.settings.group_threshold) {
      if (auto posted = post_group(items, channel, run.invocation_id, deps); !posted) {
        return posted;
      }
      continue;
    }
    for (const ToPost& item : items) {
      if (auto posted = post_one(item, channel, deps); !posted) {
        return posted;
      }
    }
  }
  return resolve_passed(run, deps);
}

} // namespace steward::bot

// Investigate: evidence first (deterministic), then the LLM's diagnosis when
// one is configured, streamed into the alert's thread.
#include "bot/alerts/worker.hpp"
#include "bot/jobs/clock.hpp"
#include "bot/slack/replies.hpp"
#include "core/alerts/evidence.hpp"

namespace steward::bot {

namespace {

constexpr int k_changes = 5;
constexpr std::size_t k_kb_notes = 2;
constexpr std::size_t k_excerpt_chars = 400;

constexpr std::string_view k_diagnosis_prompt =
    "You diagnose failing dbt tests and models for a data team. Use only the evidence given. Classify "
    "the most likely cause as data (the input data changed or is wrong), code (the SQL or a recent change "
    "is wrong) or config (a test, threshold or setting is wrong). Answer in this form:\n"
    "Cause: data|code|config\n"
    "Why: two to four sentences that cite the evidence (name the rows, commits, tests or upstream nodes).\n"
    "Next: one sentence on what to check or change.\n"
    "If the evidence is not enough, say so in Why and choose the likeliest cause.";

void add_changes(alerts::Evidence& evidence, AlertDeps& deps) {
  if (deps.repository == nullptr) {
    evidence.changes_note = "No git repository is configured, so recent changes are not shown.";
    return;
  }
  auto log = deps.repository->history(evidence.files, k_changes);
  if (!log) {
    evidence.changes_note = "Couldn't read recent changes: " + log.error().to_string();
    return;
  }
  evidence.changes = std::move(*log);
}

void add_notes(alerts::Evidence& evidence, const alerts::Alert& alert, AlertDeps& deps) {
  if (deps.kb == nullptr) {
    return;
  }
  const auto corpus = deps.kb->current();
  const std::string query = alert.failure.model_name + " " + alert.failure.column + " " +
                            alert.failure.test_name + " " + alert.failure.outcome.message;
  for (const kb::Hit& hit : deps.kb->search(query, k_kb_notes)) {
    const kb::Section& section = corpus->sections()[hit.section];
    std::string excerpt = section.text.substr(0, k_excerpt_chars);
    if (section.text.size() > k_excerpt_chars) {
      excerpt += "…";
    }
    evidence.notes.push_back({section.path, section.file, std::move(excerpt)});
  }
}

std::string diagnose(const alerts::Alert& alert, const alerts::Evidence& evidence, AlertDeps& deps) {
  llm::Request request;
  request.system = std::string(k_diagnosis_prompt);
  request.messages.push_back({llm::Role::user, alerts::evidence_text(alert, evidence), {}, "", "", false});
  request.max_tokens = 400;
  auto reply = deps.model->complete(request);
  if (!reply) {
    return "I couldn't get a diagnosis from the model: " + reply.error().to_string();
  }
  return reply->text;
}

Result<void> investigate(const AlertClick& click, const store::Incident& incident, AlertDeps& deps) {
  auto alert = alerts::alert_from_details(incident.details);
  if (!alert) {
    return tl::unexpected(alert.error());
  }
  const std::string thread = incident.message ? incident.message->message : click.where.thread;
  const chat::Destination where{click.where.workspace, click.where.channel, thread};
  auto posted = deps.chat.post(where, notice("⏳ <@" + click.user +
                                             "> asked me to investigate. Gathering lineage, "
                                             "results, recent changes…"));
  if (!posted) {
    return tl::unexpected(posted.error());
  }
  const store::MessageRef progress = posted->front();
  const auto snapshot = deps.knowledge.current();
  alerts::Evidence evidence =
      snapshot ? alerts::gather_evidence(*alert, snapshot->project) : alerts::Evidence{};
  add_changes(evidence, deps);
  add_notes(evidence, *alert, deps);
  answer::Answer found = alerts::render_evidence(*alert, evidence);
  if (deps.model != nullptr) {
    (void)deps.chat.update(progress, thread,
                           notice("⏳ Evidence gathered; asking the model for a diagnosis…"));
    found.blocks.emplace_back(answer::Divider{});
    found.blocks.emplace_back(answer::Paragraph{"**Diagnosis** (" + std::string(deps.model->model()) + ")\n" +
                                                diagnose(*alert, evidence, deps)});
  }
  auto updated = deps.chat.update(progress, thread, found);
  if (!updated) {
    return tl::unexpected(updated.error());
  }
  if (incident.state == store::IncidentState::open) {
    (void)deps.store.set_incident_state(incident.id, store::IncidentState::acknowledged, wall_now());
  }
  return {};
}

} // namespace

Result<void> investigate_or_fix(const AlertClick& click, const store::Incident& incident, AlertDeps& deps) {
  if (click.action == "steward.investigate") {
    return investigate(click, incident, deps);
  }
  if (click.action == "steward.propose") {
    return propose(click, incident, deps);
  }
  return apply(click, incident, deps);
}

} // namespace steward::bot

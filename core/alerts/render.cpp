// Alert messages in the answer model (Block Kit, Adaptive Cards, text).
#include <string>

#include "core/alerts/alert.hpp"

namespace steward::alerts {
namespace {

constexpr std::size_t k_downstream_shown = 5;

std::string joined(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (const std::string& item : items) {
    out += (out.empty() ? "" : std::string(separator)) + item;
  }
  return out;
}

std::string code(std::string_view text) {
  return "`" + std::string(text) + "`";
}

std::string status_line(const Failure& f, const AlertStatus& status) {
  std::string line = "Status: **" + f.outcome.status + "**";
  if (f.outcome.failures && *f.outcome.failures > 0) {
    line +=
        " · " + std::to_string(*f.outcome.failures) + " failing row" + (*f.outcome.failures == 1 ? "" : "s");
  }
  if (status.occurrences > 1) {
    line += " · failed in " + std::to_string(status.occurrences) + " runs since " + status.first_seen;
  }
  return line;
}

answer::Fields detail_fields(const Alert& alert) {
  const Failure& f = alert.failure;
  answer::Fields fields;
  if (!f.model_name.empty()) {
    fields.items.emplace_back(f.kind == FailureKind::freshness ? "Source" : "Model", code(f.model_name));
  }
  if (!f.relation.empty()) {
    fields.items.emplace_back("Table", code(f.relation));
  }
  if (!f.column.empty()) {
    fields.items.emplace_back("Column", code(f.column));
  }
  if (f.kind == FailureKind::test) {
    fields.items.emplace_back("Test", code(f.name));
  }
  fields.items.emplace_back("Owners",
                            alert.owners.empty() ? "_none set (meta `owner`)_" : joined(alert.owners));
  if (!alert.subscribers.empty()) {
    fields.items.emplace_back("Subscribers", joined(alert.subscribers));
  }
  if (!f.tags.empty()) {
    fields.items.emplace_back("Tags", joined(f.tags));
  }
  if (!f.path.empty()) {
    fields.items.emplace_back("Path", code(f.path));
  }
  return fields;
}

void add_context(answer::Answer& out, const Alert& alert) {
  const Failure& f = alert.failure;
  if (!f.outcome.message.empty()) {
    out.blocks.emplace_back(answer::Paragraph{"**Result:** " + f.outcome.message});
  }
  if (!f.description.empty()) {
    out.blocks.emplace_back(answer::Paragraph{"**Description:** " + f.description});
  }
  if (!alert.sample.empty()) {
    out.blocks.emplace_back(answer::Paragraph{"**Failing rows**"});
    out.blocks.emplace_back(answer::Code{alert.sample, "text"});
  }
  if (!alert.sample_note.empty()) {
    out.blocks.emplace_back(answer::Context{alert.sample_note});
  }
  if (!f.test_params.empty()) {
    out.blocks.emplace_back(answer::Paragraph{"**Test configuration**"});
    out.blocks.emplace_back(answer::Code{f.test_params, "json"});
  }
  if (!alert.impact.empty()) {
    std::string impact = "**Impact:** " + alert.impact;
    std::vector<std::string> shown;
    for (std::size_t i = 0; i < alert.downstream.size() && i < k_downstream_shown; ++i) {
      shown.push_back(code(alert.downstream[i]));
    }
    if (!shown.empty()) {
      impact += " — " + joined(shown);
      if (alert.downstream.size() > k_downstream_shown) {
        impact += " and " + std::to_string(alert.downstream.size() - k_downstream_shown) + " more";
      }
    }
    out.blocks.emplace_back(answer::Paragraph{impact});
  }
}

answer::Actions buttons(store::Id incident) {
  const std::string id = std::to_string(incident);
  return answer::Actions{{
      answer::Button{"Investigate", "steward.investigate", id, answer::ButtonStyle::primary},
      answer::Button{"Propose fix", "steward.propose", id, answer::ButtonStyle::plain},
      answer::Button{"Snooze 24 h", "steward.snooze", id, answer::ButtonStyle::plain},
      answer::Button{"Mute", "steward.mute", id, answer::ButtonStyle::danger},
  }};
}

std::string state_banner(const AlertStatus& status) {
  switch (status.state) {
  case store::IncidentState::resolved:
    return "✅ **Resolved**" + (status.resolved_at.empty() ? std::string() : " at " + status.resolved_at) +
           ": it passes again.";
  case store::IncidentState::muted: return "🔕 **Muted**: no more alerts for this until it is unmuted.";
  case store::IncidentState::acknowledged: return "👀 **Acknowledged**";
  case store::IncidentState::open: break;
  }
  return status.snoozed_until.empty() ? std::string() : "💤 **Snoozed** until " + status.snoozed_until;
}

} // namespace

std::string title_of(const Failure& f) {
  const std::string word(severity_word(f.outcome.status));
  switch (f.kind) {
  case FailureKind::test: {
    std::string on = f.model_name.empty() ? f.name : f.model_name;
    if (!f.column.empty()) {
      on += "." + f.column;
    }
    const std::string test = f.test_name.empty() ? f.name : f.test_name;
    return word + ": \"" + test + "\" test failed on " + on;
  }
  case FailureKind::model: return word + ": model " + f.name + " failed";
  case FailureKind::freshness: return word + ": source " + f.name + " is not fresh";
  }
  return word;
}

std::string_view severity_word(std::string_view status) {
  if (status == "warn") {
    return "Warning";
  }
  if (status == "fail") {
    return "Failure";
  }
  return "Error";
}

answer::Answer render_alert(const Alert& alert, const AlertStatus& status) {
  const Failure& f = alert.failure;
  answer::Answer out;
  out.summary = title_of(f);
  if (status.state == store::IncidentState::resolved) {
    out.summary = "Resolved: " + out.summary;
  }
  out.blocks.emplace_back(answer::Header{title_of(f)});
  if (const std::string banner = state_banner(status); !banner.empty()) {
    out.blocks.emplace_back(answer::Paragraph{banner});
  }
  out.blocks.emplace_back(answer::Context{status_line(f, status)});
  out.blocks.emplace_back(detail_fields(alert));
  add_context(out, alert);
  if (!status.notes.empty()) {
    out.blocks.emplace_back(answer::Context{joined(status.notes, "\n")});
  }
  const bool active =
      status.state == store::IncidentState::open || status.state == store::IncidentState::acknowledged;
  if (active) {
    out.blocks.emplace_back(buttons(status.incident));
  }
  out.blocks.emplace_back(answer::Context{"incident #" + std::to_string(status.incident) + " · run " +
                                          alert.run_id + " · `steward incidents show " +
                                          std::to_string(status.incident) + "`"});
  return out;
}

answer::Answer render_group(const std::vector<std::pair<Alert, AlertStatus>>& alerts,
                            std::string_view run_id) {
  std::size_t open = 0;
  answer::ListBlock list;
  for (const auto& [alert, status] : alerts) {
    const Failure& f = alert.failure;
    const bool resolved = status.state == store::IncidentState::resolved;
    open += resolved ? 0 : 1;
    std::string line = resolved ? "✅ " : "";
    line += "**" + f.outcome.status + "** " + code(f.name);
    if (!f.model_name.empty() && f.model_name != f.name) {
      line += " on " + code(f.model_name + (f.column.empty() ? "" : "." + f.column));
    }
    if (!f.outcome.message.empty()) {
      line += ": " + f.outcome.message.substr(0, 160);
    }
    if (!alert.owners.empty()) {
      line += " — " + joined(alert.owners);
    }
    line += " (#" + std::to_string(status.incident) + ")";
    list.items.push_back(std::move(line));
  }
  answer::Answer out;
  out.summary =
      std::to_string(alerts.size()) + " dbt failures in one run (" + std::to_string(open) + " open)";
  out.blocks.emplace_back(answer::Header{out.summary});
  out.blocks.emplace_back(std::move(list));
  out.blocks.emplace_back(answer::Context{
      "run " + std::string(run_id) + " · each failure is its own incident: `steward incidents show ID`"});
  return out;
}

} // namespace steward::alerts

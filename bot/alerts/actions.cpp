// The alert buttons: Snooze 24 h, Mute, Investigate, Propose fix, Apply.
#include <charconv>

#include "bot/alerts/worker.hpp"
#include "bot/jobs/clock.hpp"
#include "bot/slack/replies.hpp"

namespace steward::bot {

namespace {

constexpr auto k_snooze = std::chrono::hours(24);

std::optional<store::Id> incident_id(std::string_view value) {
  value = value.substr(0, value.find(':'));
  store::Id id = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), id);
  if (ec != std::errc() || end != value.data() + value.size() || id <= 0) {
    return std::nullopt;
  }
  return id;
}

Result<void> tell(const AlertClick& click, AlertDeps& deps, std::string text) {
  return deps.chat.post_ephemeral(click.where, click.user, notice(std::move(text)));
}

bool listed(const std::vector<std::string>& users, const std::string& user) {
  return std::find(users.begin(), users.end(), user) != users.end();
}

/// Owners of the failing asset (users, or members of a listed user group).
bool is_owner(const store::Incident& incident, const std::string& user, AlertDeps& deps) {
  auto alert = alerts::alert_from_details(incident.details);
  if (!alert) {
    return false;
  }
  return std::any_of(alert->route.owners.begin(), alert->route.owners.end(),
                     [&](const std::string& owner) { return deps.people.includes(owner, user); });
}

Result<void> snooze(const AlertClick& click, const store::Incident& incident, AlertDeps& deps) {
  const bool approver = listed(deps.policy.approvers, click.user) || listed(deps.policy.admins, click.user);
  if (click.is_bot || click.is_restricted || (!approver && !is_owner(incident, click.user, deps))) {
    return tell(click, deps, "Sorry: only the owners of this asset or approvers can snooze its alerts.");
  }
  const store::TimePoint until = wall_now() + k_snooze;
  auto snoozed = deps.store.snooze_incident(incident.id, until, wall_now());
  if (!snoozed) {
    return tl::unexpected(snoozed.error());
  }
  if (auto noted =
          add_alert_note(incident.id, "Snoozed by <@" + click.user + "> until " + utc_minutes(until), deps);
      !noted) {
    return noted;
  }
  return redraw_alert(incident.id, deps);
}

Result<void> mute(const AlertClick& click, const store::Incident& incident, AlertDeps& deps) {
  if (incident.state == store::IncidentState::muted) {
    return tell(click, deps, "This alert is muted already.");
  }
  auto muted = deps.store.set_incident_state(incident.id, store::IncidentState::muted, wall_now());
  if (!muted) {
    return tl::unexpected(muted.error());
  }
  if (auto noted = add_alert_note(incident.id, "Muted by <@" + click.user + ">", deps); !noted) {
    return noted;
  }
  return redraw_alert(incident.id, deps);
}

} // namespace

bool is_alert_action(std::string_view action) {
  return action == "steward.snooze" || action == "steward.mute" || action == "steward.investigate" ||
         action == "steward.propose" || action == "steward.apply";
}

Result<void> run_alert_action(const AlertClick& click, AlertDeps& deps) {
  const auto id = incident_id(click.value);
  auto incident = id ? deps.store.incident(*id) : Result<std::optional<store::Incident>>(std::nullopt);
  if (!incident) {
    return tl::unexpected(incident.error());
  }
  if (!*incident) {
    return tell(click, deps, "I can't find that incident any more.");
  }
  if ((*incident)->state == store::IncidentState::resolved) {
    return tell(click, deps, "This incident is resolved already.");
  }
  if (click.action == "steward.snooze") {
    return snooze(click, **incident, deps);
  }
  if (click.action == "steward.mute") {
    return mute(click, **incident, deps);
  }
  return investigate_or_fix(click, **incident, deps);
}

} // namespace steward::bot

// Drawing alert messages again from the store: state, notes and groups.
#include <ctime>

#include <nlohmann/json.hpp>

#include "bot/alerts/worker.hpp"
#include "bot/jobs/clock.hpp"

namespace steward::bot {

namespace {

std::string notes_key(store::Id id) {
  return "alerts.notes." + std::to_string(id);
}

std::string group_key(const store::MessageRef& message) {
  return "alerts.group." + message.channel + "." + message.message;
}

Result<std::vector<std::string>> notes_of(store::Id id, store::Settings& settings) {
  auto stored = settings.setting(notes_key(id));
  if (!stored) {
    return tl::unexpected(stored.error());
  }
  std::vector<std::string> notes;
  if (*stored) {
    const nlohmann::json list = nlohmann::json::parse(**stored, nullptr, false);
    for (const auto& note : list.is_array() ? list : nlohmann::json::array()) {
      if (note.is_string()) {
        notes.push_back(note.get<std::string>());
      }
    }
  }
  return notes;
}

/// The incidents a group message lists; none when `message` is not a group.
Result<std::vector<store::Id>> group_of(const store::MessageRef& message, store::Settings& settings) {
  auto stored = settings.setting(group_key(message));
  if (!stored) {
    return tl::unexpected(stored.error());
  }
  std::vector<store::Id> ids;
  if (*stored) {
    const nlohmann::json list = nlohmann::json::parse(**stored, nullptr, false);
    for (const auto& id : list.is_array() ? list : nlohmann::json::array()) {
      if (id.is_number_integer()) {
        ids.push_back(id.get<store::Id>());
      }
    }
  }
  return ids;
}

Result<std::pair<alerts::Alert, alerts::AlertStatus>> drawn(const store::Incident& incident,
                                                            AlertDeps& deps) {
  auto alert = alerts::alert_from_details(incident.details);
  if (!alert) {
    return tl::unexpected(alert.error());
  }
  auto status = alert_status(incident, deps);
  if (!status) {
    return tl::unexpected(status.error());
  }
  return std::make_pair(std::move(*alert), std::move(*status));
}

Result<void> redraw_group(const store::MessageRef& message, const std::vector<store::Id>& ids,
                          AlertDeps& deps) {
  std::vector<std::pair<alerts::Alert, alerts::AlertStatus>> items;
  std::string run;
  for (const store::Id id : ids) {
    auto incident = deps.store.incident(id);
    if (!incident) {
      return tl::unexpected(incident.error());
    }
    if (!*incident) {
      continue;
    }
    auto item = drawn(**incident, deps);
    if (!item) {
      return tl::unexpected(item.error());
    }
    run = item->first.run_id;
    items.push_back(std::move(*item));
  }
  auto updated = deps.chat.update(message, "", alerts::render_group(items, run));
  if (!updated) {
    return tl::unexpected(updated.error());
  }
  return {};
}

} // namespace

std::string utc_minutes(store::TimePoint at) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  std::array<char, 32> text{};
  const std::size_t n = std::strftime(text.data(), text.size(), "%Y-%m-%d %H:%M UTC", &tm);
  return {text.data(), n};
}

Result<alerts::AlertStatus> alert_status(const store::Incident& incident, AlertDeps& deps) {
  alerts::AlertStatus status;
  status.incident = incident.id;
  status.state = incident.state;
  status.occurrences = incident.occurrences;
  status.first_seen = utc_minutes(incident.created_at);
  if (incident.resolved_at && incident.state == store::IncidentState::resolved) {
    status.resolved_at = utc_minutes(*incident.resolved_at);
  }
  if (incident.snoozed_until && *incident.snoozed_until > wall_now()) {
    status.snoozed_until = utc_minutes(*incident.snoozed_until);
  }
  auto notes = notes_of(incident.id, deps.store);
  if (!notes) {
    return tl::unexpected(notes.error());
  }
  status.notes = std::move(*notes);
  return status;
}

Result<void> add_alert_note(store::Id id, const std::string& note, AlertDeps& deps) {
  auto notes = notes_of(id, deps.store);
  if (!notes) {
    return tl::unexpected(notes.error());
  }
  notes->push_back(note);
  return deps.store.put_setting(notes_key(id), nlohmann::json(*notes).dump(), wall_now());
}

Result<void> remember_group(const store::MessageRef& message, const std::vector<store::Id>& ids,
                            AlertDeps& deps) {
  return deps.store.put_setting(group_key(message), nlohmann::json(ids).dump(), wall_now());
}

Result<void> redraw_alert(store::Id id, AlertDeps& deps) {
  auto incident = deps.store.incident(id);
  if (!incident) {
    return tl::unexpected(incident.error());
  }
  if (!*incident || !(*incident)->message) {
    return {};
  }
  const store::MessageRef& message = *(*incident)->message;
  auto group = group_of(message, deps.store);
  if (!group) {
    return tl::unexpected(group.error());
  }
  if (!group->empty()) {
    return redraw_group(message, *group, deps);
  }
  auto item = drawn(**incident, deps);
  if (!item) {
    return tl::unexpected(item.error());
  }
  auto updated = deps.chat.update(message, "", alerts::render_alert(item->first, item->second));
  if (!updated) {
    return tl::unexpected(updated.error());
  }
  return {};
}

Result<void> run_redraw_job(const store::Job& job, AlertDeps& deps) {
  const nlohmann::json payload = nlohmann::json::parse(job.payload, nullptr, false);
  if (!payload.is_object() || !payload.contains("incident") || !payload["incident"].is_number_integer()) {
    return fail("job " + std::to_string(job.id), "not a redraw job payload");
  }
  const auto id = payload["incident"].get<store::Id>();
  if (const std::string note = payload.value("note", ""); !note.empty()) {
    if (auto added = add_alert_note(id, note, deps); !added) {
      return added;
    }
  }
  return redraw_alert(id, deps);
}

} // namespace steward::bot

#include "core/alerts/plan.hpp"

namespace steward::alerts {

Step decide(const std::optional<store::Incident>& prior, const std::string& run_id, const Route& route,
            const AlertSettings& settings, store::TimePoint now) {
  if (!prior) {
    return Step::post;
  }
  const store::Incident& incident = *prior;
  if (incident.state == store::IncidentState::muted) {
    return Step::quiet;
  }
  if (!run_id.empty() && incident.last_run == run_id) {
    return incident.message ? Step::quiet : Step::post;
  }
  if (incident.snoozed_until && *incident.snoozed_until > now) {
    return Step::quiet;
  }
  if (!incident.message || !incident.alerted_at) {
    return Step::post;
  }
  const std::chrono::seconds interval = route.suppression.value_or(settings.suppression);
  return now - *incident.alerted_at < interval ? Step::update : Step::post;
}

bool resolves(const store::Incident& incident) {
  return incident.state == store::IncidentState::open || incident.state == store::IncidentState::acknowledged;
}

} // namespace steward::alerts

#pragma once

// An alert: a failure with its route, the people to name and the context
// gathered when it was raised (failing rows, downstream impact). It is kept
// as the incident's `details` JSON, so the message can be drawn again when
// the incident changes (one more occurrence, snoozed, resolved, a fix
// applied) without the run or the project at hand.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/alerts/failure.hpp"
#include "core/answer/answer.hpp"
#include "core/ports/store.hpp"

namespace steward::alerts {

struct Alert {
  Failure failure;
  Route route;
  std::vector<std::string> owners;          ///< as shown: `<@U1>`, `<!subteam^S1>`, `@handle`, `a@b.com`
  std::vector<std::string> subscribers;     ///< as shown
  std::vector<std::string> downstream;      ///< affected models and exposures, nearest first (names)
  std::string impact;                       ///< `lineage::describe` of the downstream closure
  std::string sample;                       ///< failing rows as a text table (PII masked); may be empty
  std::string sample_note;                  ///< why there is no sample, or what was masked
  std::vector<std::string> sample_values{}; ///< distinct first-column values of the sample (none masked)
  std::string run_id;
  std::string generated_at;
};

std::string to_details(const Alert& alert);
/// Errors: `incident: details are not an alert (...)`.
Result<Alert> alert_from_details(std::string_view details);

/// The incident's state as the message shows it.
struct AlertStatus {
  store::Id incident = 0;
  store::IncidentState state = store::IncidentState::open;
  std::int64_t occurrences = 1;
  std::string first_seen;         ///< `2026-11-24 06:12 UTC`
  std::string resolved_at;        ///< when resolved
  std::string snoozed_until;      ///< when snoozed into the future
  std::vector<std::string> notes; ///< "Snoozed by <@U1>", "Approved by <@U2> · PR #12", newest last
};

/// The alert message: header, what failed, details, result sample, test
/// configuration, impact, and the buttons (Investigate, Propose fix,
/// Snooze 24 h, Mute) while the incident is open. A resolved alert keeps its
/// content, says so at the top, and has no buttons.
answer::Answer render_alert(const Alert& alert, const AlertStatus& status);

/// One message for many alerts of one run in one channel: a line each
/// (status, node, model, column, message, owners), resolved ones marked,
/// and a hint that each has its own incident (`steward incidents show ID`).
answer::Answer render_group(const std::vector<std::pair<Alert, AlertStatus>>& alerts,
                            std::string_view run_id);

/// The alert's one-line title: `Failure: "not_null" test failed on orders.id`,
/// `Error: model fct_orders failed`, `Warning: source jaffle.orders is not fresh`.
std::string title_of(const Failure& failure);

/// `Failure` / `Warning` / `Error` for a status.
std::string_view severity_word(std::string_view status);

} // namespace steward::alerts

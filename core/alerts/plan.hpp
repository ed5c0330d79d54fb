#pragma once

// What to do about each failure of a run, given what the store knows about
// its incident: post a new alert, update the alert already posted, or stay
// quiet (muted, snoozed, or this run was already handled). Pure decisions;
// the alert worker (bot/alerts) carries them out.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "core/alerts/failure.hpp"
#include "core/ports/store.hpp"

namespace steward::alerts {

struct AlertSettings {
  std::vector<std::string> statuses{"fail", "error"}; ///< `alerts.statuses`
  std::size_t group_threshold = 5; ///< more new alerts than this for one channel in one run: one message
  std::string default_channel;     ///< `alerts.default_channel`
  /// How long a still-failing incident's alert is updated in place before a
  /// new reminder is posted (`alerts.suppression_interval`, meta
  /// `alert_suppression_interval` overrides per asset).
  std::chrono::seconds suppression{std::chrono::hours(24)};
};

enum class Step {
  post,   ///< post a new alert (a new incident, or a reminder after the suppression interval)
  update, ///< update the alert already posted (one more occurrence)
  quiet,  ///< nothing to say: muted, snoozed, or this run was handled before
};

/// Decides the step for a failure of run `run_id` whose unresolved incident
/// before this run was `prior` (none: a new incident).
/// - none → post;
/// - muted → quiet;
/// - `prior.last_run == run_id` (a redelivery or a retried job) → post when
///   no alert was recorded yet, else quiet;
/// - snoozed until after `now` → quiet;
/// - no alert message yet → post;
/// - alerted less than `suppression` ago → update; else post (a reminder).
Step decide(const std::optional<store::Incident>& prior, const std::string& run_id, const Route& route,
            const AlertSettings& settings, store::TimePoint now);

/// Whether a passing node resolves its unresolved incident: open and
/// acknowledged ones resolve; muted ones stay muted.
bool resolves(const store::Incident& incident);

} // namespace steward::alerts

// Text forms of the store's enums: what the databases hold and the CLI prints.
#include <array>
#include <utility>

#include "core/ports/store.hpp"

namespace steward::store {
namespace {

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) {
      return name;
    }
  }
  return "unknown";
}

template <typename E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view text) {
  for (const auto& [candidate, name] : table) {
    if (name == text) {
      return candidate;
    }
  }
  return std::nullopt;
}

constexpr std::array<std::pair<JobState, std::string_view>, 4> k_job_states{{
    {JobState::queued, "queued"},
    {JobState::running, "running"},
    {JobState::done, "done"},
    {JobState::dead, "dead"},
}};

constexpr std::array<std::pair<LessonKind, std::string_view>, 2> k_lesson_kinds{{
    {LessonKind::example, "example"},
    {LessonKind::correction, "correction"},
}};

constexpr std::array<std::pair<FeedbackKind, std::string_view>, 3> k_feedback_kinds{{
    {FeedbackKind::reaction, "reaction"},
    {FeedbackKind::button, "button"},
    {FeedbackKind::comment, "comment"},
}};

constexpr std::array<std::pair<IncidentState, std::string_view>, 4> k_incident_states{{
    {IncidentState::open, "open"},
    {IncidentState::acknowledged, "acknowledged"},
    {IncidentState::resolved, "resolved"},
    {IncidentState::muted, "muted"},
}};

constexpr std::array<std::pair<ProposalState, std::string_view>, 5> k_proposal_states{{
    {ProposalState::proposed, "proposed"},
    {ProposalState::approved, "approved"},
    {ProposalState::rejected, "rejected"},
    {ProposalState::applied, "applied"},
    {ProposalState::failed, "failed"},
}};

} // namespace

std::string_view to_string(JobState state) {
  return name_of(k_job_states, state);
}
std::optional<JobState> job_state_from(std::string_view text) {
  return value_of(k_job_states, text);
}

std::string_view to_string(FeedbackKind kind) {
  return name_of(k_feedback_kinds, kind);
}
std::optional<FeedbackKind> feedback_kind_from(std::string_view text) {
  return value_of(k_feedback_kinds, text);
}

std::string_view to_string(LessonKind kind) {
  return name_of(k_lesson_kinds, kind);
}
std::optional<LessonKind> lesson_kind_from(std::string_view text) {
  return value_of(k_lesson_kinds, text);
}

std::string_view to_string(IncidentState state) {
  return name_of(k_incident_states, state);
}
std::optional<IncidentState> incident_state_from(std::string_view text) {
  return value_of(k_incident_states, text);
}

std::string_view to_string(ProposalState state) {
  return name_of(k_proposal_states, state);
}
std::optional<ProposalState> proposal_state_from(std::string_view text) {
  return value_of(k_proposal_states, text);
}

} // namespace steward::store

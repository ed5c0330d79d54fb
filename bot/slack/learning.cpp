#include "bot/slack/learning.hpp"

#include <nlohmann/json.hpp>

#include "bot/jobs/clock.hpp"
#include "core/agent/grounding.hpp"
#include "core/agent/lessons.hpp"
#include "core/util/text.hpp"

namespace steward::bot {

namespace {

constexpr std::int64_t k_lessons_scanned = 500;
constexpr std::size_t k_lessons_given = 4;
constexpr std::int64_t k_thread_turns = 200;

/// The question `answer` answered: the newest user turn before it.
std::string question_of(const store::Turn& answer, SlackWorkerDeps& deps) {
  auto turns = deps.conversations.turns(answer.conversation_id, k_thread_turns);
  if (!turns) {
    return {};
  }
  std::string question;
  for (const store::Turn& turn : *turns) {
    if (turn.id < answer.id && turn.role == "user") {
      question = turn.text;
    }
  }
  return question;
}

/// JSON array of the unique_ids `text` names in the current project.
std::string models_named(std::string_view text, SlackWorkerDeps& deps) {
  nlohmann::json models = nlohmann::json::array();
  if (std::shared_ptr<const knowledge::Snapshot> snapshot = deps.knowledge.current()) {
    for (const agent::Mention& mention : agent::check_grounding(snapshot->project, text, "").known) {
      if (!mention.unique_id.empty() &&
          std::find(models.begin(), models.end(), mention.unique_id) == models.end()) {
        models.push_back(mention.unique_id);
      }
    }
  }
  return models.dump();
}

} // namespace

Result<void> learn_from_rating(const store::Turn& answer, std::string_view user, std::string_view value,
                               SlackWorkerDeps& deps) {
  if (answer.role != "assistant") {
    return {};
  }
  if (value == "+1") {
    store::NewLesson lesson{store::LessonKind::example, answer.id,   std::string(user),
                            question_of(answer, deps),  answer.text, models_named(answer.text, deps)};
    auto added = deps.lessons.add_lesson(lesson, wall_now());
    if (!added) {
      return tl::unexpected(added.error());
    }
  } else if (value == "removed:+1") {
    auto retracted = deps.lessons.retract_example(answer.id, user);
    if (!retracted) {
      return tl::unexpected(retracted.error());
    }
  }
  return {};
}

Result<void> add_correction(const store::Turn& answer, std::string_view user, std::string_view text,
                            SlackWorkerDeps& deps) {
  store::NewLesson lesson{store::LessonKind::correction, answer.id,         std::string(user),
                          question_of(answer, deps),     std::string(text), models_named(answer.text, deps)};
  auto added = deps.lessons.add_lesson(lesson, wall_now());
  if (!added) {
    return tl::unexpected(added.error());
  }
  return {};
}

Result<bool> learn_correction(const std::vector<store::Turn>& turns, std::string_view user,
                              std::string_view text, SlackWorkerDeps& deps) {
  const std::string_view said = trim(text);
  if (said.empty() || said.ends_with("?")) {
    return false; // a new question, not a correction
  }
  const store::Turn* answer = nullptr;
  for (const store::Turn& turn : turns) {
    if (turn.role == "assistant") {
      answer = &turn;
    }
  }
  if (answer == nullptr) {
    return false;
  }
  auto feedback = deps.feedback.feedback_for(answer->id);
  if (!feedback) {
    return tl::unexpected(feedback.error());
  }
  const store::Feedback* newest = nullptr;
  for (const store::Feedback& row : *feedback) {
    if (row.user == user) {
      newest = &row;
    }
  }
  if (newest == nullptr || newest->kind == store::FeedbackKind::comment || newest->value != "-1") {
    return false;
  }
  if (auto added = add_correction(*answer, user, said, deps); !added) {
    return tl::unexpected(added.error());
  }
  auto noted = deps.feedback.add_feedback(
      {answer->id, std::string(user), store::FeedbackKind::comment, std::string(said), wall_now()});
  if (!noted) {
    return tl::unexpected(noted.error());
  }
  return true;
}

std::vector<agent::Lesson> lessons_for(std::string_view question, SlackWorkerDeps& deps) {
  auto records = deps.lessons.lessons(std::nullopt, k_lessons_scanned);
  if (!records) {
    return {};
  }
  return agent::relevant_lessons(*records, question, k_lessons_given);
}

} // namespace steward::bot

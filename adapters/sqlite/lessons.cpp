// Lessons the feedback loop learned, and the feedback tallies behind
// `steward feedback stats`.
#include <string>
#include <utility>

#include "adapters/sqlite/queries.hpp"
#include "adapters/sqlite/query.hpp"

namespace steward::sqlite::lessons {
namespace {

using store::Id;
using store::TimePoint;

#define LESSON_COLUMNS "id, kind, answer_id, user_id, question, text, models, created_at"

store::Lesson read_lesson(const Statement& row) {
  store::Lesson lesson;
  lesson.id = row.integer(0);
  lesson.kind = store::lesson_kind_from(row.text(1)).value_or(store::LessonKind::correction);
  lesson.answer = row.integer(2);
  lesson.user = row.text(3);
  lesson.question = row.text(4);
  lesson.text = row.text(5);
  lesson.models = row.text(6);
  lesson.created_at = row.time(7);
  return lesson;
}

/// One row of `rated_answers`' query: an answer's tally and at most one of
/// its comments (none when it has no comments).
struct RatedRow {
  store::RatedAnswer answer;
  std::optional<std::string> comment;
};

RatedRow read_rated(const Statement& row) {
  RatedRow rated;
  rated.answer.answer = row.integer(0);
  rated.answer.helpful = row.integer(1);
  rated.answer.not_helpful = row.integer(2);
  rated.answer.last_feedback = row.time(3);
  rated.answer.text = row.text(4);
  rated.answer.question = row.text(5);
  if (!row.is_null(6)) {
    rated.comment = row.text(7);
  }
  return rated;
}

// The newest answers by latest feedback, each joined with its comments
// (oldest first) so that tallies and comments come from one snapshot; the
// question is the newest user turn before the answer in its conversation.
constexpr std::string_view k_rated_answers =
    "WITH rated AS (SELECT answer_id, "
    "SUM(kind IN ('reaction', 'button') AND value = '+1') AS helpful, "
    "SUM(kind IN ('reaction', 'button') AND value = '-1') AS not_helpful, "
    "MAX(at) AS last_at "
    "FROM feedback GROUP BY answer_id ORDER BY last_at DESC, answer_id DESC LIMIT ?) "
    "SELECT r.answer_id, r.helpful, r.not_helpful, r.last_at, a.text, "
    "(SELECT q.text FROM turns q WHERE q.conversation_id = a.conversation_id AND q.role = 'user' "
    "AND q.id < a.id ORDER BY q.id DESC LIMIT 1), c.id, c.value "
    "FROM rated r JOIN turns a ON a.id = r.answer_id "
    "LEFT JOIN feedback c ON c.answer_id = r.answer_id AND c.kind = 'comment' "
    "ORDER BY r.last_at DESC, r.answer_id DESC, c.at, c.id";

} // namespace

Result<Id> add_lesson(Connection& db, const store::NewLesson& lesson, TimePoint now) {
  return write_transaction(db, [&]() -> Result<Id> {
    // A repeated example hits the partial unique index; the no-op update
    // makes RETURNING give the existing row's id. Corrections never conflict.
    auto id = query_one<Id>(
        db,
        "INSERT INTO lessons (kind, answer_id, user_id, question, text, models, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (answer_id, user_id) WHERE kind = 'example' DO UPDATE SET answer_id = "
        "excluded.answer_id "
        "RETURNING id",
        [&](Statement& s) {
          s.bind(store::to_string(lesson.kind)).bind(lesson.answer).bind(lesson.user).bind(lesson.question);
          s.bind(lesson.text).bind(lesson.models).bind(now);
        },
        [](const Statement& row) { return row.integer(0); });
    if (!id) {
      return tl::unexpected(missing_or(id.error(), "answer " + std::to_string(lesson.answer)));
    }
    if (!*id) {
      return fail("store", "add_lesson: the insert returned no id");
    }
    return **id;
  });
}

Result<bool> retract_example(Connection& db, Id answer, std::string_view user) {
  return write_transaction(
             db,
             [&] {
               return execute(db,
                              "DELETE FROM lessons WHERE kind = 'example' AND answer_id = ? AND user_id = ?",
                              [&](Statement& s) { s.bind(answer).bind(user); });
             })
      .map([](std::int64_t deleted) { return deleted > 0; });
}

Result<std::vector<store::Lesson>> list(Connection& db, std::optional<store::LessonKind> kind,
                                        std::int64_t limit) {
  if (kind) {
    return query_all<store::Lesson>(
        db, "SELECT " LESSON_COLUMNS " FROM lessons WHERE kind = ? ORDER BY created_at DESC, id DESC LIMIT ?",
        [&](Statement& s) { s.bind(store::to_string(*kind)).bind(clamp_limit(limit)); }, read_lesson);
  }
  return query_all<store::Lesson>(
      db, "SELECT " LESSON_COLUMNS " FROM lessons ORDER BY created_at DESC, id DESC LIMIT ?",
      [&](Statement& s) { s.bind(clamp_limit(limit)); }, read_lesson);
}

Result<std::vector<store::RatedAnswer>> rated_answers(Connection& db, std::int64_t limit) {
  auto rows = query_all<RatedRow>(
      db, k_rated_answers, [&](Statement& s) { s.bind(clamp_limit(limit)); }, read_rated);
  if (!rows) {
    return tl::unexpected(rows.error());
  }
  std::vector<store::RatedAnswer> rated;
  for (RatedRow& row : *rows) {
    if (rated.empty() || rated.back().answer != row.answer.answer) {
      rated.push_back(std::move(row.answer));
    }
    if (row.comment) {
      rated.back().comments.push_back(std::move(*row.comment));
    }
  }
  return rated;
}

Result<std::int64_t> answer_count(Connection& db) {
  return query_one<std::int64_t>(
             db, "SELECT COUNT(*) FROM turns WHERE role = 'assistant'", [](Statement&) {},
             [](const Statement& row) { return row.integer(0); })
      .map([](const std::optional<std::int64_t>& count) { return count.value_or(0); });
}

} // namespace steward::sqlite::lessons

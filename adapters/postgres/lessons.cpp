// Lessons the feedback loop learned, and the feedback tallies behind
// `steward feedback stats`.
#include <algorithm>

#include <pqxx/binarystring>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction_base>

#include "adapters/postgres/operations.hpp"
#include "adapters/postgres/sql.hpp"

namespace steward::postgres {
namespace {

store::Lesson lesson_from(const pqxx::row& row) {
  store::Lesson lesson;
  lesson.id = row["id"].as<Id>();
  lesson.kind = enum_of(view_of(row["kind"]), &store::lesson_kind_from, "lesson kind");
  lesson.answer = row["answer_id"].as<Id>();
  lesson.user = text_of(row["user_id"]);
  lesson.question = text_of(row["question"]);
  lesson.text = text_of(row["text"]);
  lesson.models = text_of(row["models"]);
  lesson.created_at = time_of(row["created_at"]);
  return lesson;
}

store::RatedAnswer rated_from(const pqxx::row& row) {
  store::RatedAnswer rated;
  rated.answer = row["answer_id"].as<Id>();
  rated.question = text_of(row["question"]);
  rated.text = text_of(row["text"]);
  rated.helpful = row["helpful"].as<std::int64_t>();
  rated.not_helpful = row["not_helpful"].as<std::int64_t>();
  rated.last_feedback = time_of(row["last_at"]);
  return rated;
}

// The newest answers by latest feedback, each joined with its comments
// (oldest first) so that tallies and comments come from one snapshot; the
// question is the newest user turn before the answer in its conversation.
constexpr std::string_view k_rated_answers = R"sql(
  WITH rated AS (
    SELECT answer_id,
           COUNT(*) FILTER (WHERE kind IN ('reaction', 'button') AND value = '+1'::bytea) AS helpful,
           COUNT(*) FILTER (WHERE kind IN ('reaction', 'button') AND value = '-1'::bytea) AS not_helpful,
           MAX(at) AS last_at
    FROM feedback GROUP BY answer_id
    ORDER BY last_at DESC, answer_id DESC LIMIT $1)
  SELECT r.answer_id, r.helpful, r.not_helpful, r.last_at, a.text,
         (SELECT q.text FROM turns q
          WHERE q.conversation_id = a.conversation_id AND q.role = 'user'::bytea AND q.id < a.id
          ORDER BY q.id DESC LIMIT 1) AS question,
         c.id AS comment_id, c.value AS comment
  FROM rated r JOIN turns a ON a.id = r.answer_id
  LEFT JOIN feedback c ON c.answer_id = r.answer_id AND c.kind = 'comment'
  ORDER BY r.last_at DESC, r.answer_id DESC, c.at, c.id)sql";

} // namespace

Result<Id> add_lesson(Pool& pool, const store::NewLesson& lesson, TimePoint now) {
  return pool.run("add_lesson", [&](pqxx::connection_base& connection) -> Result<Id> {
    // A repeated example hits the partial unique index; the no-op update
    // makes RETURNING give the existing row's id, even when another caller
    // inserted it a moment ago. Corrections never conflict.
    try {
      const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
        return tx.exec_params(R"sql(
        INSERT INTO lessons (kind, answer_id, user_id, question, text, models, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (answer_id, user_id) WHERE kind = 'example' DO UPDATE SET answer_id = EXCLUDED.answer_id
        RETURNING id)sql",
                              std::string(store::to_string(lesson.kind)), lesson.answer, bytes(lesson.user),
                              bytes(lesson.question), bytes(lesson.text), bytes(lesson.models), ms(now));
      });
      return rows.at(0).at(0).as<Id>();
    } catch (const pqxx::foreign_key_violation&) {
      return fail("store", "add_lesson: answer " + std::to_string(lesson.answer) + " does not exist");
    }
  });
}

Result<bool> retract_example(Pool& pool, Id answer, std::string_view user) {
  return pool.run("retract_example", [&](pqxx::connection_base& connection) -> Result<bool> {
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_params("DELETE FROM lessons WHERE kind = 'example' AND answer_id = $1 AND user_id = $2",
                            answer, bytes(user));
    });
    return rows.affected_rows() > 0;
  });
}

Result<std::vector<store::Lesson>> lessons(Pool& pool, std::optional<store::LessonKind> kind,
                                           std::int64_t limit) {
  const std::string wanted(kind ? store::to_string(*kind) : "");
  return pool.run("lessons", [&](pqxx::connection_base& connection) -> Result<std::vector<store::Lesson>> {
    pqxx::nontransaction read(connection);
    const pqxx::result rows = read.exec_params(R"sql(
      SELECT * FROM lessons WHERE $1::text = '' OR kind = $1::text
      ORDER BY created_at DESC, id DESC LIMIT $2)sql",
                                               wanted, std::max<std::int64_t>(limit, 0));
    std::vector<store::Lesson> found;
    found.reserve(rows.size());
    for (const pqxx::row& row : rows) {
      found.push_back(lesson_from(row));
    }
    return found;
  });
}

Result<std::vector<store::RatedAnswer>> rated_answers(Pool& pool, std::int64_t limit) {
  return pool.run("rated_answers",
                  [&](pqxx::connection_base& connection) -> Result<std::vector<store::RatedAnswer>> {
                    pqxx::nontransaction read(connection);
                    const pqxx::result rows =
                        read.exec_params(std::string(k_rated_answers), std::max<std::int64_t>(limit, 0));
                    std::vector<store::RatedAnswer> rated;
                    for (const pqxx::row& row : rows) {
                      if (rated.empty() || rated.back().answer != row["answer_id"].as<Id>()) {
                        rated.push_back(rated_from(row));
                      }
                      if (!row["comment_id"].is_null()) {
                        rated.back().comments.push_back(text_of(row["comment"]));
                      }
                    }
                    return rated;
                  });
}

Result<std::int64_t> answer_count(Pool& pool) {
  return pool.run("answer_count", [](pqxx::connection_base& connection) -> Result<std::int64_t> {
    pqxx::nontransaction read(connection);
    return read.exec("SELECT COUNT(*) FROM turns WHERE role = 'assistant'::bytea")
        .at(0)
        .at(0)
        .as<std::int64_t>();
  });
}

} // namespace steward::postgres

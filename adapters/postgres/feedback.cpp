// Feedback on answers: reactions, buttons, comments.
#include <algorithm>

#include <pqxx/binarystring>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction_base>

#include "adapters/postgres/operations.hpp"
#include "adapters/postgres/sql.hpp"

namespace steward::postgres {
namespace {

std::vector<store::Feedback> feedback_from(const pqxx::result& rows) {
  std::vector<store::Feedback> found;
  found.reserve(rows.size());
  for (const pqxx::row& row : rows) {
    store::Feedback feedback;
    feedback.answer = row["answer_id"].as<Id>();
    feedback.user = text_of(row["user_id"]);
    feedback.kind = enum_of(view_of(row["kind"]), &store::feedback_kind_from, "feedback kind");
    feedback.value = text_of(row["value"]);
    feedback.at = time_of(row["at"]);
    found.push_back(std::move(feedback));
  }
  return found;
}

} // namespace

Result<Id> add_feedback(Pool& pool, const store::Feedback& feedback) {
  return pool.run("add_feedback", [&](pqxx::connection_base& connection) -> Result<Id> {
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_params(R"sql(
      INSERT INTO feedback (answer_id, user_id, kind, value, at) VALUES ($1, $2, $3, $4, $5)
      RETURNING id)sql",
                            feedback.answer, bytes(feedback.user),
                            std::string(store::to_string(feedback.kind)), bytes(feedback.value),
                            ms(feedback.at));
    });
    return rows.at(0).at(0).as<Id>();
  });
}

Result<std::vector<store::Feedback>> feedback_for(Pool& pool, Id answer) {
  return pool.run(
      "feedback_for", [&](pqxx::connection_base& connection) -> Result<std::vector<store::Feedback>> {
        pqxx::nontransaction read(connection);
        return feedback_from(
            read.exec_params("SELECT * FROM feedback WHERE answer_id = $1 ORDER BY at, id", answer));
      });
}

Result<std::vector<store::Feedback>> recent_feedback(Pool& pool, std::int64_t limit) {
  return pool.run(
      "recent_feedback", [&](pqxx::connection_base& connection) -> Result<std::vector<store::Feedback>> {
        pqxx::nontransaction read(connection);
        return feedback_from(read.exec_params("SELECT * FROM feedback ORDER BY at DESC, id DESC LIMIT $1",
                                              std::max<std::int64_t>(limit, 0)));
      });
}

} // namespace steward::postgres

#include "adapters/postgres/sql.hpp"

#include <stdexcept>

#include <pqxx/binarystring>
#include <pqxx/except>
#include <pqxx/field>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction_base>

namespace steward::postgres {

pqxx::result write_once(pqxx::connection_base& connection,
                        const std::function<pqxx::result(pqxx::transaction_base&)>& statement) {
  pqxx::nontransaction autocommit(connection);
  try {
    return statement(autocommit);
  } catch (const pqxx::broken_connection& e) {
    throw pqxx::in_doubt_error(e.what());
  }
}

pqxx::binarystring bytes(std::string_view text) {
  return {text.empty() ? "" : text.data(), text.size()};
}

std::string_view view_of(const pqxx::field& field) {
  return {field.c_str(), field.size()};
}

std::string text_of(const pqxx::field& field) {
  if (field.is_null()) {
    return {};
  }
  return pqxx::binarystring(field).str();
}

std::optional<store::TimePoint> optional_time(const pqxx::field& field) {
  if (field.is_null()) {
    return std::nullopt;
  }
  return time_of(field);
}

store::TimePoint time_of(const pqxx::field& field) {
  return store::TimePoint(store::Millis(field.as<std::int64_t>()));
}

void throw_unknown(std::string_view what, std::string_view value) {
  throw std::runtime_error("unknown " + std::string(what) + " '" + std::string(value) +
                           "' in the database (written by a newer steward?)");
}

} // namespace steward::postgres

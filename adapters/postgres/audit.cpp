// The append-only audit log. A trigger (schema.cpp) refuses UPDATE, DELETE
// and TRUNCATE, so not even a stray statement can rewrite history.
#include <algorithm>

#include <pqxx/binarystring>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction_base>

#include "adapters/postgres/operations.hpp"
#include "adapters/postgres/sql.hpp"

namespace steward::postgres {

Result<Id> append_audit(Pool& pool, const store::AuditEntry& entry) {
  return pool.run("append_audit", [&](pqxx::connection_base& connection) -> Result<Id> {
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_params(R"sql(
      INSERT INTO audit_log (actor, action, target, details, at) VALUES ($1, $2, $3, $4, $5)
      RETURNING id)sql",
                            bytes(entry.actor), bytes(entry.action), bytes(entry.target),
                            bytes(entry.details), ms(entry.at));
    });
    return rows.at(0).at(0).as<Id>();
  });
}

Result<std::vector<store::AuditEntry>> audit_entries(Pool& pool, Id after, std::int64_t limit) {
  return pool.run("audit_entries",
                  [&](pqxx::connection_base& connection) -> Result<std::vector<store::AuditEntry>> {
                    pqxx::nontransaction read(connection);
                    const pqxx::result rows =
                        read.exec_params("SELECT * FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2", after,
                                         std::max<std::int64_t>(limit, 0));
                    std::vector<store::AuditEntry> found;
                    found.reserve(rows.size());
                    for (const pqxx::row& row : rows) {
                      store::AuditEntry entry;
                      entry.id = row["id"].as<Id>();
                      entry.actor = text_of(row["actor"]);
                      entry.action = text_of(row["action"]);
                      entry.target = text_of(row["target"]);
                      entry.details = text_of(row["details"]);
                      entry.at = time_of(row["at"]);
                      found.push_back(std::move(entry));
                    }
                    return found;
                  });
}

} // namespace steward::postgres

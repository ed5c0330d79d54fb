// Inbound event de-duplication.
#include <pqxx/binarystring>
#include <pqxx/result>
#include <pqxx/transaction_base>

#include "adapters/postgres/operations.hpp"
#include "adapters/postgres/sql.hpp"

namespace steward::postgres {

Result<bool> record_event(Pool& pool, std::string_view platform, std::string_view event_id, TimePoint now,
                          Millis ttl) {
  return pool.run("record_event", [&](pqxx::connection_base& connection) -> Result<bool> {
    // A row comes back when the id is new, or when its old record had expired.
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_params(R"sql(
        INSERT INTO events (platform, event_id, expires_at) VALUES ($1, $2, $3)
        ON CONFLICT (platform, event_id) DO UPDATE SET expires_at = EXCLUDED.expires_at
          WHERE events.expires_at <= $4
        RETURNING 1)sql",
                            bytes(platform), bytes(event_id), ms(now + ttl), ms(now));
    });
    return !rows.empty();
  });
}

Result<std::int64_t> purge_events(Pool& pool, TimePoint now) {
  return pool.run("purge_events", [&](pqxx::connection_base& connection) -> Result<std::int64_t> {
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_params("DELETE FROM events WHERE expires_at <= $1", ms(now));
    });
    return static_cast<std::int64_t>(rows.affected_rows());
  });
}

} // namespace steward::postgres

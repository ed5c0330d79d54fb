// Event de-duplication, the audit log, the embedding cache and settings.
#include <bit>
#include <cstdint>
#include <string>

#include "adapters/sqlite/queries.hpp"
#include "adapters/sqlite/query.hpp"

namespace steward::sqlite {
namespace {

using store::TimePoint;

std::vector<unsigned char> encode_floats(std::span<const float> vector) {
  std::vector<unsigned char> bytes;
  bytes.reserve(vector.size() * 4);
  for (const float value : vector) {
    const auto bits = std::bit_cast<std::uint32_t>(value);
    for (int shift = 0; shift < 32; shift += 8) {
      bytes.push_back(static_cast<unsigned char>(bits >> shift));
    }
  }
  return bytes;
}

std::vector<float> decode_floats(std::span<const unsigned char> bytes) {
  std::vector<float> vector;
  vector.reserve(bytes.size() / 4);
  for (std::size_t at = 0; at + 4 <= bytes.size(); at += 4) {
    std::uint32_t bits = 0;
    for (std::size_t byte = 0; byte < 4; ++byte) {
      bits |= static_cast<std::uint32_t>(bytes[at + byte]) << (8 * byte);
    }
    vector.push_back(std::bit_cast<float>(bits));
  }
  return vector;
}

store::AuditEntry read_audit(const Statement& row) {
  return store::AuditEntry{row.integer(0), row.text(1), row.text(2), row.text(3), row.text(4), row.time(5)};
}

} // namespace

// --- Events -------------------------------------------------------------------

namespace events {

Result<bool> record_event(Connection& db, std::string_view platform, std::string_view event_id, TimePoint now,
                          store::Millis ttl) {
  // A present but expired record is refreshed; the WHERE leaves a live one alone.
  return write_transaction(
             db,
             [&] {
               return execute(
                   db,
                   "INSERT INTO events (platform, event_id, expires_at) VALUES (?1, ?2, ?3) "
                   "ON CONFLICT (platform, event_id) DO UPDATE SET expires_at = excluded.expires_at "
                   "WHERE events.expires_at <= ?4",
                   [&](Statement& s) { s.bind(platform).bind(event_id).bind(now + ttl).bind(now); });
             })
      .map([](std::int64_t changed) { return changed > 0; });
}

Result<std::int64_t> purge_events(Connection& db, TimePoint now) {
  return write_transaction(db, [&] {
    return execute(db, "DELETE FROM events WHERE expires_at < ?", [&](Statement& s) { s.bind(now); });
  });
}

} // namespace events

// --- Audit log, embeddings, settings -----------------------------------------------

namespace records {

Result<store::Id> append_audit(Connection& db, const store::AuditEntry& entry) {
  return write_transaction(db, [&] {
    return execute(
               db, "INSERT INTO audit_log (actor, action, target, details, at) VALUES (?, ?, ?, ?, ?)",
               [&](Statement& s) {
                 s.bind(entry.actor).bind(entry.action).bind(entry.target).bind(entry.details).bind(entry.at);
               })
        .map([&](std::int64_t) { return db.last_insert_id(); });
  });
}

Result<std::vector<store::AuditEntry>> audit_entries(Connection& db, store::Id after, std::int64_t limit) {
  return query_all<store::AuditEntry>(
      db, "SELECT id, actor, action, target, details, at FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
      [&](Statement& s) { s.bind(after).bind(clamp_limit(limit)); }, read_audit);
}

Result<void> put_embedding(Connection& db, std::string_view model, std::string_view content_hash,
                           std::span<const float> vector, TimePoint now) {
  const std::vector<unsigned char> bytes = encode_floats(vector);
  return write_transaction(
             db,
             [&] {
               return execute(
                   db,
                   "INSERT INTO embeddings (model, content_hash, dims, vector, created_at) "
                   "VALUES (?, ?, ?, ?, ?) ON CONFLICT (model, content_hash) DO UPDATE SET "
                   "dims = excluded.dims, vector = excluded.vector, created_at = excluded.created_at",
                   [&](Statement& s) {
                     s.bind(model).bind(content_hash).bind(static_cast<std::int64_t>(vector.size()));
                     s.bind_blob(bytes).bind(now);
                   });
             })
      .map([](std::int64_t) {});
}

Result<std::optional<std::vector<float>>> embedding(Connection& db, std::string_view model,
                                                    std::string_view content_hash) {
  struct Row {
    std::int64_t dims = 0;
    std::vector<float> vector;
  };
  auto row = query_one<Row>(
      db, "SELECT dims, vector FROM embeddings WHERE model = ? AND content_hash = ?",
      [&](Statement& s) { s.bind(model).bind(content_hash); },
      [](const Statement& r) {
        return Row{r.integer(0), decode_floats(r.blob(1))};
      });
  if (!row) {
    return tl::unexpected(row.error());
  }
  if (!*row) {
    return std::optional<std::vector<float>>();
  }
  if (static_cast<std::size_t>((*row)->dims) != (*row)->vector.size()) {
    return fail("store", "embedding " + std::string(model) + "/" + std::string(content_hash) +
                             " is corrupt (its size does not match its dimensions)");
  }
  return std::optional<std::vector<float>>(std::move((*row)->vector));
}

Result<void> put_setting(Connection& db, std::string_view key, std::string_view value, TimePoint now) {
  return write_transaction(
             db,
             [&] {
               return execute(
                   db,
                   "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) "
                   "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                   [&](Statement& s) { s.bind(key).bind(value).bind(now); });
             })
      .map([](std::int64_t) {});
}

Result<std::optional<std::string>> setting(Connection& db, std::string_view key) {
  return query_one<std::string>(
      db, "SELECT value FROM settings WHERE key = ?", [&](Statement& s) { s.bind(key); },
      [](const Statement& row) { return row.text(0); });
}

Result<bool> erase_setting(Connection& db, std::string_view key) {
  return write_transaction(db,
                           [&] {
                             return execute(db, "DELETE FROM settings WHERE key = ?",
                                            [&](Statement& s) { s.bind(key); });
                           })
      .map([](std::int64_t changed) { return changed > 0; });
}

} // namespace records
} // namespace steward::sqlite

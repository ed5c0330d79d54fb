#include "adapters/sqlite/migrations.hpp"

#include <array>
#include <chrono>
#include <string>

namespace steward::sqlite {
namespace {

// Version 1, the first release: the whole schema. Times are milliseconds since
// the Unix epoch; text columns hold the names from core/store/names.cpp.
constexpr std::string_view k_schema_v1 = R"sql(
CREATE TABLE events (
  platform TEXT NOT NULL,
  event_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (platform, event_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX events_expires ON events (expires_at);

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  idempotency_key TEXT UNIQUE, -- NULL when empty, so empty keys never collide
  state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  run_at INTEGER NOT NULL,
  lease_until INTEGER,
  lease_owner TEXT NOT NULL DEFAULT '',
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX jobs_due ON jobs (state, run_at);
CREATE INDEX jobs_lease ON jobs (state, lease_until);

CREATE TABLE conversations (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  workspace TEXT NOT NULL,
  channel TEXT NOT NULL,
  thread TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (platform, workspace, channel, thread)
) STRICT;

CREATE TABLE turns (
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations (id),
  role TEXT NOT NULL,
  user_id TEXT NOT NULL,
  text TEXT NOT NULL,
  platform TEXT NOT NULL, -- copied from the conversation for turn_by_message
  workspace TEXT NOT NULL,
  channel TEXT NOT NULL,
  message TEXT NOT NULL,
  tokens INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX turns_conversation ON turns (conversation_id, id);
CREATE INDEX turns_message ON turns (platform, workspace, channel, message);

CREATE TABLE tool_steps (
  turn_id INTEGER NOT NULL REFERENCES turns (id),
  seq INTEGER NOT NULL,
  tool TEXT NOT NULL,
  input TEXT NOT NULL,
  output_bytes INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  tokens INTEGER NOT NULL,
  PRIMARY KEY (turn_id, seq)
) STRICT;

CREATE TABLE feedback (
  id INTEGER PRIMARY KEY,
  answer_id INTEGER NOT NULL REFERENCES turns (id),
  user_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('reaction', 'button', 'comment')),
  value TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX feedback_answer ON feedback (answer_id, id);

CREATE TABLE incidents (
  id INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  title TEXT NOT NULL,
  node TEXT NOT NULL,
  details TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved', 'muted')),
  occurrences INTEGER NOT NULL,
  message_platform TEXT, -- the alert message; all four NULL until posted
  message_workspace TEXT,
  message_channel TEXT,
  message_id TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX incidents_fingerprint ON incidents (fingerprint, state);
CREATE INDEX incidents_state ON incidents (state, id);

CREATE TABLE proposals (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER REFERENCES incidents (id),
  title TEXT NOT NULL,
  diff TEXT NOT NULL,
  dry_run TEXT NOT NULL,
  author TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('proposed', 'approved', 'rejected', 'applied', 'failed')),
  branch TEXT NOT NULL DEFAULT '',
  pull_request TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX proposals_incident ON proposals (incident_id, id);

CREATE TABLE approvals (
  id INTEGER PRIMARY KEY,
  proposal_id INTEGER NOT NULL REFERENCES proposals (id),
  user_id TEXT NOT NULL,
  approved INTEGER NOT NULL CHECK (approved IN (0, 1)),
  comment TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX approvals_proposal ON approvals (proposal_id, id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  details TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE embeddings (
  model TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  dims INTEGER NOT NULL,
  vector BLOB NOT NULL, -- dims little-endian float32 values
  created_at INTEGER NOT NULL,
  PRIMARY KEY (model, content_hash)
) STRICT;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
)sql";

// Version 2: lessons the feedback loop learned. An example is kept once per
// (answer, user), so the partial unique index covers examples only.
constexpr std::string_view k_lessons_v2 = R"sql(
CREATE TABLE lessons (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('example', 'correction')),
  answer_id INTEGER NOT NULL REFERENCES turns (id),
  user_id TEXT NOT NULL,
  question TEXT NOT NULL,
  text TEXT NOT NULL,
  models TEXT NOT NULL, -- JSON array of dbt unique_ids
  created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX lessons_example ON lessons (answer_id, user_id) WHERE kind = 'example';
CREATE INDEX lessons_created ON lessons (created_at, id);
CREATE INDEX lessons_kind ON lessons (kind, created_at, id);
)sql";

// Version 3: dbt runs, and what incidents need to count a run once, snooze
// and say when they were alerted and resolved. Rows from before version 3
// take `updated_at` as their best guess for `alerted_at` (when an alert
// message is set) and `resolved_at` (when resolved).
constexpr std::string_view k_runs_v3 = R"sql(
ALTER TABLE incidents ADD COLUMN last_run TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN alerted_at INTEGER;
ALTER TABLE incidents ADD COLUMN snoozed_until INTEGER;
ALTER TABLE incidents ADD COLUMN resolved_at INTEGER;
UPDATE incidents SET alerted_at = updated_at WHERE message_id IS NOT NULL;
UPDATE incidents SET resolved_at = updated_at WHERE state = 'resolved';

CREATE TABLE runs (
  id INTEGER PRIMARY KEY, -- orders runs received in the same millisecond
  invocation_id TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  generated_at TEXT NOT NULL,
  summary TEXT NOT NULL,
  received_at INTEGER NOT NULL
) STRICT;
CREATE INDEX runs_received ON runs (received_at, id);
)sql";

// Append new migrations here; never edit or reorder a released one.
constexpr std::array<Migration, 3> k_migrations{{
    {1, "initial schema", k_schema_v1},
    {2, "lessons", k_lessons_v2},
    {3, "runs and incident snoozes", k_runs_v3},
}};

constexpr std::string_view k_create_migrations_table = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
))sql";

std::int64_t now_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Result<void> record(Connection& db, const Migration& migration) {
  auto insert = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  if (!insert) {
    return tl::unexpected(insert.error());
  }
  return insert->bind(std::int64_t{migration.version}).bind(migration.name).bind(now_millis()).run();
}

/// Applies `migration` unless another process already did.
Result<void> apply(Connection& db, const Migration& migration) {
  return write_transaction(db, [&]() -> Result<void> {
    auto version = applied_version(db);
    if (!version) {
      return tl::unexpected(version.error());
    }
    if (*version > latest_migration_version()) {
      return tl::unexpected(newer_schema_error(db.file(), *version));
    }
    if (*version >= migration.version) {
      return {};
    }
    if (auto applied = db.exec(migration.sql); !applied) {
      return fail(db.file(), "migration " + std::to_string(migration.version) + " (" +
                                 std::string(migration.name) + ") failed: " + applied.error().reason);
    }
    return record(db, migration);
  });
}

} // namespace

std::span<const Migration> migrations() {
  return k_migrations;
}

int latest_migration_version() {
  return k_migrations.back().version;
}

Error newer_schema_error(const std::string& file, int version) {
  return Error{
      file, "database schema version " + std::to_string(version) + " is newer than this steward supports (" +
                std::to_string(latest_migration_version()) + "); upgrade steward or use another state.dir"};
}

Result<int> applied_version(Connection& db) {
  auto exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!exists) {
    return tl::unexpected(exists.error());
  }
  auto found = exists->step();
  if (!found || !*found) {
    return found ? Result<int>(0) : tl::unexpected(found.error());
  }
  auto max = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!max) {
    return tl::unexpected(max.error());
  }
  auto row = max->step();
  if (!row) {
    return tl::unexpected(row.error());
  }
  return static_cast<int>(max->integer(0));
}

Result<void> migrate(Connection& db) {
  auto version = applied_version(db);
  if (!version) {
    return tl::unexpected(version.error());
  }
  if (*version > latest_migration_version()) {
    return tl::unexpected(newer_schema_error(db.file(), *version));
  }
  if (*version == latest_migration_version()) {
    return {};
  }
  if (auto created = write_transaction(db, [&] { return db.exec(k_create_migrations_table); }); !created) {
    return created;
  }
  for (const Migration& migration : k_migrations) {
    if (auto applied = apply(db, migration); !applied) {
      return applied;
    }
  }
  return {};
}

} // namespace steward::sqlite

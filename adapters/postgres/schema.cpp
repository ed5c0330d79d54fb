// The PostgreSQL schema, as forward-only migrations. It mirrors the SQLite
// schema table for table (sql.hpp says why strings are BYTEA here).
#include <array>

#include "adapters/postgres/migrations.hpp"

namespace steward::postgres {
namespace {

constexpr std::string_view k_initial = R"sql(
CREATE TABLE events (
  platform   BYTEA  NOT NULL,
  event_id   BYTEA  NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (platform, event_id)
);
CREATE INDEX events_expires_at ON events (expires_at);

CREATE TABLE jobs (
  id              BIGSERIAL PRIMARY KEY,
  kind            BYTEA   NOT NULL,
  payload         BYTEA   NOT NULL,
  idempotency_key BYTEA   UNIQUE, -- NULL when the job has none
  state           TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'done', 'dead')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  max_attempts    INTEGER NOT NULL,
  run_at          BIGINT  NOT NULL,
  lease_until     BIGINT,
  lease_owner     BYTEA   NOT NULL DEFAULT ''::bytea,
  last_error      BYTEA   NOT NULL DEFAULT ''::bytea,
  created_at      BIGINT  NOT NULL,
  updated_at      BIGINT  NOT NULL
);
-- Claims read these two in order; plain index scans (not bitmap scans) also
-- mark the entries of jobs that moved on as dead, so the queue's hot end
-- stays small between vacuums.
CREATE INDEX jobs_queued ON jobs (run_at, id) WHERE state = 'queued';
CREATE INDEX jobs_running_lease ON jobs (lease_until) WHERE state = 'running';
CREATE INDEX jobs_state ON jobs (state, created_at);

CREATE TABLE conversations (
  id         BIGSERIAL PRIMARY KEY,
  platform   BYTEA  NOT NULL,
  workspace  BYTEA  NOT NULL,
  channel    BYTEA  NOT NULL,
  thread     BYTEA  NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (platform, workspace, channel, thread)
);

CREATE TABLE turns (
  id              BIGSERIAL PRIMARY KEY,
  conversation_id BIGINT NOT NULL REFERENCES conversations (id),
  role            BYTEA  NOT NULL,
  user_id         BYTEA  NOT NULL,
  text            BYTEA  NOT NULL,
  platform        BYTEA  NOT NULL,
  workspace       BYTEA  NOT NULL,
  channel         BYTEA  NOT NULL,
  message         BYTEA  NOT NULL,
  tokens          BIGINT NOT NULL,
  created_at      BIGINT NOT NULL
);
CREATE INDEX turns_conversation ON turns (conversation_id, id);
CREATE INDEX turns_message ON turns (platform, workspace, channel, message) WHERE message <> ''::bytea;

CREATE TABLE tool_steps (
  turn_id      BIGINT  NOT NULL REFERENCES turns (id),
  seq          INTEGER NOT NULL,
  tool         BYTEA   NOT NULL,
  input        BYTEA   NOT NULL,
  output_bytes BIGINT  NOT NULL,
  duration_ms  BIGINT  NOT NULL,
  tokens       BIGINT  NOT NULL,
  PRIMARY KEY (turn_id, seq)
);

CREATE TABLE feedback (
  id        BIGSERIAL PRIMARY KEY,
  answer_id BIGINT NOT NULL REFERENCES turns (id),
  user_id   BYTEA  NOT NULL,
  kind      TEXT   NOT NULL CHECK (kind IN ('reaction', 'button', 'comment')),
  value     BYTEA  NOT NULL,
  at        BIGINT NOT NULL
);
CREATE INDEX feedback_answer ON feedback (answer_id, at, id);
CREATE INDEX feedback_at ON feedback (at, id);

CREATE TABLE incidents (
  id                BIGSERIAL PRIMARY KEY,
  fingerprint       BYTEA  NOT NULL,
  title             BYTEA  NOT NULL,
  node              BYTEA  NOT NULL,
  details           BYTEA  NOT NULL,
  state             TEXT   NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved', 'muted')),
  occurrences       BIGINT NOT NULL DEFAULT 1,
  message_platform  BYTEA, -- the alert message; all four NULL until posted
  message_workspace BYTEA,
  message_channel   BYTEA,
  message_id        BYTEA,
  created_at        BIGINT NOT NULL,
  updated_at        BIGINT NOT NULL
);
-- At most one unresolved incident per fingerprint: repeats count on it.
CREATE UNIQUE INDEX incidents_unresolved ON incidents (fingerprint) WHERE state <> 'resolved';
CREATE INDEX incidents_state ON incidents (state, created_at, id);

CREATE TABLE proposals (
  id           BIGSERIAL PRIMARY KEY,
  incident_id  BIGINT REFERENCES incidents (id),
  title        BYTEA  NOT NULL,
  diff         BYTEA  NOT NULL,
  dry_run      BYTEA  NOT NULL,
  author       BYTEA  NOT NULL,
  state        TEXT   NOT NULL
               CHECK (state IN ('proposed', 'approved', 'rejected', 'applied', 'failed')),
  branch       BYTEA  NOT NULL DEFAULT ''::bytea,
  pull_request BYTEA  NOT NULL DEFAULT ''::bytea,
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL
);
CREATE INDEX proposals_incident ON proposals (incident_id, id);

CREATE TABLE approvals (
  id          BIGSERIAL PRIMARY KEY,
  proposal_id BIGINT  NOT NULL REFERENCES proposals (id),
  user_id     BYTEA   NOT NULL,
  approved    BOOLEAN NOT NULL,
  comment     BYTEA   NOT NULL,
  at          BIGINT  NOT NULL
);
CREATE INDEX approvals_proposal ON approvals (proposal_id, id);

CREATE TABLE audit_log (
  id      BIGSERIAL PRIMARY KEY,
  actor   BYTEA  NOT NULL,
  action  BYTEA  NOT NULL,
  target  BYTEA  NOT NULL,
  details BYTEA  NOT NULL,
  at      BIGINT NOT NULL
);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE embeddings (
  model        BYTEA   NOT NULL,
  content_hash BYTEA   NOT NULL,
  dims         INTEGER NOT NULL,
  vector       BYTEA   NOT NULL, -- dims little-endian float32 values
  updated_at   BIGINT  NOT NULL,
  PRIMARY KEY (model, content_hash)
);

CREATE TABLE settings (
  key        BYTEA  PRIMARY KEY,
  value      BYTEA  NOT NULL,
  updated_at BIGINT NOT NULL
);
)sql";

// Lessons the feedback loop learned. An example is kept once per (answer,
// user), so the partial unique index covers examples only.
constexpr std::string_view k_lessons = R"sql(
CREATE TABLE lessons (
  id         BIGSERIAL PRIMARY KEY,
  kind       TEXT   NOT NULL CHECK (kind IN ('example', 'correction')),
  answer_id  BIGINT NOT NULL REFERENCES turns (id),
  user_id    BYTEA  NOT NULL,
  question   BYTEA  NOT NULL,
  text       BYTEA  NOT NULL,
  models     BYTEA  NOT NULL, -- JSON array of dbt unique_ids
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX lessons_example ON lessons (answer_id, user_id) WHERE kind = 'example';
CREATE INDEX lessons_created ON lessons (created_at, id);
CREATE INDEX lessons_kind ON lessons (kind, created_at, id);
)sql";

// dbt runs, and what incidents need to count a run once, snooze and say
// when they were alerted and resolved. Rows from before this migration take
// `updated_at` as their best guess for `alerted_at` (when an alert message is
// set) and `resolved_at` (when resolved).
constexpr std::string_view k_runs = R"sql(
ALTER TABLE incidents
  ADD COLUMN last_run      BYTEA  NOT NULL DEFAULT ''::bytea,
  ADD COLUMN alerted_at    BIGINT,
  ADD COLUMN snoozed_until BIGINT,
  ADD COLUMN resolved_at   BIGINT;
UPDATE incidents SET alerted_at = updated_at WHERE message_id IS NOT NULL;
UPDATE incidents SET resolved_at = updated_at WHERE state = 'resolved';

CREATE TABLE runs (
  id            BIGSERIAL PRIMARY KEY, -- orders runs received in the same millisecond
  invocation_id BYTEA  NOT NULL UNIQUE,
  source        BYTEA  NOT NULL,
  generated_at  BYTEA  NOT NULL,
  summary       BYTEA  NOT NULL,
  received_at   BIGINT NOT NULL
);
CREATE INDEX runs_received ON runs (received_at, id);
)sql";

// Append new migrations here; never edit or reorder a released one.
constexpr std::array<Migration, 3> k_migrations{{
    {1, "initial", k_initial},
    {2, "lessons", k_lessons},
    {3, "runs and incident snoozes", k_runs},
}};

} // namespace

std::span<const Migration> migrations() {
  return k_migrations;
}

} // namespace steward::postgres

#include "bot/config/schema.hpp"

#include <algorithm>

#include "bot/config/config.hpp"
#include "bot/config/env.hpp"

namespace steward::config {
namespace {

// --- Row builders: one per value type, so a key's type always matches its
// field. `field` returns the key's member of a `Config`.

template <typename T>
using Field = T& (*)(Config&);

template <typename T>
KeySpec bind(KeySpec spec, Field<T> field) {
  spec.assign = [field](Config& config, const Value& value) {
    if (const T* typed = std::get_if<T>(&value)) {
      field(config) = *typed;
    }
  };
  return spec;
}

KeySpec base(std::string key, KeyType type, std::string default_text, std::string doc) {
  KeySpec spec;
  spec.key = std::move(key);
  spec.type = type;
  spec.default_text = std::move(default_text);
  spec.doc = std::move(doc);
  return spec;
}

KeySpec string_key(std::string key, std::string default_text, std::string doc, Field<std::string> field) {
  return bind(base(std::move(key), KeyType::string, std::move(default_text), std::move(doc)), field);
}

KeySpec path_key(std::string key, std::string default_text, PathRule rule, std::string doc,
                 Field<std::filesystem::path> field) {
  KeySpec spec = base(std::move(key), KeyType::path, std::move(default_text), std::move(doc));
  spec.path_rule = rule;
  return bind(std::move(spec), field);
}

KeySpec bool_key(std::string key, bool default_value, std::string doc, Field<bool> field) {
  return bind(base(std::move(key), KeyType::boolean, default_value ? "true" : "false", std::move(doc)),
              field);
}

KeySpec integer_key(std::string key, std::int64_t default_value, std::int64_t min, std::int64_t max,
                    std::string doc, Field<std::int64_t> field) {
  KeySpec spec = base(std::move(key), KeyType::integer, std::to_string(default_value), std::move(doc));
  spec.min = min;
  spec.max = max;
  return bind(std::move(spec), field);
}

/// `min` and `max` are written like values (`1s`, `1h`).
KeySpec duration_key(std::string key, std::string default_text, std::string_view min, std::string_view max,
                     std::string doc, Field<std::chrono::milliseconds> field) {
  KeySpec spec = base(std::move(key), KeyType::duration, std::move(default_text), std::move(doc));
  spec.min = parse_duration(min).value_or(std::chrono::milliseconds(0)).count();
  spec.max = parse_duration(max).value_or(std::chrono::milliseconds(0)).count();
  return bind(std::move(spec), field);
}

KeySpec enum_key(std::string key, std::vector<std::string> choices, std::string default_text, std::string doc,
                 Field<std::string> field) {
  KeySpec spec = base(std::move(key), KeyType::enumeration, std::move(default_text), std::move(doc));
  spec.choices = std::move(choices);
  return bind(std::move(spec), field);
}

/// `default_text` is comma-separated.
KeySpec list_key(std::string key, std::string default_text, std::string doc,
                 Field<std::vector<std::string>> field) {
  return bind(base(std::move(key), KeyType::string_list, std::move(default_text), std::move(doc)), field);
}

KeySpec secret_key(std::string key, std::string doc, Field<Secret> field) {
  return bind(base(std::move(key), KeyType::secret, "", std::move(doc)), field);
}

KeySpec required(KeySpec spec) {
  spec.required = true;
  return spec;
}

using std::filesystem::path;

std::vector<KeySpec> project_keys() {
  return {
      required(path_key("project.path", "", PathRule::must_exist,
                        "The dbt project to serve: a dbt project directory, a directory holding "
                        "manifest.json, or a manifest file.",
                        [](Config& c) -> path& { return c.project.path; })),
      bool_key("project.prefer_source", false,
               "Parse the project's source files even when target/manifest.json exists.",
               [](Config& c) -> bool& { return c.project.prefer_source; }),
      duration_key("project.watch_interval", "5s", "0s", "1h",
                   "How often the daemon checks the project's files and reloads them when they changed; "
                   "0s turns reloading off.",
                   [](Config& c) -> std::chrono::milliseconds& { return c.project.watch_interval; }),
      path_key("state.dir", ".steward", PathRule::directory_if_exists,
               "Directory for Steward's own files; created when missing.",
               [](Config& c) -> path& { return c.state.dir; }),
  };
}

std::vector<KeySpec> store_keys() {
  return {
      enum_key("store.backend", {"auto", "sqlite", "postgres"}, "auto",
               "Where Steward keeps its state: an embedded SQLite file, or a PostgreSQL database "
               "shared by several replicas. auto: postgres when store.url is set, else sqlite.",
               [](Config& c) -> std::string& { return c.store.backend; }),
      path_key("store.path", "", PathRule::any, "The SQLite database file. Empty: steward.db in state.dir.",
               [](Config& c) -> path& { return c.store.path; }),
      enum_key("store.sync", {"full", "normal"}, "full",
               "SQLite durability: full survives power loss (one fsync per commit, shared by concurrent "
               "callers); normal survives a crash of Steward but the last commits may be lost if the host "
               "loses power, and is faster.",
               [](Config& c) -> std::string& { return c.store.sync; }),
      duration_key("store.busy_timeout", "5s", "0s", "10m",
                   "How long a SQLite write waits for another process holding the lock.",
                   [](Config& c) -> std::chrono::milliseconds& { return c.store.busy_timeout; }),
      string_key("store.url", "",
                 "PostgreSQL connection URL (postgresql://user@host:5432/db); required when store.backend "
                 "is postgres. Must not contain the password.",
                 [](Config& c) -> std::string& { return c.store.url; }),
      secret_key("store.password", "PostgreSQL password.",
                 [](Config& c) -> Secret& { return c.store.password; }),
      integer_key("store.pool_size", 4, 1, 64, "PostgreSQL connections kept open.",
                  [](Config& c) -> std::int64_t& { return c.store.pool_size; }),
      duration_key("store.connect_timeout", "5s", "1s", "5m", "Limit for opening a PostgreSQL connection.",
                   [](Config& c) -> std::chrono::milliseconds& { return c.store.connect_timeout; }),
      duration_key("store.event_ttl", "24h", "1m", "720h",
                   "How long inbound event ids are remembered to drop duplicate deliveries.",
                   [](Config& c) -> std::chrono::milliseconds& { return c.store.event_ttl; }),
  };
}

std::vector<KeySpec> jobs_keys() {
  return {
      integer_key("jobs.workers", 4, 1, 64, "Jobs run at the same time by this process.",
                  [](Config& c) -> std::int64_t& { return c.jobs.workers; }),
      integer_key("jobs.nice", 10, 0, 19,
                  "CPU niceness of the job workers' threads, above the threads that acknowledge Slack "
                  "(0: the same priority). Under a burst, acks stay fast and answers queue.",
                  [](Config& c) -> std::int64_t& { return c.jobs.nice; }),
      duration_key("jobs.lease", "60s", "1s", "1h",
                   "How long a claimed job stays reserved without a heartbeat; after that another worker "
                   "takes it over (its worker is presumed dead).",
                   [](Config& c) -> std::chrono::milliseconds& { return c.jobs.lease; }),
      integer_key("jobs.max_attempts", 5, 1, 100, "Attempts before a failing job is dead-lettered.",
                  [](Config& c) -> std::int64_t& { return c.jobs.max_attempts; }),
      duration_key("jobs.retry_base", "2s", "0s", "1h",
                   "Wait after a job's first failure; it doubles with each further failure.",
                   [](Config& c) -> std::chrono::milliseconds& { return c.jobs.retry_base; }),
      duration_key("jobs.retry_max", "10m", "1s", "24h", "Longest wait between a job's attempts.",
                   [](Config& c) -> std::chrono::milliseconds& { return c.jobs.retry_max; }),
  };
}

std::vector<KeySpec> server_keys() {
  return {
      string_key("server.listen", "127.0.0.1:8080",
                 "Address and port the daemon's HTTP server listens on (host:port; [::1]:port for IPv6; "
                 "0.0.0.0:port for every interface).",
                 [](Config& c) -> std::string& { return c.server.listen; }),
      path_key("server.tls_cert", "", PathRule::any,
               "PEM certificate chain for HTTPS. Empty: plain HTTP (terminate TLS in front of Steward).",
               [](Config& c) -> path& { return c.server.tls_cert; }),
      path_key("server.tls_key", "", PathRule::any, "PEM private key for server.tls_cert.",
               [](Config& c) -> path& { return c.server.tls_key; }),
      integer_key("server.body_limit", std::int64_t{1024} * 1024, 1024, std::int64_t{64} * 1024 * 1024,
                  "Largest request body accepted, in bytes; larger requests get HTTP 413.",
                  [](Config& c) -> std::int64_t& { return c.server.body_limit; }),
      integer_key("server.threads", 1, 1, 16, "Threads serving network I/O (HTTP, Slack connections).",
                  [](Config& c) -> std::int64_t& { return c.server.threads; }),
  };
}

std::vector<KeySpec> slack_keys() {
  return {
      enum_key("slack.mode", {"http", "socket"}, "http",
               "How Slack reaches Steward: http (Events API requests to /slack/events; needs a public "
               "URL) or socket (Socket Mode: Steward opens WebSocket connections to Slack).",
               [](Config& c) -> std::string& { return c.slack.mode; }),
      secret_key("slack.signing_secret", "Slack signing secret (Basic Information); verifies HTTP requests.",
                 [](Config& c) -> Secret& { return c.slack.signing_secret; }),
      secret_key("slack.bot_token", "Slack bot token (xoxb-...) for the Web API.",
                 [](Config& c) -> Secret& { return c.slack.bot_token; }),
      secret_key("slack.app_token",
                 "Slack app-level token (xapp-..., scope connections:write); Socket Mode only.",
                 [](Config& c) -> Secret& { return c.slack.app_token; }),
      string_key("slack.api_base_url", "https://slack.com/api/", "Base URL of Slack's Web API.",
                 [](Config& c) -> std::string& { return c.slack.api_base_url; }),
      string_key("slack.bot_user_id", "",
                 "The bot's user id (U...). Empty: asked from Slack with auth.test at start.",
                 [](Config& c) -> std::string& { return c.slack.bot_user_id; }),
      string_key("slack.bot_id", "",
                 "The bot's bot id (B...). Empty: asked from Slack with auth.test at start.",
                 [](Config& c) -> std::string& { return c.slack.bot_id; }),
      integer_key("slack.connections", 2, 1, 10, "Socket Mode connections kept open.",
                  [](Config& c) -> std::int64_t& { return c.slack.connections; }),
  };
}

std::vector<KeySpec> sql_keys() {
  return {
      list_key("sql.allowed_relations", "",
               "Relations (`schema.table` or `table`) queries may read besides the dbt project's own "
               "models, seeds, snapshots and sources.",
               [](Config& c) -> std::vector<std::string>& { return c.sql.allowed_relations; }),
      list_key("sql.allowed_schemas", "", "Schemas whose every relation queries may read.",
               [](Config& c) -> std::vector<std::string>& { return c.sql.allowed_schemas; }),
      list_key("sql.allowed_functions", "",
               "Functions (`name` or `schema.name`) queries may call besides the built-in allow-list of "
               "pure functions (docs/sql.md); only add functions without side effects.",
               [](Config& c) -> std::vector<std::string>& { return c.sql.allowed_functions; }),
      integer_key("sql.max_rows", 100, 1, 1000,
                  "Rows a query may return; the statement is wrapped in a LIMIT.",
                  [](Config& c) -> std::int64_t& { return c.sql.max_rows; }),
      integer_key("sql.max_bytes", 1048576, 1024, 67108864,
                  "Bytes of cell text a query may return; rows past it are dropped and the answer says so.",
                  [](Config& c) -> std::int64_t& { return c.sql.max_bytes; }),
      duration_key("sql.timeout", "30s", "1s", "10m",
                   "Statement timeout; the server cancels a query that runs longer.",
                   [](Config& c) -> std::chrono::milliseconds& { return c.sql.timeout; }),
      enum_key("sql.pii_action", {"mask", "hash", "drop"}, "mask",
               "What happens to result columns that carry PII before anyone (or any LLM) sees them: mask "
               "(***), hash (a keyed hash: equal values stay equal) or drop (the column is removed).",
               [](Config& c) -> std::string& { return c.sql.pii_action; }),
      list_key("sql.pii_tags", "pii", "dbt tags that mark a column (or a whole relation) as PII.",
               [](Config& c) -> std::vector<std::string>& { return c.sql.pii_tags; }),
      list_key("sql.pii_meta_keys", "pii,contains_pii",
               "dbt meta keys that mark a column (or a whole relation) as PII when true.",
               [](Config& c) -> std::vector<std::string>& { return c.sql.pii_meta_keys; }),
      bool_key("sql.require_approval", false,
               "Post the SQL with Run and Cancel buttons instead of running it; only the asker and "
               "access.approvers may run it.",
               [](Config& c) -> bool& { return c.sql.require_approval; }),
  };
}

std::vector<KeySpec> warehouse_keys() {
  return {
      string_key("warehouse.url", "",
                 "PostgreSQL (or Redshift) URL of the database the dbt project builds, which SQL questions "
                 "read (postgresql://reader@host:5432/analytics). Empty: no SQL.",
                 [](Config& c) -> std::string& { return c.warehouse.url; }),
      secret_key("warehouse.password", "Warehouse password.",
                 [](Config& c) -> Secret& { return c.warehouse.password; }),
      integer_key("warehouse.pool_size", 2, 1, 32, "Warehouse connections kept open; more queries wait.",
                  [](Config& c) -> std::int64_t& { return c.warehouse.pool_size; }),
      duration_key("warehouse.connect_timeout", "5s", "1s", "5m", "Limit for opening a warehouse connection.",
                   [](Config& c) -> std::chrono::milliseconds& { return c.warehouse.connect_timeout; }),
  };
}

std::vector<KeySpec> access_keys() {
  return {
      list_key("access.approvers", "",
               "User ids (Slack U..., Teams AAD object ids) who may approve or reject proposed fixes.",
               [](Config& c) -> std::vector<std::string>& { return c.access.approvers; }),
      list_key("access.admins", "",
               "User ids who may administer Steward from chat (reload the project, mute alerts); admins "
               "are approvers too.",
               [](Config& c) -> std::vector<std::string>& { return c.access.admins; }),
      enum_key("log.level", {"trace", "debug", "info", "warn", "error", "off"}, "info",
               "Least severe log message written to stderr.",
               [](Config& c) -> std::string& { return c.log.level; }),
  };
}

std::vector<KeySpec> llm_keys() {
  return {
      enum_key("llm.provider", {"none", "openai", "anthropic"}, "none",
               "The language model's protocol: openai (Chat Completions: OpenAI, Azure OpenAI, Ollama, "
               "vLLM, llama.cpp server, LiteLLM, OpenRouter), anthropic (Messages), or none (answer "
               "offline with the deterministic router).",
               [](Config& c) -> std::string& { return c.llm.provider; }),
      string_key("llm.base_url", "",
                 "The provider's API base URL up to the version (http://localhost:11434/v1 for Ollama). "
                 "Empty: https://api.openai.com/v1 or https://api.anthropic.com/v1.",
                 [](Config& c) -> std::string& { return c.llm.base_url; }),
      string_key("llm.model", "",
                 "The model name (gpt-4o-mini, claude-sonnet-4-5, llama3.1, ...); required with a provider.",
                 [](Config& c) -> std::string& { return c.llm.model; }),
      secret_key("llm.api_key", "The provider's API key (empty for local servers that need none).",
                 [](Config& c) -> Secret& { return c.llm.api_key; }),
      string_key(
          "llm.embeddings_model", "",
          "An OpenAI-compatible embeddings model (text-embedding-3-small, nomic-embed-text) for hybrid "
          "knowledge-base and feedback retrieval. Empty: keyword (BM25) retrieval alone.",
          [](Config& c) -> std::string& { return c.llm.embeddings_model; }),
      string_key("llm.embeddings_base_url", "",
                 "Base URL of the OpenAI-compatible embeddings server. Empty: llm.base_url (required with "
                 "the anthropic provider, which has no embeddings endpoint).",
                 [](Config& c) -> std::string& { return c.llm.embeddings_base_url; }),
      duration_key("llm.timeout", "60s", "1s", "10m", "Limit for one model call, retries included.",
                   [](Config& c) -> std::chrono::milliseconds& { return c.llm.timeout; }),
      integer_key("llm.max_attempts", 4, 1, 10,
                  "Attempts per model call on 429, 5xx and connection failures.",
                  [](Config& c) -> std::int64_t& { return c.llm.max_attempts; }),
  };
}

std::vector<KeySpec> agent_keys() {
  return {
      integer_key("agent.max_steps", 8, 1, 30, "Model calls per answer; the last one must answer.",
                  [](Config& c) -> std::int64_t& { return c.agent.max_steps; }),
      duration_key("agent.tool_timeout", "10s", "100ms", "5m", "Limit for one tool call.",
                   [](Config& c) -> std::chrono::milliseconds& { return c.agent.tool_timeout; }),
      integer_key("agent.tool_output_tokens", 2000, 100, 100000,
                  "Largest tool result passed to the model, in tokens; longer results are cut with a "
                  "truncation marker.",
                  [](Config& c) -> std::int64_t& { return c.agent.tool_output_tokens; }),
      integer_key("agent.total_tokens", 60000, 1000, 2000000,
                  "Token budget of one answer (input and output of every model call).",
                  [](Config& c) -> std::int64_t& { return c.agent.total_tokens; }),
      integer_key("agent.history_tokens", 3000, 0, 200000,
                  "Tokens of the thread's earlier turns given to the model; older turns are summarised.",
                  [](Config& c) -> std::int64_t& { return c.agent.history_tokens; }),
      string_key("agent.instructions", "",
                 "Project-specific instructions for the model (overrides agent.instructions_file).",
                 [](Config& c) -> std::string& { return c.agent.instructions; }),
      path_key("agent.instructions_file", "", PathRule::any,
               "A Markdown file of project-specific instructions. Empty: .steward/instructions.md in the "
               "project directory, when it exists.",
               [](Config& c) -> path& { return c.agent.instructions_file; }),
      path_key("knowledge_base.path", "", PathRule::any,
               "A folder of Markdown files (business rules, metric definitions, playbooks, glossary) "
               "searched by the agent and the offline router; reloaded when it changes. Empty: none.",
               [](Config& c) -> path& { return c.knowledge_base.path; }),
  };
}

std::vector<KeySpec> alert_keys() {
  return {
      bool_key("alerts.watch", true,
               "Watch the project's target/run_results.json and target/sources.json and alert on each new "
               "run (a new invocation_id).",
               [](Config& c) -> bool& { return c.alerts.watch; }),
      duration_key("alerts.watch_interval", "500ms", "0s", "1h",
                   "How often the watched run files are checked (a stat of two files); 0s: once at start-up.",
                   [](Config& c) -> std::chrono::milliseconds& { return c.alerts.watch_interval; }),
      string_key("alerts.default_channel", "",
                 "Channel (id, or name without #) for alerts whose test or model names no meta channel. "
                 "Empty: such failures are recorded as incidents but not posted.",
                 [](Config& c) -> std::string& { return c.alerts.default_channel; }),
      list_key("alerts.statuses", "fail,error",
               "Statuses that raise an alert: fail, error, warn (source freshness: warn, error).",
               [](Config& c) -> std::vector<std::string>& { return c.alerts.statuses; }),
      integer_key("alerts.group_threshold", 5, 1, 1000,
                  "When one run raises more new alerts than this in one channel, they are posted as one "
                  "message with a list.",
                  [](Config& c) -> std::int64_t& { return c.alerts.group_threshold; }),
      list_key("alerts.approvers", "",
               "Who may apply a proposed fix: Slack user ids (U...), user groups (S...), and `owners` (the "
               "failing asset's owners). Empty: access.approvers.",
               [](Config& c) -> std::vector<std::string>& { return c.alerts.approvers; }),
      duration_key("alerts.suppression_interval", "24h", "0s", "720h",
                   "While an incident keeps failing, its alert is updated in place; after this long a new "
                   "reminder is posted. meta alert_suppression_interval (hours) overrides it per asset.",
                   [](Config& c) -> std::chrono::milliseconds& { return c.alerts.suppression_interval; }),
      integer_key("alerts.sample_rows", 5, 0, 50,
                  "Failing rows shown in an alert (the test's compiled SQL, run read-only on the warehouse, "
                  "PII masked); 0: none.",
                  [](Config& c) -> std::int64_t& { return c.alerts.sample_rows; }),
      path_key("alerts.dbt_executable", "", PathRule::any,
               "A dbt executable; when set, a fix's dry run also runs `dbt compile --select` on the patched "
               "project. Empty: Steward's own checks and EXPLAIN only.",
               [](Config& c) -> path& { return c.alerts.dbt_executable; }),
      enum_key("datavault.delivery", {"zip", "git"}, "zip",
               "How `/steward datavault` hands over generated models: zip (a ZIP file in the thread) or git "
               "(a branch and pull request in git.repository, for approvers; others get the ZIP).",
               [](Config& c) -> std::string& { return c.datavault.delivery; }),
      string_key(
          "datavault.path", "models/datavault",
          "Where generated Data Vault models go, relative to the dbt project's directory (git delivery "
          "and the ZIP's layout).",
          [](Config& c) -> std::string& { return c.datavault.path; }),
      secret_key("hooks.token",
                 "Bearer token CI pipelines send to POST /hooks/dbt. Empty: the endpoint is off.",
                 [](Config& c) -> Secret& { return c.hooks.token; }),
      secret_key(
          "dbt_cloud.webhook_secret",
          "The dbt Cloud webhook's secret (verifies POST /hooks/dbt-cloud). Empty: the endpoint is off.",
          [](Config& c) -> Secret& { return c.dbt_cloud.webhook_secret; }),
      string_key("dbt_cloud.api_base_url", "https://cloud.getdbt.com",
                 "dbt Cloud's Admin API base URL (your access URL, e.g. https://ab123.us1.dbt.com).",
                 [](Config& c) -> std::string& { return c.dbt_cloud.api_base_url; }),
      secret_key("dbt_cloud.api_token", "A dbt Cloud service token that may read run artifacts.",
                 [](Config& c) -> Secret& { return c.dbt_cloud.api_token; }),
      string_key("github.api_url", "https://api.github.com",
                 "GitHub's REST API base URL (https://HOST/api/v3 for GitHub Enterprise Server).",
                 [](Config& c) -> std::string& { return c.github.api_url; }),
      string_key("github.repo", "",
                 "owner/name of the project's GitHub repository; fixes open pull requests there. Empty: "
                 "fixes are committed (and pushed) as branches only.",
                 [](Config& c) -> std::string& { return c.github.repo; }),
      secret_key("github.token",
                 "A token with Contents and Pull requests read/write on github.repo (fine-grained PAT or "
                 "GitHub App installation token).",
                 [](Config& c) -> Secret& { return c.github.token; }),
      path_key("git.repository", "", PathRule::any,
               "The git repository fixes are committed to. Empty: the one holding project.path.",
               [](Config& c) -> path& { return c.git.repository; }),
      string_key("git.author", "Steward <steward@localhost>", "Author of fix commits, as `Name <email>`.",
                 [](Config& c) -> std::string& { return c.git.author; }),
      string_key("git.remote", "origin",
                 "The remote fix branches are pushed to (when the repository has it). Empty: never push.",
                 [](Config& c) -> std::string& { return c.git.remote; }),
      string_key("git.base", "",
                 "The branch fixes start from. Empty: GitHub's default branch, else the checked-out branch.",
                 [](Config& c) -> std::string& { return c.git.base; }),
  };
}

} // namespace

// --- The table. Adding a key: one row in its section above, one field in `Config`
// (bot/config/config.hpp), and one entry each in config/steward.example.yaml
// and docs/configuration.md (tests fail until all of them agree).

const Schema& steward_schema() {
  static const Schema schema([] {
    std::vector<KeySpec> keys;
    for (auto* section : {&project_keys, &store_keys, &jobs_keys, &server_keys, &slack_keys, &llm_keys,
                          &agent_keys, &sql_keys, &warehouse_keys, &access_keys, &alert_keys}) {
      std::vector<KeySpec> more = section();
      keys.insert(keys.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    }
    return keys;
  }());
  return schema;
}

// --- Schema

const KeySpec* Schema::find(std::string_view key) const {
  auto found =
      std::find_if(m_keys.begin(), m_keys.end(), [&](const KeySpec& spec) { return spec.key == key; });
  return found == m_keys.end() ? nullptr : &*found;
}

const KeySpec* Schema::find_secret_file(std::string_view key) const {
  auto found = std::find_if(m_keys.begin(), m_keys.end(), [&](const KeySpec& spec) {
    return spec.type == KeyType::secret && secret_file_key(spec.key) == key;
  });
  return found == m_keys.end() ? nullptr : &*found;
}

bool Schema::is_section(std::string_view prefix) const {
  return std::any_of(m_keys.begin(), m_keys.end(), [&](const KeySpec& spec) {
    return spec.key.size() > prefix.size() && spec.key.starts_with(prefix) && spec.key[prefix.size()] == '.';
  });
}

std::vector<std::string> Schema::file_names() const {
  std::vector<std::string> names;
  for (const KeySpec& spec : m_keys) {
    names.push_back(spec.key);
    if (spec.type == KeyType::secret) {
      names.push_back(secret_file_key(spec.key));
    }
  }
  return names;
}

std::vector<std::string> Schema::section_names() const {
  std::vector<std::string> names;
  for (const KeySpec& spec : m_keys) {
    for (std::size_t dot = spec.key.find('.'); dot != std::string::npos; dot = spec.key.find('.', dot + 1)) {
      std::string section = spec.key.substr(0, dot);
      if (std::find(names.begin(), names.end(), section) == names.end()) {
        names.push_back(std::move(section));
      }
    }
  }
  return names;
}

std::vector<std::string> Schema::env_names() const {
  std::vector<std::string> names{std::string(k_config_env_var)};
  for (const KeySpec& spec : m_keys) {
    names.push_back(env_var_name(spec.key));
    if (spec.type == KeyType::secret) {
      names.push_back(env_var_name(secret_file_key(spec.key)));
    }
  }
  return names;
}

} // namespace steward::config

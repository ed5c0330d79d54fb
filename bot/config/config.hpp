#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "bot/config/env.hpp"
#include "bot/config/resolve.hpp"
#include "bot/config/secret.hpp"
#include "core/util/error.hpp"

namespace steward::config {

/// `project.*`: the dbt project Steward serves.
struct ProjectConfig {
  std::filesystem::path path; ///< dbt project directory, artifacts directory or manifest file
  bool prefer_source = false; ///< parse the sources even when target/manifest.json exists
  std::chrono::milliseconds watch_interval{0}; ///< 0: never reload
};

/// `state.*`: where Steward keeps its own files.
struct StateConfig {
  std::filesystem::path dir;
};

/// `store.*`: where Steward's durable state lives.
struct StoreConfig {
  std::string backend;        ///< auto, sqlite or postgres; see `uses_postgres`
  std::filesystem::path path; ///< SQLite file; empty: `state.dir`/steward.db
  std::string sync;           ///< full or normal
  std::chrono::milliseconds busy_timeout{0};
  std::string url; ///< PostgreSQL URL without password
  Secret password;
  std::int64_t pool_size = 0;
  std::chrono::milliseconds connect_timeout{0};
  std::chrono::milliseconds event_ttl{0};

  /// True when the store is PostgreSQL: `backend` postgres, or auto with a `url`.
  [[nodiscard]] bool uses_postgres() const {
    return backend == "postgres" || (backend == "auto" && !url.empty());
  }

  /// The SQLite file to use: `path`, else `state_dir`/steward.db.
  [[nodiscard]] std::filesystem::path sqlite_file(const std::filesystem::path& state_dir) const {
    return path.empty() ? state_dir / "steward.db" : path;
  }
};

/// `jobs.*`: the durable job queue's workers and retry policy.
struct JobsConfig {
  std::int64_t workers = 0;
  std::int64_t nice = 0; ///< CPU niceness of the worker threads (0..19)
  std::chrono::milliseconds lease{0};
  std::int64_t max_attempts = 0;
  std::chrono::milliseconds retry_base{0};
  std::chrono::milliseconds retry_max{0};
};

/// `server.*`: the daemon's HTTP server.
struct ServerConfig {
  std::string listen;
  std::filesystem::path tls_cert; ///< empty: plain HTTP
  std::filesystem::path tls_key;
  std::int64_t body_limit = 0;
  std::int64_t threads = 0;
};

/// `slack.*`.
struct SlackConfig {
  std::string mode; ///< http or socket
  Secret signing_secret;
  Secret bot_token;
  Secret app_token;
  std::string api_base_url;
  std::string bot_user_id; ///< empty: from auth.test
  std::string bot_id;      ///< empty: from auth.test
  std::int64_t connections = 0;
};

/// `access.*`: who may take privileged actions from chat.
struct AccessConfig {
  std::vector<std::string> approvers;
  std::vector<std::string> admins;
};

/// `alerts.*`: dbt failure alerts (docs/alerts.md).
struct AlertsConfig {
  bool watch = true; ///< watch the project's target/run_results.json and sources.json
  std::chrono::milliseconds watch_interval{0}; ///< how often; 0: once at start-up
  std::string default_channel;                 ///< channel id or name for alerts without a meta `channel`
  std::vector<std::string> statuses;           ///< statuses that alert: fail, error, warn
  std::int64_t group_threshold = 0;            ///< more new alerts than this per channel and run: one message
  std::vector<std::string>
      approvers; ///< may apply fixes: U ids, S user groups, `owners`; empty: access.approvers
  std::chrono::milliseconds suppression_interval{0};
  std::int64_t sample_rows = 0;           ///< failing rows shown in an alert; 0: none
  std::filesystem::path dbt_executable{}; ///< empty: no `dbt compile` in the dry run
};

/// `datavault.*`: how `/steward datavault` hands over generated models.
struct DatavaultConfig {
  std::string delivery = "zip"; ///< zip: a ZIP in the thread; git: a branch and pull request (approvers)
  std::string path = "models/datavault"; ///< where the models go, relative to the project's directory
};

/// `hooks.*`: the HTTP endpoints CI pipelines post runs to.
struct HooksConfig {
  Secret token; ///< bearer token of POST /hooks/dbt; empty: the endpoint is off
};

/// `dbt_cloud.*`: dbt Cloud webhooks and the Admin API that serves run artifacts.
struct DbtCloudConfig {
  Secret webhook_secret; ///< empty: POST /hooks/dbt-cloud is off
  std::string api_base_url;
  Secret api_token;
};

/// `github.*`: where fix pull requests are opened.
struct GitHubConfig {
  std::string api_url;
  std::string repo; ///< owner/name; empty: no pull requests (branches only)
  Secret token;
};

/// `git.*`: the project's repository fixes are committed to.
struct GitConfig {
  std::filesystem::path repository{}; ///< empty: the repository holding project.path
  std::string author;                 ///< `Name <email>`
  std::string remote;                 ///< pushed to when configured in the repository
  std::string base;                   ///< empty: GitHub's default branch, else the checked-out one
};

/// `sql.*`: what the read-only SQL guard allows on top of the project's
/// relations and its built-in function allow-list (core/sql/guard.hpp), the
/// limits of one query, and PII handling (core/sql/pii.hpp).
struct SqlConfig {
  std::vector<std::string> allowed_relations; ///< `schema.table` or `table`
  std::vector<std::string> allowed_schemas;
  std::vector<std::string> allowed_functions; ///< `name` or `schema.name`
  std::int64_t max_rows = 0;
  std::int64_t max_bytes = 0;
  std::chrono::milliseconds timeout{0};
  std::string pii_action; ///< mask, hash or drop
  std::vector<std::string> pii_tags;
  std::vector<std::string> pii_meta_keys;
  bool require_approval = false;
};

/// `warehouse.*`: the database the dbt project builds; SQL questions read it.
struct WarehouseConfig {
  std::string url; ///< PostgreSQL URL without password; empty: no warehouse
  Secret password;
  std::int64_t pool_size = 0;
  std::chrono::milliseconds connect_timeout{0};
};

/// `llm.*`: the language model the agent uses; provider `none` answers offline.
struct LlmConfig {
  std::string provider; ///< none, openai or anthropic
  std::string base_url; ///< empty: the provider's public API
  std::string model;
  Secret api_key;
  std::string embeddings_model; ///< empty: no embeddings (BM25 alone)
  std::string embeddings_base_url;
  std::chrono::milliseconds timeout{0};
  std::int64_t max_attempts = 0;

  [[nodiscard]] bool enabled() const { return provider != "none" && !provider.empty(); }
};

/// `agent.*`: the agent loop's limits and the project's instructions.
struct AgentConfig {
  std::int64_t max_steps = 0;
  std::chrono::milliseconds tool_timeout{0};
  std::int64_t tool_output_tokens = 0;
  std::int64_t total_tokens = 0;
  std::int64_t history_tokens = 0;
  std::string instructions;
  std::filesystem::path instructions_file; ///< empty: `<project>/.steward/instructions.md` when present
};

/// `knowledge_base.*`: the team's Markdown knowledge base.
struct KnowledgeBaseConfig {
  std::filesystem::path path; ///< empty: none
};

/// `log.*`.
struct LogConfig {
  std::string level; ///< trace, debug, info, warn, error or off
};

/// Steward's configuration, one field per key of `steward_schema()`. Every
/// field is filled by the loader (defaults included), so the initialisers here
/// are placeholders, not defaults: the defaults live in the schema table.
struct Config {
  ProjectConfig project;
  StateConfig state;
  StoreConfig store;
  JobsConfig jobs;
  ServerConfig server;
  SlackConfig slack;
  AccessConfig access;
  SqlConfig sql;
  WarehouseConfig warehouse;
  LlmConfig llm;
  AgentConfig agent;
  KnowledgeBaseConfig knowledge_base;
  LogConfig log;
  AlertsConfig alerts;
  DatavaultConfig datavault;
  HooksConfig hooks;
  DbtCloudConfig dbt_cloud;
  GitHubConfig github;
  GitConfig git;
};

/// What `steward serve` needs beyond a valid configuration: the Slack
/// credentials of the chosen `slack.mode`, a complete TLS pair, known
/// `alerts.statuses`, and the credentials GitHub and dbt Cloud need when
/// they are configured. Empty when the daemon can start.
std::vector<Error> serve_errors(const Config& config);

/// A valid configuration with the details `steward check-config` shows.
struct LoadedConfig {
  Config config;
  Settings settings; ///< effective value and origin of every key
  std::vector<Error> warnings;
};

/// Why a configuration could not be loaded; `warnings` often explain `errors`
/// (a misspelt `STEWARD_*` variable leaves a required key unset).
struct LoadFailure {
  std::vector<Error> errors;
  std::vector<Error> warnings;
};

/// Loads Steward's configuration from `file` (none: environment and defaults
/// only), `env` and `options` — see `resolve` for precedence and error format.
/// Does no file discovery: pass what `discover_config_file` found.
tl::expected<LoadedConfig, LoadFailure> load_config(const std::optional<std::filesystem::path>& file,
                                                    const Environment& env,
                                                    const ResolveOptions& options = {});

/// Copies `settings` into a `Config` through `schema`'s `assign` functions;
/// unset keys keep the field's initial value.
Config make_config(const Schema& schema, const Settings& settings);

/// A config file and how it was chosen (`--config`, `STEWARD_CONFIG`, `./steward.yaml`).
struct ConfigFile {
  std::filesystem::path path;
  std::string chosen_by;
};

/// Picks the config file: `explicit_file` (from `--config`) when given, else
/// `$STEWARD_CONFIG` when set and not empty, else `cwd/steward.yaml` when it
/// exists, else none. Named files are returned even when missing, so that
/// reading them reports the problem.
std::optional<ConfigFile> discover_config_file(const std::optional<std::filesystem::path>& explicit_file,
                                               const Environment& env, const std::filesystem::path& cwd);

} // namespace steward::config

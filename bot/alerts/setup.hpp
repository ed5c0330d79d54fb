#pragma once

// Wiring for alerts: what `alerts.*`, `git.*`, `github.*` and `dbt_cloud.*`
// configure, opened once at start-up, and the job handler for `dbt.*` jobs.

#include <memory>

#include <boost/asio/any_io_executor.hpp>

#include "adapters/http/client.hpp"
#include "bot/alerts/worker.hpp"
#include "bot/config/config.hpp"
#include "core/ports/dbt_cloud.hpp"

namespace steward::bot {

/// The systems alerts talk to besides chat and the store; each may be null.
struct AlertSystems {
  std::unique_ptr<git::Repository> repository;    ///< null: no repository found or configured
  std::unique_ptr<git::CodeHost> code_host;       ///< null: github.repo not set
  std::unique_ptr<dbt_cloud::RunArtifacts> cloud; ///< null: dbt_cloud.webhook_secret not set
  std::string repository_root;                    ///< for logs and docs
};

/// The repository `git.repository` names, else the one holding
/// `project.path` (found by walking up to a `.git`); none when neither.
std::optional<std::filesystem::path> repository_root(const config::Config& config);

/// The dbt project's directory (holding dbt_project.yml) for `project.path`,
/// which may also name its target/ or a manifest inside it.
std::filesystem::path project_root(const config::Config& config);

/// How fixes are committed: `git.*`, the project's place in the repository.
FixSettings fix_settings(const config::Config& config, const std::string& repository_root);

/// Opens what `config` configures. Errors: `github.repo: ...`.
Result<AlertSystems> open_alert_systems(const config::Config& config, http::Client& client,
                                        const boost::asio::any_io_executor& executor);

/// `alerts.*` as core's settings.
alerts::AlertSettings alert_settings(const config::Config& config);

/// Runs a `dbt.run` or `dbt.cloud_run` job (the latter fetches the run's
/// run_results.json from dbt Cloud and stores it as a `dbt.run` job).
Result<void> run_dbt_job(const store::Job& job, AlertDeps& deps, dbt_cloud::RunArtifacts* cloud,
                         const std::function<void()>& wake, int max_attempts);

} // namespace steward::bot

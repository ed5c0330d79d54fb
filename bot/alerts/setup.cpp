#include "bot/alerts/setup.hpp"

#include <spdlog/spdlog.h>

#include "adapters/dbt_cloud/artifacts.hpp"
#include "adapters/git/repository.hpp"
#include "adapters/github/code_host.hpp"
#include "bot/alerts/hooks.hpp"
#include "bot/alerts/ingest.hpp"
#include "bot/jobs/clock.hpp"

namespace steward::bot {

namespace fs = std::filesystem;

std::optional<fs::path> repository_root(const config::Config& config) {
  if (!config.git.repository.empty()) {
    return config.git.repository;
  }
  std::error_code ec;
  fs::path dir = fs::absolute(config.project.path, ec);
  if (fs::is_regular_file(dir, ec)) {
    dir = dir.parent_path();
  }
  for (; !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / ".git", ec)) {
      return dir;
    }
    if (dir == dir.root_path()) {
      break;
    }
  }
  return std::nullopt;
}

fs::path project_root(const config::Config& config) {
  std::error_code ec;
  fs::path dir = fs::absolute(config.project.path, ec).lexically_normal();
  if (fs::is_regular_file(dir, ec)) {
    dir = dir.parent_path();
  }
  for (fs::path probe = dir; !probe.empty(); probe = probe.parent_path()) {
    if (fs::exists(probe / "dbt_project.yml", ec)) {
      return probe;
    }
    if (probe == probe.root_path()) {
      break;
    }
  }
  return dir;
}

FixSettings fix_settings(const config::Config& config, const std::string& repository_root) {
  FixSettings fixes;
  fixes.project_root = project_root(config);
  if (!repository_root.empty()) {
    std::error_code ec;
    const fs::path inside =
        fs::relative(fixes.project_root, fs::absolute(repository_root, ec).lexically_normal(), ec);
    if (!ec && !inside.empty() && inside != "." && !inside.string().starts_with("..")) {
      fixes.repository_prefix = inside.generic_string() + "/";
    }
  }
  const std::string& author = config.git.author;
  const std::size_t open = author.find('<');
  const std::size_t close = author.find('>', open == std::string::npos ? 0 : open);
  if (open != std::string::npos && close != std::string::npos) {
    std::string name = author.substr(0, open);
    while (!name.empty() && name.back() == ' ') {
      name.pop_back();
    }
    fixes.author_name = name.empty() ? "Steward" : name;
    fixes.author_email = author.substr(open + 1, close - open - 1);
  } else if (!author.empty()) {
    fixes.author_name = author;
  }
  fixes.remote = config.git.remote;
  fixes.base = config.git.base;
  fixes.dbt = config.alerts.dbt_executable;
  return fixes;
}

Result<AlertSystems> open_alert_systems(const config::Config& config, http::Client& client,
                                        const boost::asio::any_io_executor& executor) {
  AlertSystems systems;
  if (auto root = repository_root(config)) {
    systems.repository_root = root->string();
    systems.repository = git::make_git_repository(root->string());
  }
  if (!config.github.repo.empty()) {
    github::GitHubOptions options;
    options.api_url = config.github.api_url;
    options.repo = config.github.repo;
    options.token = config.github.token.reveal();
    auto host = github::make_github_code_host(executor, std::move(options));
    if (!host) {
      return tl::unexpected(host.error());
    }
    systems.code_host = std::move(*host);
  }
  if (!config.dbt_cloud.webhook_secret.empty()) {
    dbt_cloud::ApiOptions options;
    options.base_url = config.dbt_cloud.api_base_url;
    options.token = config.dbt_cloud.api_token.reveal();
    systems.cloud = dbt_cloud::make_run_artifacts(client, executor, std::move(options));
  }
  return systems;
}

alerts::AlertSettings alert_settings(const config::Config& config) {
  alerts::AlertSettings settings;
  settings.statuses = config.alerts.statuses;
  settings.group_threshold = static_cast<std::size_t>(config.alerts.group_threshold);
  settings.default_channel = config.alerts.default_channel;
  settings.suppression = std::chrono::duration_cast<std::chrono::seconds>(config.alerts.suppression_interval);
  return settings;
}

Result<void> run_dbt_job(const store::Job& job, AlertDeps& deps, dbt_cloud::RunArtifacts* cloud,
                         const std::function<void()>& wake, int max_attempts) {
  if (job.kind == k_run_job_kind) {
    return run_dbt_run_job(job, deps);
  }
  if (job.kind == k_redraw_job_kind) {
    return run_redraw_job(job, deps);
  }
  if (job.kind != k_cloud_run_job_kind) {
    return fail("jobs", "not a dbt job kind: " + job.kind);
  }
  if (cloud == nullptr) {
    return fail("dbt_cloud.webhook_secret", "dbt Cloud is no longer configured; the run cannot be fetched");
  }
  auto run = read_cloud_run_job(job);
  if (!run) {
    return tl::unexpected(run.error());
  }
  auto text = cloud->artifact(run->account, run->run, "run_results.json");
  if (!text) {
    return tl::unexpected(text.error());
  }
  auto made = run_job(*text, "dbt_cloud", "dbt Cloud run " + run->run + " run_results.json", max_attempts);
  if (!made) {
    return tl::unexpected(made.error());
  }
  auto enqueued = deps.store.enqueue(*made, wall_now());
  if (!enqueued) {
    return tl::unexpected(enqueued.error());
  }
  if (enqueued->created) {
    spdlog::info("alerts: dbt Cloud run {} ({}) fetched", run->run, run->job_name);
    wake();
  }
  return {};
}

} // namespace steward::bot

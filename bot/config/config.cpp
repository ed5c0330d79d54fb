#include "bot/config/config.hpp"

#include <string_view>
#include <system_error>

namespace steward::config {
namespace {

/// True when a libpq URL or key=value string carries a password.
bool has_password(std::string_view url) {
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
    const std::string_view rest = url.substr(scheme + 3);
    const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
    const auto at = authority.rfind('@');
    return at != std::string_view::npos && authority.substr(0, at).find(':') != std::string_view::npos;
  }
  return url.find("password") != std::string_view::npos;
}

/// Rules that span keys, checked once every key has a valid value.
std::vector<Error> cross_key_errors(const Config& config) {
  std::vector<Error> errors;
  if (has_password(config.store.url)) {
    errors.push_back({"store.url", "must not contain a password; set STEWARD_STORE_PASSWORD or "
                                   "store.password_file"});
  }
  if (config.store.backend == "postgres" && config.store.url.empty()) {
    errors.push_back({"store.url", "required when store.backend is postgres; set it in the config file or "
                                   "STEWARD_STORE_URL"});
  }
  if (config.jobs.retry_base > config.jobs.retry_max) {
    errors.push_back({"jobs.retry_base", "must not exceed jobs.retry_max"});
  }
  return errors;
}

} // namespace

std::vector<Error> serve_errors(const Config& config) {
  std::vector<Error> errors;
  const SlackConfig& slack = config.slack;
  if (slack.bot_token.empty()) {
    errors.push_back({"slack.bot_token", "required by steward serve; set STEWARD_SLACK_BOT_TOKEN or "
                                         "slack.bot_token_file (OAuth & Permissions, Bot User OAuth Token)"});
  }
  if (slack.mode == "http" && slack.signing_secret.empty()) {
    errors.push_back({"slack.signing_secret", "required when slack.mode is http; set "
                                              "STEWARD_SLACK_SIGNING_SECRET or slack.signing_secret_file "
                                              "(Basic Information, Signing Secret)"});
  }
  if (slack.mode == "socket" && slack.app_token.empty()) {
    errors.push_back({"slack.app_token",
                      "required when slack.mode is socket; set STEWARD_SLACK_APP_TOKEN "
                      "or slack.app_token_file (an app-level token with connections:write)"});
  }
  if (config.server.tls_cert.empty() != config.server.tls_key.empty()) {
    errors.push_back({config.server.tls_cert.empty() ? "server.tls_cert" : "server.tls_key",
                      "server.tls_cert and server.tls_key must be set together"});
  }
  for (const std::string& status : config.alerts.statuses) {
    if (status != "fail" && status != "error" && status != "warn") {
      errors.push_back({"alerts.statuses", "unknown status '" + status + "' (use fail, error, warn)"});
    }
  }
  const std::string& repo = config.github.repo;
  if (!repo.empty() && (repo.find('/') == std::string::npos || repo.front() == '/' || repo.back() == '/')) {
    errors.push_back({"github.repo", "'" + repo + "' is not owner/name"});
  }
  if (!repo.empty() && config.github.token.empty()) {
    errors.push_back({"github.token", "required when github.repo is set; set STEWARD_GITHUB_TOKEN or "
                                      "github.token_file"});
  }
  if (!config.dbt_cloud.webhook_secret.empty() && config.dbt_cloud.api_token.empty()) {
    errors.push_back({"dbt_cloud.api_token", "required when dbt_cloud.webhook_secret is set (to fetch "
                                             "the run's artifacts); set STEWARD_DBT_CLOUD_API_TOKEN"});
  }
  return errors;
}

Config make_config(const Schema& schema, const Settings& settings) {
  Config config;
  for (const KeySpec& spec : schema.keys()) {
    const Setting* setting = settings.find(spec.key);
    if (spec.assign && setting != nullptr && setting->origin != Origin::unset) {
      spec.assign(config, setting->value);
    }
  }
  return config;
}

tl::expected<LoadedConfig, LoadFailure> load_config(const std::optional<std::filesystem::path>& file,
                                                    const Environment& env, const ResolveOptions& options) {
  Resolution resolution = resolve(steward_schema(), file, env, options);
  if (!resolution.errors.empty()) {
    return tl::unexpected(LoadFailure{std::move(resolution.errors), std::move(resolution.warnings)});
  }
  Config config = make_config(steward_schema(), resolution.settings);
  if (std::vector<Error> errors = cross_key_errors(config); !errors.empty()) {
    return tl::unexpected(LoadFailure{std::move(errors), std::move(resolution.warnings)});
  }
  return LoadedConfig{std::move(config), std::move(resolution.settings), std::move(resolution.warnings)};
}

std::optional<ConfigFile> discover_config_file(const std::optional<std::filesystem::path>& explicit_file,
                                               const Environment& env, const std::filesystem::path& cwd) {
  if (explicit_file) {
    return ConfigFile{*explicit_file, "--config"};
  }
  std::optional<std::string> named = env.get(k_config_env_var);
  if (named && !named->empty()) {
    return ConfigFile{std::filesystem::path(*named), std::string(k_config_env_var)};
  }
  std::filesystem::path local = cwd / "steward.yaml";
  std::error_code ec;
  if (std::filesystem::exists(local, ec)) {
    return ConfigFile{local, "./steward.yaml"};
  }
  return std::nullopt;
}

} // namespace steward::config

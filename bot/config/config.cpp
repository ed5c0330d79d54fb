#include "bot/config/config.hpp"

#include <system_error>

namespace steward::config {

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

#include "bot/cli/check_config.hpp"

#include <algorithm>
#include <optional>
#include <ostream>
#include <system_error>

#include "bot/cli/cli.hpp"
#include "bot/config/config.hpp"

namespace steward::cli {
namespace {

constexpr std::string_view k_usage = "usage: steward check-config [--config FILE]\n";

constexpr std::string_view k_help = R"(
Checks Steward's configuration and prints every key's effective value and
where it came from (default, file, env). Secrets are shown as ***.

The config file is FILE when --config is given, else $STEWARD_CONFIG when it
is set, else ./steward.yaml when it exists; with none, only environment
variables and defaults apply. Each key has one environment variable, STEWARD_
followed by the key in upper case with dots as underscores (log.level is
STEWARD_LOG_LEVEL); environment variables override the file. Secrets come only
from the environment or from a file named by <key>_file.

Exit status: 0 when the configuration is valid; 2 when it has problems (each
written to stderr as `key: reason`) or the arguments are wrong.

Options:
  --config FILE  read FILE instead of looking for a config file
  -h, --help     show this help
See docs/configuration.md for every key.
)";

struct Arguments {
  std::optional<std::filesystem::path> config;
  bool help = false;
};

std::optional<Arguments> parse_arguments(const std::vector<std::string>& args, std::ostream& err) {
  Arguments parsed;
  auto usage_error = [&](const std::string& reason) {
    err << "check-config: " << reason << "\n" << k_usage;
    return std::nullopt;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    std::optional<std::string> value;
    if (arg == "-h" || arg == "--help") {
      parsed.help = true;
      continue;
    }
    if (arg == "--config") {
      if (i + 1 >= args.size() || args[i + 1].empty()) {
        return usage_error("--config needs a file");
      }
      value = args[++i];
    } else if (arg.starts_with("--config=")) {
      value = arg.substr(9);
      if (value->empty()) {
        return usage_error("--config needs a file");
      }
    } else {
      return usage_error("unexpected argument '" + arg + "'");
    }
    if (parsed.config) {
      return usage_error("--config given more than once");
    }
    parsed.config = std::filesystem::path(*value);
  }
  return parsed;
}

/// One value or message per line, whatever it holds.
std::string printable(const std::string& text) {
  return config::escape_control(text);
}

std::string describe_origin(const config::Setting& setting) {
  std::string origin(config::origin_name(setting.origin));
  return setting.source.empty() ? origin : origin + " (" + setting.source + ")";
}

void write_table(const config::Settings& settings, std::ostream& out) {
  std::size_t key_width = 3;
  std::size_t value_width = 5;
  std::vector<std::string> values;
  for (const config::Setting& setting : settings.all()) {
    values.push_back(printable(config::display(setting.value)));
    key_width = std::max(key_width, setting.key.size());
    value_width = std::max(value_width, values.back().size());
  }
  auto row = [&](const std::string& key, const std::string& value, const std::string& origin) {
    out << key << std::string(key_width - key.size() + 2, ' ') << value
        << std::string(value_width - value.size() + 2, ' ') << origin << "\n";
  };
  row("KEY", "VALUE", "ORIGIN");
  for (std::size_t i = 0; i < settings.all().size(); ++i) {
    row(settings.all()[i].key, values[i], describe_origin(settings.all()[i]));
  }
}

std::string describe_file(const std::optional<config::ConfigFile>& file) {
  if (!file) {
    return "(no file; environment and defaults)";
  }
  std::string text = file->path.string();
  return file->chosen_by == "--config" ? text : text + " (from " + file->chosen_by + ")";
}

} // namespace

int run_check_config(const std::vector<std::string>& args, const config::Environment& env, std::ostream& out,
                     std::ostream& err) {
  return run_check_config(args, env, out, err, config::steward_schema());
}

int run_check_config(const std::vector<std::string>& args, const config::Environment& env, std::ostream& out,
                     std::ostream& err, const config::Schema& schema) {
  std::optional<Arguments> parsed = parse_arguments(args, err);
  if (!parsed) {
    return k_exit_usage;
  }
  if (parsed->help) {
    out << k_usage << k_help;
    return k_exit_ok;
  }
  std::error_code ec;
  std::filesystem::path cwd = std::filesystem::current_path(ec);
  std::optional<config::ConfigFile> file = config::discover_config_file(parsed->config, env, cwd);
  std::optional<std::filesystem::path> path;
  if (file) {
    path = file->path;
  }
  config::Resolution result = config::resolve(schema, path, env, config::ResolveOptions{cwd, {}, {}});
  for (const Error& error : result.errors) {
    err << printable(error.to_string()) << "\n";
  }
  for (const Error& warning : result.warnings) {
    err << "warning: " << printable(warning.to_string()) << "\n";
  }
  if (!result.errors.empty()) {
    err << "config invalid: " << describe_file(file) << "\n";
    return k_exit_usage;
  }
  out << "config ok: " << describe_file(file) << "\n";
  write_table(result.settings, out);
  return k_exit_ok;
}

} // namespace steward::cli

#include "bot/config/resolve.hpp"

#include <algorithm>
#include <set>
#include <system_error>

#include "bot/config/file_input.hpp"
#include "core/util/text.hpp"

namespace steward::config {
namespace {

/// An environment variable's value; empty counts as unset.
std::optional<std::string> lookup(const Environment& env, const std::string& name) {
  std::optional<std::string> value = env.get(name);
  if (!value || value->empty()) {
    return std::nullopt;
  }
  return value;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& names) {
  std::vector<std::string_view> candidates(names.begin(), names.end());
  std::vector<std::string> near = closest(name, candidates, 1);
  return near.empty() ? "" : "; did you mean " + near.front() + "?";
}

/// Applies the sources in order of precedence, each overriding the last.
class Resolver {
public:
  Resolver(const Schema& schema, const Environment& env, const ResolveOptions& options, Resolution& out)
      : m_schema(schema), m_env(env), m_options(options), m_out(out),
        m_cwd(options.cwd.empty() ? current_directory() : options.cwd) {
    for (const KeySpec& spec : schema.keys()) {
      m_settings.push_back(Setting{spec.key, std::monostate{}, Origin::unset, ""});
    }
  }

  void add_defaults() {
    for (const KeySpec& spec : m_schema.keys()) {
      if (spec.default_text.empty()) {
        continue;
      }
      Parsed value = parse_text(spec, spec.default_text, m_cwd);
      if (!value) {
        error(spec.key, "bad default " + quote(spec.default_text) + " in the schema: " + value.error(), spec);
        continue;
      }
      set(spec, std::move(*value), Origin::default_value, "");
    }
  }

  void add_file(const std::filesystem::path& file) {
    FileContents contents = read_config_yaml(m_schema, file);
    m_out.errors.insert(m_out.errors.end(), contents.errors.begin(), contents.errors.end());
    m_file_unreadable = !contents.parsed;
    std::filesystem::path dir = (m_cwd / file).parent_path();
    for (const FileEntry& entry : contents.entries) {
      if (entry.node.IsNull()) {
        continue; // `key:` with no value leaves the key unset
      }
      if (const KeySpec* spec = m_schema.find(entry.key)) {
        add_file_value(*spec, entry.node, dir);
      } else if (const KeySpec* secret = m_schema.find_secret_file(entry.key)) {
        add_file_secret(*secret, entry, dir);
      }
    }
  }

  void add_env() {
    for (const KeySpec& spec : m_schema.keys()) {
      std::string name = env_var_name(spec.key);
      std::optional<std::string> text = lookup(m_env, name);
      if (spec.type == KeyType::secret) {
        std::string file_name = env_var_name(secret_file_key(spec.key));
        std::optional<std::string> file = lookup(m_env, file_name);
        if (text && file) {
          error(file_name, name + " is also set; set only one of them", spec);
          continue;
        }
        if (file) {
          auto secret = read_secret_file(absolute(*file));
          if (secret) {
            set(spec, std::move(*secret), Origin::env, file_name);
          } else {
            error(file_name, secret.error(), spec);
          }
          continue;
        }
      }
      if (text) {
        Parsed value = parse_text(spec, *text, m_cwd);
        if (value) {
          set(spec, std::move(*value), Origin::env, name);
        } else {
          error(name, value.error(), spec);
        }
      }
    }
  }

  void add_overrides() {
    std::vector<std::string> names;
    for (const KeySpec& spec : m_schema.keys()) {
      names.push_back(spec.key);
    }
    for (const auto& [key, text] : m_options.overrides) {
      const KeySpec* spec = m_schema.find(key);
      if (spec == nullptr) {
        m_out.errors.push_back(Error{key, "unknown key" + did_you_mean(key, names)});
      } else if (spec->type == KeyType::secret) {
        error(key, secret_hint("secrets may not be given on the command line", *spec), *spec);
      } else {
        Parsed value = parse_text(*spec, text, m_cwd);
        if (value) {
          set(*spec, std::move(*value), Origin::command_line, "");
        } else {
          error(key, value.error(), *spec);
        }
      }
    }
  }

  /// Required keys and path rules, checked on the winning values.
  void check_values() {
    for (std::size_t i = 0; i < m_settings.size(); ++i) {
      const KeySpec& spec = m_schema.keys()[i];
      const Setting& setting = m_settings[i];
      if (m_failed.contains(spec.key)) {
        continue;
      }
      // An unreadable file may well have set the key: don't pile on.
      if (spec.required && setting.origin == Origin::unset && !m_file_unreadable && !not_needed(spec.key)) {
        error(spec.key, "required; set it in the config file or " + env_var_name(spec.key), spec);
      }
      if (const auto* path = std::get_if<std::filesystem::path>(&setting.value)) {
        check_path(spec, setting, *path);
      }
    }
  }

  [[nodiscard]] bool not_needed(const std::string& key) const {
    return std::find(m_options.not_needed.begin(), m_options.not_needed.end(), key) !=
           m_options.not_needed.end();
  }

  void warn_unknown_env() {
    std::vector<std::string> known = m_schema.env_names();
    for (const std::string& name : m_env.names_with_prefix(k_env_prefix)) {
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        m_out.warnings.push_back(Error{name, "not a Steward setting; ignored" + did_you_mean(name, known)});
      }
    }
  }

  Settings finish() && { return Settings(std::move(m_settings)); }

private:
  static std::filesystem::path current_directory() {
    std::error_code ec;
    std::filesystem::path cwd = std::filesystem::current_path(ec);
    return ec ? std::filesystem::path("/") : cwd;
  }

  std::filesystem::path absolute(const std::filesystem::path& path) const {
    return path.is_relative() ? m_cwd / path : path;
  }

  static std::string secret_hint(const std::string& reason, const KeySpec& spec) {
    return reason + "; set " + env_var_name(spec.key) + " or " + secret_file_key(spec.key);
  }

  void add_file_value(const KeySpec& spec, const YAML::Node& node, const std::filesystem::path& dir) {
    if (spec.type == KeyType::secret) {
      error(spec.key, secret_hint("secrets may not be written in the config file", spec), spec);
      return;
    }
    if (spec.type == KeyType::string_list) {
      std::vector<std::string> items;
      for (std::size_t i = 0; node.IsSequence() && i < node.size(); ++i) {
        if (!node[i].IsScalar()) {
          error(spec.key,
                "item " + std::to_string(i + 1) + " is " + describe_node(node[i]) + ", expected a string",
                spec);
          return;
        }
        items.push_back(node[i].Scalar());
      }
      if (node.IsSequence()) {
        set(spec, std::move(items), Origin::file, "");
      } else {
        error(spec.key, "expected a list of strings, got " + describe_node(node), spec);
      }
      return;
    }
    if (!node.IsScalar()) {
      error(spec.key, "expected " + describe(spec) + ", got " + describe_node(node), spec);
      return;
    }
    Parsed value = parse_text(spec, node.Scalar(), dir);
    if (value) {
      set(spec, std::move(*value), Origin::file, "");
    } else {
      error(spec.key, value.error(), spec);
    }
  }

  void add_file_secret(const KeySpec& spec, const FileEntry& entry, const std::filesystem::path& dir) {
    if (!entry.node.IsScalar() || entry.node.Scalar().empty()) {
      error(entry.key, "expected the path of a file, got " + describe_node(entry.node), spec);
      return;
    }
    std::filesystem::path path(entry.node.Scalar());
    auto secret = read_secret_file(path.is_relative() ? dir / path : path);
    if (secret) {
      set(spec, std::move(*secret), Origin::file, entry.key);
    } else {
      error(entry.key, secret.error(), spec);
    }
  }

  void check_path(const KeySpec& spec, const Setting& setting, const std::filesystem::path& path) {
    if (spec.path_rule == PathRule::any) {
      return;
    }
    std::string where = setting.origin == Origin::env ? setting.source : spec.key;
    std::error_code ec;
    std::filesystem::file_status status = std::filesystem::status(path, ec);
    if (ec && status.type() != std::filesystem::file_type::not_found) {
      error(where, "cannot access " + path.string() + ": " + ec.message(), spec);
    } else if (!std::filesystem::exists(status)) {
      if (spec.path_rule == PathRule::must_exist) {
        error(where, path.string() + " does not exist", spec);
      }
    } else if (spec.path_rule == PathRule::directory_if_exists && !std::filesystem::is_directory(status)) {
      error(where, path.string() + " is not a directory", spec);
    }
  }

  void set(const KeySpec& spec, Value value, Origin origin, std::string source) {
    Setting& setting = m_settings[static_cast<std::size_t>(&spec - m_schema.keys().data())];
    setting.value = std::move(value);
    setting.origin = origin;
    setting.source = std::move(source);
  }

  void error(std::string where, std::string reason, const KeySpec& spec) {
    m_failed.insert(spec.key);
    m_out.errors.push_back(Error{std::move(where), std::move(reason)});
  }

  const Schema& m_schema;
  const Environment& m_env;
  const ResolveOptions& m_options;
  Resolution& m_out;
  std::filesystem::path m_cwd;
  std::vector<Setting> m_settings; // parallel to m_schema.keys()
  std::set<std::string> m_failed;  // keys that had a bad value in some source
  bool m_file_unreadable = false;
};

} // namespace

std::string_view origin_name(Origin origin) {
  switch (origin) {
  case Origin::unset: return "unset";
  case Origin::default_value: return "default";
  case Origin::file: return "file";
  case Origin::env: return "env";
  case Origin::command_line: return "command line";
  }
  return "unknown";
}

const Setting* Settings::find(std::string_view key) const {
  for (const Setting& setting : m_settings) {
    if (setting.key == key) {
      return &setting;
    }
  }
  return nullptr;
}

Resolution resolve(const Schema& schema, const std::optional<std::filesystem::path>& file,
                   const Environment& env, const ResolveOptions& options) {
  Resolution out;
  Resolver resolver(schema, env, options, out);
  resolver.add_defaults();
  if (file) {
    resolver.add_file(*file);
  }
  resolver.add_env();
  resolver.add_overrides();
  resolver.check_values();
  resolver.warn_unknown_env();
  out.settings = std::move(resolver).finish();
  return out;
}

} // namespace steward::config

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

[[maybe_unused]] KeySpec string_key(std::string key, std::string default_text, std::string doc,
                                    Field<std::string> field) {
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

[[maybe_unused]] KeySpec integer_key(std::string key, std::int64_t default_value, std::int64_t min,
                                     std::int64_t max, std::string doc, Field<std::int64_t> field) {
  KeySpec spec = base(std::move(key), KeyType::integer, std::to_string(default_value), std::move(doc));
  spec.min = min;
  spec.max = max;
  return bind(std::move(spec), field);
}

/// `min` and `max` are written like values (`1s`, `1h`).
[[maybe_unused]] KeySpec duration_key(std::string key, std::string default_text, std::string_view min,
                                      std::string_view max, std::string doc,
                                      Field<std::chrono::milliseconds> field) {
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
[[maybe_unused]] KeySpec list_key(std::string key, std::string default_text, std::string doc,
                                  Field<std::vector<std::string>> field) {
  return bind(base(std::move(key), KeyType::string_list, std::move(default_text), std::move(doc)), field);
}

[[maybe_unused]] KeySpec secret_key(std::string key, std::string doc, Field<Secret> field) {
  return bind(base(std::move(key), KeyType::secret, "", std::move(doc)), field);
}

KeySpec required(KeySpec spec) {
  spec.required = true;
  return spec;
}

using std::filesystem::path;

} // namespace

// --- The table. Adding a key: one row here, one field in `Config`
// (bot/config/config.hpp), and one entry each in config/steward.example.yaml
// and docs/configuration.md (tests fail until all of them agree).

const Schema& steward_schema() {
  static const Schema schema({
      required(path_key("project.path", "", PathRule::must_exist,
                        "The dbt project to serve: a dbt project directory, a directory holding "
                        "manifest.json, or a manifest file.",
                        [](Config& c) -> path& { return c.project.path; })),
      bool_key("project.prefer_source", false,
               "Parse the project's source files even when target/manifest.json exists.",
               [](Config& c) -> bool& { return c.project.prefer_source; }),
      path_key("state.dir", ".steward", PathRule::directory_if_exists,
               "Directory for Steward's own files; created when missing.",
               [](Config& c) -> path& { return c.state.dir; }),
      enum_key("log.level", {"trace", "debug", "info", "warn", "error", "off"}, "info",
               "Least severe log message written to stderr.",
               [](Config& c) -> std::string& { return c.log.level; }),
  });
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

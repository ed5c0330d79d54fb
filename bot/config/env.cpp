#include "bot/config/env.hpp"

#include <unistd.h>

extern char** environ; // NOLINT: POSIX declares it without a header guarantee

namespace steward::config {

Environment Environment::from_process() {
  Variables variables;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    std::size_t equals = text.find('=');
    if (equals == std::string_view::npos || equals == 0) {
      continue;
    }
    variables.emplace(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
  }
  return Environment(std::move(variables));
}

std::optional<std::string> Environment::get(std::string_view name) const {
  auto found = m_variables.find(name);
  if (found == m_variables.end()) {
    return std::nullopt;
  }
  return found->second;
}

std::vector<std::string> Environment::names_with_prefix(std::string_view prefix) const {
  std::vector<std::string> names;
  for (auto it = m_variables.lower_bound(prefix);
       it != m_variables.end() && std::string_view(it->first).starts_with(prefix); ++it) {
    names.push_back(it->first);
  }
  return names;
}

std::string env_var_name(std::string_view key) {
  std::string name(k_env_prefix);
  for (char c : key) {
    if (c == '.') {
      name.push_back('_');
    } else if (c >= 'a' && c <= 'z') {
      name.push_back(static_cast<char>(c - 'a' + 'A'));
    } else {
      name.push_back(c);
    }
  }
  return name;
}

std::string secret_file_key(std::string_view key) {
  return std::string(key) + "_file";
}

} // namespace steward::config

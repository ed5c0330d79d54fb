#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <tl/expected.hpp>
#include <yaml-cpp/yaml.h>

#include "bot/config/schema.hpp"
#include "core/util/error.hpp"

namespace steward::config {

/// The config file takes at most 1 MiB; a secret file at most 64 KiB.
inline constexpr std::size_t k_max_config_bytes = std::size_t{1} << 20;
inline constexpr std::size_t k_max_secret_bytes = std::size_t{64} << 10;

/// Reads the whole of `path` when it is a readable file of at most `limit`
/// bytes; otherwise says why (without naming `path`).
tl::expected<std::string, std::string> read_limited_file(const std::filesystem::path& path,
                                                         std::size_t limit);

/// Reads secret file `path`: its contents without trailing newlines. Fails when
/// unreadable, over `k_max_secret_bytes` or empty. The reason names the path,
/// never the contents.
tl::expected<Secret, std::string> read_secret_file(const std::filesystem::path& path);

/// A setting found in the config file: its dotted key (a schema key or a
/// secret's `_file` companion) and its YAML value.
struct FileEntry {
  std::string key;
  YAML::Node node;
};

/// What `read_config_yaml` found: the known settings, and every error about
/// the file (unreadable, not YAML, unknown keys, sections that are not maps).
struct FileContents {
  bool parsed = false; ///< false when the file could not be read or is not YAML
  std::vector<FileEntry> entries;
  std::vector<Error> errors;
};

/// Reads config file `file` and lists its settings against `schema`. Keys may
/// be nested (`project:` then `path:`) or dotted (`project.path:`). Errors
/// about the whole file are keyed by its path; malformed YAML gives the line
/// and column.
FileContents read_config_yaml(const Schema& schema, const std::filesystem::path& file);

/// How `node` looks in messages: "a map", "a list", "a single value", "nothing".
std::string describe_node(const YAML::Node& node);

} // namespace steward::config

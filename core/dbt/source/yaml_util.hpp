#pragma once

// Internal to the source-tree parser: small helpers over yaml-cpp nodes.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "core/util/error.hpp"

namespace steward::dbt::source {

/// Parses one YAML document. yaml-cpp's exceptions become an `Error` keyed by
/// `label` whose reason carries the line and column of the problem.
Result<YAML::Node> parse_yaml(const std::string& text, std::string_view label);

// Beware: assigning to a `YAML::Node` that already refers to a node rewrites
// that node in its document (yaml-cpp's reference semantics); rebind with
// `reset()` instead.

/// The child `key` of the map `node`, or an undefined node when `node` is not
/// a map or has no such key. Never inserts (unlike yaml-cpp's non-const `[]`).
YAML::Node child(const YAML::Node& node, std::string_view key);

/// An undefined node (shared: never assign to it, only `reset()` a variable
/// holding it).
YAML::Node undefined();

/// True when `node` is a scalar written without quotes (yaml-cpp tags those `?`).
bool is_plain(const YAML::Node& node);

/// The scalar text of `node`; `fallback` when it is absent, null or not a scalar.
std::string scalar(const YAML::Node& node, std::string_view fallback = {});

/// The scalar `node` read as a YAML 1.1 boolean (`true`, `False`, `yes`, `off`,
/// ...); empty when it is not one.
std::optional<bool> boolean(const YAML::Node& node);

/// A scalar as one string, a sequence of scalars as many; anything else is empty.
std::vector<std::string> strings(const YAML::Node& node);

/// `node` as JSON: plain scalars become booleans, null, integers or floats when
/// they read as such (as PyYAML, which dbt uses, would type them); quoted
/// scalars stay strings. Depth is bounded by yaml-cpp's own recursion guard.
nlohmann::json to_json(const YAML::Node& node);

/// How Python's `str()` would print the value dbt read from `node` (`True`,
/// `None`, `['a', 'b']`), used to build generic test names the way dbt does.
std::string python_str(const YAML::Node& node);

} // namespace steward::dbt::source

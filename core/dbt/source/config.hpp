#pragma once

// Internal to the source-tree parser: node configs from `dbt_project.yml`
// trees, YAML `config:` blocks and `config(...)` calls, merged as dbt does.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "core/dbt/source/jinja_eval.hpp"
#include "core/dbt/source/jinja_scan.hpp"

namespace steward::dbt::source {

/// The configs Steward shows. Each layer only sets what it mentions; `apply`
/// lays a more specific (or higher-precedence) layer on top.
struct NodeConfig {
  /// `enabled` as written: `unknown` for an expression that cannot be
  /// evaluated, which counts as enabled.
  enum class Enabled : std::uint8_t { unset, yes, no, unknown };

  Enabled enabled = Enabled::unset;
  std::optional<std::string> materialized;
  std::optional<std::string> schema;
  std::optional<std::string> database;
  std::optional<std::string> alias;
  std::optional<std::string> group;
  std::optional<std::string> access;
  std::optional<std::string> severity;
  std::optional<std::string> loaded_at_field;
  std::vector<std::string> tags;                  ///< accumulated across layers, as dbt does
  nlohmann::json meta = nlohmann::json::object(); ///< merged key by key

  /// Lays `over` on top of this config.
  void apply(const NodeConfig& over);
  /// False only when `enabled` is known to be false.
  [[nodiscard]] bool is_enabled() const { return enabled != Enabled::no; }
};

/// Reads one config entry `key: value` into `config`; returns false when `key`
/// is not a config Steward reads. `key` has no `+`. Values that hold Jinja are
/// rendered when simple (`render_string`) and otherwise left unset, except
/// `enabled`, which is evaluated (`truth_of_text`).
bool read_config_entry(std::string_view key, const YAML::Node& value, const VarLookup& vars,
                       NodeConfig& config);

/// A YAML `config:` map (every key is a config).
NodeConfig config_from_yaml(const YAML::Node& map, const VarLookup& vars);

/// The config a `dbt_project.yml` tree (`models:`, `seeds:`, ...) gives the
/// node at `fqn` (`[package, folder..., name]`): the tree's top level, then the
/// entry for `fqn[0]`, then each folder, the most specific level winning. At
/// each level `+key` is a config, and so is a bare key whose value is not a
/// map (or is a map-valued config such as `meta`); other keys are folders.
NodeConfig config_from_tree(const YAML::Node& tree, const std::vector<std::string>& fqn,
                            const VarLookup& vars);

/// The config of a `config(...)` call: keyword arguments, or a dict passed
/// positionally. `text` is the scanned file (for evaluating `enabled=`).
NodeConfig config_from_call(const Call& call, std::string_view text, const VarLookup& vars);

/// JSON for a Jinja literal (`{'owner': 'ann', 'n': 1}`); null when it is not one.
nlohmann::json literal_json(const Expr& expr);

} // namespace steward::dbt::source

#pragma once

// Internal to core/datavault: text helpers for the generated files.

#include <string>
#include <string_view>
#include <vector>

#include "core/datavault/generate.hpp"

namespace steward::datavault::detail {

/// A YAML scalar: plain when it reads back as the same string (an
/// identifier-like word that is not true/false/null/...), else single-quoted.
std::string yaml_scalar(std::string_view text);

/// Single-quoted YAML, newlines folded to spaces (descriptions).
std::string yaml_quoted(std::string_view text);

/// `key: value` for one item, or `key:` and `  - item` lines for several
/// (`always_list` forces the list), each line indented by `indent`.
std::string yaml_names(std::string_view key, const std::vector<std::string>& items, int indent,
                       bool always_list = false);

/// 16 hex digits of FNV-1a 64 over `text`.
std::string fingerprint(std::string_view text);

/// `body` with the generated-file header line in front: `-- ` for SQL,
/// `# ` for YAML.
File with_header(std::string path, const std::string& body, const std::string& spec_name, bool yaml);

/// Model files (render_models.cpp).
std::string stage_sql(const Plan& plan, const StageModel& stage);
std::string hub_sql(const Plan& plan, const HubModel& hub);
std::string link_sql(const Plan& plan, const LinkModel& link);
std::string satellite_sql(const Plan& plan, const SatelliteModel& sat);

/// `schema.yml` entries (render_schema.cpp): one `- name:` block per model.
std::string stage_schema(const Plan& plan, const StageModel& stage);
std::string hub_schema(const Plan& plan, const HubModel& hub);
std::string link_schema(const Plan& plan, const LinkModel& link);
std::string satellite_schema(const Plan& plan, const SatelliteModel& sat);

} // namespace steward::datavault::detail

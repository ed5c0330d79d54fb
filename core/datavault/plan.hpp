#pragma once

// Resolving a spec into the models to generate, and validating it on the
// way: every name decided (naming templates, overrides, case), every stage
// column computed, every rule of docs/datavault.md ("Validation") checked.
// `generate` renders a `Plan`; `validate` is `plan(...).diagnostics`.

#include <string>
#include <vector>

#include "core/datavault/spec.hpp"

namespace steward::dbt {
class Project;
}

namespace steward::datavault {

/// `hashed_columns` entry of a stage: a hash key or a hashdiff.
struct HashedColumn {
  std::string name;
  std::vector<std::string> columns; ///< hashed in this order (automate_dv sorts hashdiff columns)
  bool is_hashdiff = false;
  std::string description;
};

/// `derived_columns` entry of a stage: `!CONSTANT`, a column or an SQL expression.
struct DerivedColumn {
  std::string name;
  std::string value;
  std::string description;
};

/// One staging model per source: `stg_{source}`.
struct StageModel {
  std::string model;
  std::string source;      ///< the spec's source name
  std::string source_name; ///< dbt source name, when the source is a dbt source
  std::string table;       ///< dbt source table
  std::string ref;         ///< dbt model, when the source is a model
  std::vector<DerivedColumn> derived;
  std::vector<HashedColumn> hashed;
  std::string spec_path; ///< the first mapping of the source
};

struct HubModel {
  std::string model;
  std::string entity;
  std::string description;
  std::string hash_key;
  std::vector<std::string> business_key;
  std::vector<std::string> sources; ///< the spec's sources it loads from
  std::vector<std::string> stages;  ///< their stage models (a list: multi-source)
  std::string spec_path;
};

/// A link's column pointing at a hub.
struct ForeignKey {
  std::string column; ///< in the link (the hub's hash key, or `{role}_hk`)
  std::string entity; ///< the hub's entity
  std::string role;   ///< empty unless the hub plays a role
  std::string hub_model;
  std::string hub_hash_key;
};

struct LinkModel {
  std::string model;
  std::string name;
  std::string description;
  std::string hash_key;
  std::vector<ForeignKey> foreign_keys;
  std::vector<std::string> key_columns; ///< what the hash key hashes, in order
  std::vector<std::string> sources;
  std::vector<std::string> stages;
  bool transactional = false;
  std::vector<std::string> payload; ///< transactional links
  std::string spec_path;
};

struct SatelliteModel {
  std::string model;
  std::string name; ///< the attribute group
  std::string description;
  std::string parent_model;
  std::string parent_hash_key;
  bool on_link = false;
  std::string hashdiff;
  std::vector<std::string> payload;
  std::string stage;
  std::string source;
  bool has_effective_from = false;
  bool effectivity = false;
  std::vector<std::string> driving_keys;   ///< effectivity: FK columns of the driving hubs
  std::vector<std::string> secondary_keys; ///< effectivity: the link's other FK columns
  std::string spec_path;
};

/// Column names of the load metadata, after naming and case.
struct MetadataColumns {
  std::string load_date;
  std::string record_source;
  std::string effective_from;
  std::string start_date;
  std::string end_date;
};

struct Plan {
  Settings settings{};
  MetadataColumns columns{};
  std::string macros = "automate_dv";          ///< the macro namespace
  std::string transactional_macro = "nh_link"; ///< `t_link` before automate_dv 0.11.5
  std::vector<StageModel> stages;
  std::vector<HubModel> hubs;
  std::vector<LinkModel> links;
  std::vector<SatelliteModel> satellites; ///< effectivity satellites included
  std::vector<std::string> decisions;     ///< naming and defaulting decisions, for the report
};

struct Planned {
  Plan plan{};
  std::vector<Diagnostic> diagnostics; ///< errors first, then warnings, each in spec order
  [[nodiscard]] bool ok() const { return !has_errors(diagnostics); }
};

/// Resolves and validates `spec`. With `project`, also checks that mapped
/// sources and models exist in it (and their documented columns). Models are
/// listed in spec order. Never throws; with errors the plan is partial and
/// must not be generated.
Planned plan(const Spec& spec, const dbt::Project* project = nullptr);

/// The diagnostics of `plan(spec, project)`.
std::vector<Diagnostic> validate(const Spec& spec, const dbt::Project* project = nullptr);

} // namespace steward::datavault

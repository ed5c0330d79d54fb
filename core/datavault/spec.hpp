#pragma once

// The Data Vault design spec: the hubs, links and satellites to generate and
// where their data comes from. Parsed from YAML/JSON (`parse_spec`) or a
// Mermaid erDiagram (`parse_mermaid`), checked by `plan`, turned into dbt
// models by `generate`. docs/datavault.md documents the format key by key.
//
// A `Spec` is plain data: an LLM step (narrative → spec) can build one
// directly, or emit the YAML text and go through `parse_spec`.

#include <cstdint>
#include <string>
#include <vector>

namespace steward::datavault {

/// Where a spec element was written, for messages.
struct Location {
  int document = 0; ///< 1-based YAML document (`---`) number; 0 when unknown or the only one
  int line = 0;     ///< 1-based line in the whole text; 0 when unknown (JSON input)
};

enum class Severity : std::uint8_t { error, warning };

/// One problem with a spec, named by its spec path
/// (`entities[0].links[1].related_hubs`).
struct Diagnostic {
  Severity severity = Severity::error;
  std::string path;
  std::string message;
  Location at{};

  /// `error: entities[0].hub.business_key: ... (line 12)`; the document is
  /// named when it is known and not the first.
  [[nodiscard]] std::string to_string() const;
};

/// True when `diagnostics` holds an error (warnings alone do not count).
bool has_errors(const std::vector<Diagnostic>& diagnostics);

/// Case of the column identifiers the generator writes (`naming.case`).
enum class IdentifierCase : std::uint8_t {
  keep,  ///< as the templates and the spec spell them
  lower, ///< lower-cased (Postgres, BigQuery, Databricks)
  upper, ///< upper-cased (Snowflake: automate_dv quotes column names)
};

/// Naming templates. Placeholders: `{source}`, `{entity}` (a hub's entity or
/// a link's name), `{relationship}` (a link's name), `{group}` (a
/// satellite's name); the upper-case spelling (`{ENTITY}`) inserts the value
/// upper-cased, the lower-case one lower-cased.
struct Naming {
  std::string stage = "stg_{source}";
  std::string hub = "h_{entity}";
  std::string link = "l_{relationship}";
  std::string transactional_link = "t_{relationship}";
  std::string satellite = "s_{entity}_{group}_{source}";
  std::string effectivity_satellite = "es_{relationship}_{source}";
  std::string hash_key = "{entity}_hk";
  std::string hashdiff = "{group}_hashdiff";
  std::string load_date = "load_date";
  std::string record_source = "record_source";
  std::string effective_from = "effective_from";
  std::string start_date = "start_date";
  std::string end_date = "end_date";
  IdentifierCase identifier_case = IdentifierCase::keep;
};

/// Folders the models are written to, relative to the models root.
struct Folders {
  std::string stage = "staging";
  std::string hub = "raw_vault/hubs";
  std::string link = "raw_vault/links";
  std::string satellite = "raw_vault/satellites";
};

/// The spec's `project:` document.
struct Settings {
  std::string package = "automate_dv";    ///< macro namespace: automate_dv (or the old dbtvault)
  std::string package_version = "0.11.5"; ///< nh_link from 0.11.5, t_link before
  std::string platform; ///< snowflake, bigquery, postgres, sqlserver, databricks; may be empty
  std::string materialization = "incremental"; ///< of hubs, links and satellites
  std::string stage_materialization = "view";
  Naming naming{};
  Folders folders{};
  Location at{};
};

/// How one entity's data is found in one source: `source_mappings.<source>`.
/// The physical side (`schema`/`table` or `model`, `record_source`,
/// `load_date`, `effective_from`) belongs to the source and may be given in
/// any entity that maps it; `key_fields` belong to the entity.
struct SourceMapping {
  std::string source;                  ///< the key: the source system/feed name
  std::string schema;                  ///< dbt source name, as in `source('schema', 'table')`
  std::string table;                   ///< dbt source table
  std::string model;                   ///< instead of schema/table: a dbt model, `ref('model')`
  std::vector<std::string> key_fields; ///< source columns of the business key, in `business_key` order
  std::string record_source;           ///< `!CONSTANT` or an SQL expression
  std::string load_date;               ///< SQL expression
  std::string effective_from;          ///< SQL expression
  std::string path;                    ///< `entities[0].source_mappings.crm`
  Location at{};
};

struct Hub {
  std::vector<std::string> business_key; ///< column names in the hub, in hashing order
  std::vector<std::string> sources;      ///< empty: every source the entity maps
  std::string model_name;                ///< overrides `naming.hub`
  std::string hash_key;                  ///< overrides `naming.hash_key`
  std::string path;
  Location at{};
};

enum class ChangeTracking : std::uint8_t {
  hashdiff,    ///< a standard satellite: a new row when the hashdiff changes
  effectivity, ///< an effectivity satellite on a link (automate_dv `eff_sat`)
};

struct Satellite {
  std::string name; ///< the attribute group (`details`), `{group}` in templates
  std::string description;
  std::string parent; ///< entity (hub) or link name; set from the context when nested
  std::vector<std::string> attributes;
  std::vector<std::string> sources; ///< empty: the parent's sources; one model per source
  ChangeTracking change_tracking = ChangeTracking::hashdiff;
  std::vector<std::string> driving_key;      ///< effectivity: hubs (entity or role names) that drive
  std::string hashdiff;                      ///< overrides `naming.hashdiff`
  std::vector<std::string> hashdiff_columns; ///< optional: must be the parent key + attributes
  std::string model_name;                    ///< overrides the naming template
  std::string path;
  Location at{};
};

/// One hub a link points at.
struct RelatedHub {
  std::string hub;                     ///< entity name
  std::string role;                    ///< needed when a hub appears twice
  std::vector<std::string> key_fields; ///< source columns for this role; default: the entity's mapping
  std::string path;
  Location at{};
};

struct Link {
  std::string name; ///< `{relationship}` in templates
  std::string description;
  std::vector<RelatedHub> hubs; ///< every hub, the owning entity's included
  std::string relationship_type;
  std::vector<std::string> payload;         ///< transactional links
  std::vector<std::string> transaction_key; ///< transactional links: part of the link's hash key
  std::vector<std::string> sources;         ///< empty: the sources every hub's entity maps
  std::string hash_key;
  std::string model_name;
  std::vector<Satellite> satellites;
  std::string path;
  Location at{};

  /// `relationship_type: transactional` (or non_historized): an nh_link.
  [[nodiscard]] bool transactional() const;
};

struct Entity {
  std::string name;
  std::string description;
  bool has_hub = false;
  Hub hub{};
  std::vector<Satellite> satellites;
  std::vector<Link> links;
  std::vector<SourceMapping> source_mappings; ///< in the order written
  std::string path;                           ///< `entities[0]`
  Location at{};
};

struct Spec {
  Settings settings{};
  std::vector<Entity> entities;
};

} // namespace steward::datavault

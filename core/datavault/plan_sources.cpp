// Sources and their staging models: merging each source's mappings, and
// the columns a stage computes.
#include <algorithm>

#include "core/datavault/plan_detail.hpp"
#include "core/util/text.hpp"

namespace steward::datavault::detail {
namespace {

std::string physical(const SourceInfo& info) {
  return info.model.empty() ? info.schema + "." + info.table : info.model;
}

/// Takes `value` into `field` unless a different value is there already.
void merge_field(Planner& planner, const SourceMapping& mapping, const char* key, const std::string& value,
                 std::string& field, const SourceInfo& info) {
  if (value.empty()) {
    return;
  }
  if (field.empty()) {
    field = value;
    return;
  }
  if (field != value) {
    planner.error(mapping.path + "." + key, mapping.at,
                  "source " + mapping.source + " is mapped with " + key + " '" + value + "' here but '" +
                      field + "' in " + info.path + "; a source has one " + key);
  }
}

void check_mapping(Planner& planner, const Entity& entity, const SourceMapping& mapping) {
  if (!is_identifier(mapping.source)) {
    planner.error(mapping.path, mapping.at,
                  "source name '" + mapping.source + "' is not an identifier (letters, digits and _)");
  }
  const bool physical_table = !mapping.schema.empty() || !mapping.table.empty();
  if (!mapping.model.empty() && physical_table) {
    planner.error(mapping.path, mapping.at,
                  "give schema and table (a dbt source) or model (a dbt model), not both");
  } else if (physical_table && (mapping.schema.empty() || mapping.table.empty())) {
    planner.error(mapping.path + (mapping.schema.empty() ? ".schema" : ".table"), mapping.at,
                  "missing: a dbt source needs both schema (the source name) and table");
  }
  if (!entity.has_hub && !mapping.key_fields.empty()) {
    planner.warn(mapping.path + ".key_field", mapping.at,
                 "ignored: entity " + entity.name + " has no hub, so no business key to map");
  }
  if (entity.has_hub && !mapping.key_fields.empty() &&
      mapping.key_fields.size() != entity.hub.business_key.size() && !entity.hub.business_key.empty()) {
    planner.error(mapping.path + ".key_field", mapping.at,
                  "the business key of " + entity.name + " has " +
                      std::to_string(entity.hub.business_key.size()) + " column(s) (" +
                      join(entity.hub.business_key) + ") but key_field gives " +
                      std::to_string(mapping.key_fields.size()) + " (" + join(mapping.key_fields) +
                      "); give one source column per business key column, in the same order");
  }
}

} // namespace

void plan_sources(Planner& planner) {
  for (const Entity& entity : planner.spec().entities) {
    for (const SourceMapping& mapping : entity.source_mappings) {
      check_mapping(planner, entity, mapping);
      SourceInfo* info = planner.source(mapping.source);
      if (info == nullptr) {
        planner.sources().push_back(
            {mapping.source, "", "", "", "", "", "", mapping.path, mapping.at, false});
        info = &planner.sources().back();
      }
      merge_field(planner, mapping, "schema", mapping.schema, info->schema, *info);
      merge_field(planner, mapping, "table", mapping.table, info->table, *info);
      merge_field(planner, mapping, "model", mapping.model, info->model, *info);
      merge_field(planner, mapping, "record_source", mapping.record_source, info->record_source, *info);
      merge_field(planner, mapping, "load_date", mapping.load_date, info->load_date, *info);
      merge_field(planner, mapping, "effective_from", mapping.effective_from, info->effective_from, *info);
    }
  }
  for (const SourceInfo& info : planner.sources()) {
    if (info.model.empty() && (info.schema.empty() || info.table.empty())) {
      planner.error(info.path, info.at,
                    "source " + info.name +
                        " says nowhere where its data is: give schema and table (a dbt "
                        "source) or model (a dbt model) in one of its mappings");
    }
  }
  // Stages are made on demand, one per source at most: references to them stay valid.
  planner.plan().stages.reserve(planner.sources().size());
}

StageModel& Planner::stage(const std::string& source_name) {
  for (StageModel& existing : plan().stages) {
    if (existing.source == source_name) {
      return existing;
    }
  }
  SourceInfo& info = *source(source_name);
  info.used = true;
  StageModel stage;
  stage.source = source_name;
  stage.model = expand(naming().stage, {.source = source_name});
  stage.spec_path = info.path;
  if (info.model.empty()) {
    stage.source_name = info.schema;
    stage.table = info.table;
  } else {
    stage.ref = info.model;
  }
  name_model(stage.model, info.path, info.at);
  const MetadataColumns& columns = plan().columns;
  std::string record_source = info.record_source;
  if (record_source.empty()) {
    record_source = "!" + physical(info);
    decide("source " + source_name + ": record source defaults to the constant '" + physical(info) +
           "' (set source_mappings." + source_name + ".record_source to change it)");
  }
  stage.derived.push_back({columns.record_source, record_source, "Where the row came from (record source)."});
  std::string load_date = info.load_date;
  if (load_date.empty()) {
    load_date = "CURRENT_TIMESTAMP";
    warn(info.path + ".load_date", info.at,
         "no load_date for source " + source_name +
             ": the load date is the time the stage is read (CURRENT_TIMESTAMP); map the column that says "
             "when "
             "the row arrived");
  }
  stage.derived.push_back({columns.load_date, load_date, "When the row was loaded (load date)."});
  if (!info.effective_from.empty()) {
    stage.derived.push_back({columns.effective_from, info.effective_from,
                             "When the change took effect in the source (effective from)."});
  }
  for (const DerivedColumn& column : stage.derived) {
    m_stage_columns[stage.model][column.name] = {"derived:" + column.value, "load metadata"};
  }
  plan().stages.push_back(std::move(stage));
  return plan().stages.back();
}

void Planner::add_hashed(StageModel& stage, HashedColumn column, const std::string& who,
                         const std::string& path, Location at) {
  const std::string definition = (column.is_hashdiff ? "hashdiff of " : "hash of ") + join(column.columns);
  auto& owners = m_stage_columns[stage.model];
  if (auto it = owners.find(column.name); it != owners.end()) {
    if (it->second.definition != definition) {
      error(
          path, at,
          stage.model + " would compute column " + column.name + " twice, differently: as the " +
              it->second.who + " (" + it->second.definition + ") and as the " + who + " (" + definition +
              "); give one of them another name (hash_key:, hashdiff:, or a naming template with {entity})");
    }
    return;
  }
  owners[column.name] = {definition, who};
  stage.hashed.push_back(std::move(column));
}

void Planner::add_derived(StageModel& stage, DerivedColumn column, const std::string& who,
                          const std::string& path, Location at) {
  const std::string definition = "derived:" + column.value;
  auto& owners = m_stage_columns[stage.model];
  if (auto it = owners.find(column.name); it != owners.end()) {
    if (it->second.definition != definition) {
      error(path, at,
            stage.model + " would define column " + column.name + " twice, differently: for the " +
                it->second.who + " (" + it->second.definition.substr(8) + ") and for the " + who + " (" +
                column.value + "); business keys of different hubs need different column names");
    }
    return;
  }
  owners[column.name] = {definition, who};
  stage.derived.push_back(std::move(column));
}

bool Planner::computes(const std::string& stage_model, const std::string& column) const {
  auto it = m_stage_columns.find(stage_model);
  if (it == m_stage_columns.end()) {
    return false;
  }
  return std::any_of(it->second.begin(), it->second.end(),
                     [&](const auto& entry) { return iequals(entry.first, column); });
}

bool Planner::stage_hub_key(const Entity& entity, const std::string& source_name, const std::string& path,
                            Location at) {
  const SourceMapping* mapped = mapping(entity, source_name);
  if (mapped == nullptr) {
    std::vector<std::string> mapped_names;
    for (const SourceMapping& other : entity.source_mappings) {
      mapped_names.push_back(other.source);
    }
    error(path, at,
          "entity " + entity.name + " has no source_mappings." + source_name + ": its business key (" +
              join(entity.hub.business_key) + ") must be mapped in every source that loads it" +
              did_you_mean(source_name, mapped_names));
    return false;
  }
  const HubModel* hub_model = hub(entity.name);
  const std::vector<std::string>& keys =
      mapped->key_fields.empty() ? entity.hub.business_key : mapped->key_fields;
  if (hub_model == nullptr || keys.size() != hub_model->business_key.size() ||
      source(source_name) == nullptr) {
    return false;
  }
  StageModel& staged = stage(source_name);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    need_column(source_name, keys[i], mapped->path + ".key_field", mapped->at);
    if (!iequals(keys[i], hub_model->business_key[i])) {
      add_derived(staged,
                  {hub_model->business_key[i], keys[i],
                   "Business key of " + entity.name + " (source column " + keys[i] + ")."},
                  "business key of " + entity.name, mapped->path + ".key_field", mapped->at);
    }
  }
  add_hashed(staged,
             {hub_model->hash_key, hub_model->business_key, false, "Hash key of " + entity.name + "."},
             "hash key of " + entity.name, path, at);
  return true;
}

} // namespace steward::datavault::detail

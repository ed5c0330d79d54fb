// The model files: each sets its automate_dv metadata as YAML, reads it with
// `fromyaml` and calls the macro with keyword arguments (the AVD style).
// `-- depends_on:` lines name the upstream models for parsers that do not
// expand automate_dv's macros (dbt ignores them; they are SQL comments).
#include <utility>

#include "core/datavault/render_text.hpp"

namespace steward::datavault::detail {
namespace {

/// `{{ automate_dv.hub(src_pk=metadata_dict['src_pk'], ...) }}`, one
/// argument per line; arguments with a value are passed literally.
std::string call(const Plan& plan, std::string_view macro,
                 const std::vector<std::pair<std::string, std::string>>& arguments) {
  const std::string head = "{{ " + plan.macros + "." + std::string(macro) + "(";
  const std::string pad(head.size(), ' ');
  std::string out;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const auto& [name, value] = arguments[i];
    out += i == 0 ? head : ",\n" + pad;
    out += name;
    out += "=";
    out += value.empty() ? "metadata_dict['" + name + "']" : value;
  }
  return out + ") }}\n";
}

std::vector<std::pair<std::string, std::string>> arguments(std::initializer_list<const char*> names) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const char* name : names) {
    out.emplace_back(name, "");
  }
  return out;
}

std::string model(const std::string& config, const std::string& metadata,
                  const std::vector<std::string>& depends, const std::string& macro_call) {
  std::string out = "{{ config(" + config + ") }}\n\n{%- set yaml_metadata -%}\n" + metadata +
                    "{%- endset %}\n\n{% set metadata_dict = fromyaml(yaml_metadata) %}\n\n";
  for (const std::string& depend : depends) {
    out += "-- depends_on: " + depend + "\n";
  }
  return out + macro_call;
}

std::string materialized(const std::string& how) {
  return "materialized='" + how + "'";
}

std::vector<std::string> refs(const std::vector<std::string>& models) {
  std::vector<std::string> out;
  out.reserve(models.size());
  for (const std::string& name : models) {
    out.push_back("{{ ref('" + name + "') }}");
  }
  return out;
}

std::string metadata_tail(const Plan& plan) {
  return "src_ldts: " + yaml_scalar(plan.columns.load_date) +
         "\nsrc_source: " + yaml_scalar(plan.columns.record_source) + "\n";
}

} // namespace

std::string stage_sql(const Plan& plan, const StageModel& stage) {
  std::string metadata;
  std::string depends;
  if (stage.ref.empty()) {
    metadata = "source_model:\n  " + yaml_scalar(stage.source_name) + ": " + yaml_scalar(stage.table) + "\n";
    depends = "{{ source('" + stage.source_name + "', '" + stage.table + "') }}";
  } else {
    metadata = "source_model: " + yaml_scalar(stage.ref) + "\n";
    depends = "{{ ref('" + stage.ref + "') }}";
  }
  metadata += "derived_columns:\n";
  for (const DerivedColumn& column : stage.derived) {
    metadata += "  " + yaml_scalar(column.name) + ": " + yaml_scalar(column.value) + "\n";
  }
  metadata += "hashed_columns:\n";
  for (const HashedColumn& column : stage.hashed) {
    if (column.is_hashdiff) {
      metadata += "  " + yaml_scalar(column.name) + ":\n    is_hashdiff: true\n" +
                  yaml_names("columns", column.columns, 4, true);
    } else {
      metadata += yaml_names(column.name, column.columns, 2);
    }
  }
  std::vector<std::pair<std::string, std::string>> args{
      {"include_source_columns", "true"}, {"source_model", ""},   {"derived_columns", ""},
      {"null_columns", "none"},           {"hashed_columns", ""}, {"ranked_columns", "none"}};
  return model(materialized(plan.settings.stage_materialization), metadata, {depends},
               call(plan, "stage", args));
}

std::string hub_sql(const Plan& plan, const HubModel& hub) {
  std::string metadata = yaml_names("source_model", hub.stages, 0) + "src_pk: " + yaml_scalar(hub.hash_key) +
                         "\n" + yaml_names("src_nk", hub.business_key, 0) + metadata_tail(plan);
  return model(materialized(plan.settings.materialization), metadata, refs(hub.stages),
               call(plan, "hub", arguments({"src_pk", "src_nk", "src_ldts", "src_source", "source_model"})));
}

std::string link_sql(const Plan& plan, const LinkModel& link) {
  std::vector<std::string> foreign;
  foreign.reserve(link.foreign_keys.size());
  for (const ForeignKey& key : link.foreign_keys) {
    foreign.push_back(key.column);
  }
  std::string metadata = yaml_names("source_model", link.stages, 0) +
                         "src_pk: " + yaml_scalar(link.hash_key) + "\n" +
                         yaml_names("src_fk", foreign, 0, true);
  if (!link.transactional) {
    metadata += metadata_tail(plan);
    return model(
        materialized(plan.settings.materialization), metadata, refs(link.stages),
        call(plan, "link", arguments({"src_pk", "src_fk", "src_ldts", "src_source", "source_model"})));
  }
  metadata += yaml_names("src_payload", link.payload, 0, true) +
              "src_eff: " + yaml_scalar(plan.columns.effective_from) + "\n" + metadata_tail(plan);
  return model(materialized(plan.settings.materialization), metadata, refs(link.stages),
               call(plan, plan.transactional_macro,
                    arguments({"src_pk", "src_fk", "src_payload", "src_eff", "src_ldts", "src_source",
                               "source_model"})));
}

std::string satellite_sql(const Plan& plan, const SatelliteModel& sat) {
  std::string metadata =
      "source_model: " + yaml_scalar(sat.stage) + "\nsrc_pk: " + yaml_scalar(sat.parent_hash_key) + "\n";
  if (sat.effectivity) {
    metadata += yaml_names("src_dfk", sat.driving_keys, 0) + yaml_names("src_sfk", sat.secondary_keys, 0) +
                "src_start_date: " + yaml_scalar(plan.columns.start_date) +
                "\nsrc_end_date: " + yaml_scalar(plan.columns.end_date) +
                "\nsrc_eff: " + yaml_scalar(plan.columns.effective_from) + "\n" + metadata_tail(plan);
    return model(materialized(plan.settings.materialization) + ", is_auto_end_dating=true", metadata,
                 refs({sat.stage}),
                 call(plan, "eff_sat",
                      arguments({"src_pk", "src_dfk", "src_sfk", "src_start_date", "src_end_date", "src_eff",
                                 "src_ldts", "src_source", "source_model"})));
  }
  metadata +=
      "src_hashdiff: " + yaml_scalar(sat.hashdiff) + "\n" + yaml_names("src_payload", sat.payload, 0, true);
  auto args = arguments({"src_pk", "src_hashdiff", "src_payload"});
  if (sat.has_effective_from) {
    metadata += "src_eff: " + yaml_scalar(plan.columns.effective_from) + "\n";
    args.emplace_back("src_eff", "");
  }
  metadata += metadata_tail(plan);
  for (const char* name : {"src_ldts", "src_source", "source_model"}) {
    args.emplace_back(name, "");
  }
  return model(materialized(plan.settings.materialization), metadata, refs({sat.stage}),
               call(plan, "sat", args));
}

} // namespace steward::datavault::detail

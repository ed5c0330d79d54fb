// `schema.yml` entries: descriptions and the tests of docs/datavault.md
// ("Tests"): unique + not_null on hash keys, not_null on business keys and
// load metadata, relationships from satellites and links to their parents,
// dbt_utils.unique_combination_of_columns(hash key, load date) on satellites.
#include "core/datavault/render_text.hpp"
#include "core/util/text.hpp"

namespace steward::datavault::detail {
namespace {

struct Test {
  std::string name;    ///< unique, not_null, relationships
  std::string to{};    ///< relationships: the model
  std::string field{}; ///< relationships: its column
};

struct ColumnDoc {
  std::string name;
  std::string description;
  std::vector<Test> tests{};
};

std::string render(const std::string& name, const std::string& description,
                   const std::vector<ColumnDoc>& columns,
                   const std::vector<std::string>& unique_combination = {}) {
  std::string out =
      "  - name: " + yaml_scalar(name) + "\n    description: " + yaml_quoted(description) + "\n";
  if (!unique_combination.empty()) {
    out += "    data_tests:\n      - dbt_utils.unique_combination_of_columns:\n" +
           yaml_names("combination_of_columns", unique_combination, 10, true);
  }
  out += "    columns:\n";
  for (const ColumnDoc& column : columns) {
    out += "      - name: " + yaml_scalar(column.name) +
           "\n        description: " + yaml_quoted(column.description) + "\n";
    if (column.tests.empty()) {
      continue;
    }
    out += "        data_tests:\n";
    for (const Test& test : column.tests) {
      if (test.name == "relationships") {
        out += "          - relationships:\n              to: ref('" + test.to +
               "')\n              field: " + yaml_scalar(test.field) + "\n";
      } else {
        out += "          - " + test.name + "\n";
      }
    }
  }
  return out;
}

std::vector<ColumnDoc> metadata(const Plan& plan, bool effective_from) {
  std::vector<ColumnDoc> out;
  if (effective_from) {
    out.push_back(
        {plan.columns.effective_from, "When the change took effect in the source.", {{"not_null"}}});
  }
  out.push_back({plan.columns.load_date, "When the row was loaded into the vault.", {{"not_null"}}});
  out.push_back({plan.columns.record_source, "The source the row was loaded from.", {{"not_null"}}});
  return out;
}

/// `text` ending with a full stop.
std::string sentence(const std::string& text) {
  if (text.empty() || text.back() == '.' || text.back() == '!' || text.back() == '?') {
    return text;
  }
  return text + ".";
}

} // namespace

std::string stage_schema(const Plan& plan, const StageModel& stage) {
  std::vector<ColumnDoc> columns;
  for (const DerivedColumn& column : stage.derived) {
    ColumnDoc doc{column.name, column.description};
    if (column.name == plan.columns.load_date || column.name == plan.columns.record_source) {
      doc.tests.push_back({"not_null"});
    }
    columns.push_back(std::move(doc));
  }
  for (const HashedColumn& column : stage.hashed) {
    columns.push_back({column.name, column.description + " Hashes " + join(column.columns) + "."});
  }
  const std::string from =
      stage.ref.empty() ? "source " + stage.source_name + "." + stage.table : "model " + stage.ref;
  return render(stage.model,
                "Staging for the Data Vault: " + from +
                    " with the hash keys, hashdiffs and load metadata the vault "
                    "models read (automate_dv stage).",
                columns);
}

std::string hub_schema(const Plan& plan, const HubModel& hub) {
  std::vector<ColumnDoc> columns;
  columns.push_back({hub.hash_key,
                     "Hash key of " + hub.entity + ": the hash of " + join(hub.business_key) + ".",
                     {{"unique"}, {"not_null"}}});
  for (const std::string& key : hub.business_key) {
    columns.push_back({key, "Business key of " + hub.entity + ".", {{"not_null"}}});
  }
  for (ColumnDoc& doc : metadata(plan, false)) {
    columns.push_back(std::move(doc));
  }
  return render(hub.model,
                "Hub of " + hub.entity + (hub.description.empty() ? "." : ": " + sentence(hub.description)) +
                    " One row per business key (" + join(hub.business_key) + "), loaded from " +
                    join(hub.stages) + ".",
                columns);
}

std::string link_schema(const Plan& plan, const LinkModel& link) {
  std::vector<ColumnDoc> columns;
  columns.push_back(
      {link.hash_key,
       "Hash key of the " + link.name + " relationship: the hash of " + join(link.key_columns) + ".",
       {{"unique"}, {"not_null"}}});
  for (const ForeignKey& key : link.foreign_keys) {
    columns.push_back(
        {key.column,
         "Hash key of the " + key.entity + (key.role.empty() ? "" : " (as " + key.role + ")") + ".",
         {{"not_null"}, {"relationships", key.hub_model, key.hub_hash_key}}});
  }
  for (const std::string& column : link.payload) {
    columns.push_back({column, "Payload of the transaction."});
  }
  for (ColumnDoc& doc : metadata(plan, link.transactional)) {
    columns.push_back(std::move(doc));
  }
  std::vector<std::string> hubs;
  for (const ForeignKey& key : link.foreign_keys) {
    hubs.push_back(key.hub_model);
  }
  const std::string kind = link.transactional ? "Transactional (non-historised) link" : "Link";
  return render(link.model,
                kind + " " + link.name +
                    (link.description.empty() ? "." : ": " + sentence(link.description)) + " Relates " +
                    join(hubs) + "; loaded from " + join(link.stages) + ".",
                columns);
}

std::string satellite_schema(const Plan& plan, const SatelliteModel& sat) {
  std::vector<ColumnDoc> columns;
  columns.push_back({sat.parent_hash_key,
                     "Hash key of the parent " + std::string(sat.on_link ? "link" : "hub") + ".",
                     {{"not_null"}, {"relationships", sat.parent_model, sat.parent_hash_key}}});
  if (sat.effectivity) {
    for (const std::string& key : sat.driving_keys) {
      columns.push_back({key, "Driving key of the relationship.", {{"not_null"}}});
    }
    for (const std::string& key : sat.secondary_keys) {
      columns.push_back({key, "Secondary key of the relationship.", {{"not_null"}}});
    }
    columns.push_back({plan.columns.start_date, "When the relationship started.", {{"not_null"}}});
    columns.push_back(
        {plan.columns.end_date, "When the relationship ended; 9999-12-31 while it holds.", {{"not_null"}}});
  } else {
    columns.push_back(
        {sat.hashdiff, "Hashdiff of the payload: a new row is loaded when it changes.", {{"not_null"}}});
    for (const std::string& column : sat.payload) {
      columns.push_back({column, "Attribute from " + sat.source + "."});
    }
  }
  for (ColumnDoc& doc : metadata(plan, sat.effectivity || sat.has_effective_from)) {
    columns.push_back(std::move(doc));
  }
  const std::string kind = sat.effectivity ? "Effectivity satellite" : "Satellite";
  return render(sat.model,
                kind + " " + sat.name + " of " + sat.parent_model + " from " + sat.source +
                    (sat.description.empty() ? "." : ": " + sentence(sat.description)) + " Loaded from " +
                    sat.stage + ".",
                columns, {sat.parent_hash_key, plan.columns.load_date});
}

} // namespace steward::datavault::detail

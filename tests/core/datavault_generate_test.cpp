// The generated files as files: schema.yml tests and descriptions, YAML that
// parses, balanced Jinja, refs that resolve, headers and fingerprints,
// naming options, determinism and the report.

#include <map>
#include <regex>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "core/util/text.hpp"
#include "tests/core/datavault_support.hpp"

namespace steward::datavault {
namespace {

using testing::body;
using testing::file_at;
using testing::generated;

constexpr const char* k_spec = R"(
entity: {name: customer, description: A buyer}
hub: {business_key: [customer_id]}
satellites:
  - {name: details, attributes: [email, name], description: Contact details}
links:
  - name: purchase
    related_hub: order
    satellites:
      - {name: active, change_tracking: effectivity, driving_key: [order]}
source_mappings:
  crm: {schema: raw, table: customers, key_field: id, load_date: loaded_at, effective_from: updated_at}
---
entity: {name: order}
hub: {business_key: [order_id]}
links:
  - {name: refund, relationship_type: transactional, payload: [amount], transaction_key: [refund_id]}
source_mappings:
  crm: {key_field: order_ref}
)";

/// The YAML between `{%- set yaml_metadata -%}` and `{%- endset %}`.
std::string metadata_of(const std::string& sql) {
  const std::string open = "{%- set yaml_metadata -%}\n";
  const std::size_t start = sql.find(open);
  const std::size_t end = sql.find("{%- endset %}");
  if (start == std::string::npos || end == std::string::npos) {
    return "";
  }
  return sql.substr(start + open.size(), end - start - open.size());
}

/// Tests listed under a column of a model in a schema.yml: `unique`,
/// `not_null`, `relationships:MODEL.FIELD`.
std::vector<std::string> column_tests(const YAML::Node& schema, const std::string& model,
                                      const std::string& column) {
  std::vector<std::string> out;
  for (const auto& entry : schema["models"]) {
    if (entry["name"].as<std::string>() != model) {
      continue;
    }
    for (const auto& col : entry["columns"]) {
      if (col["name"].as<std::string>() != column || !col["data_tests"]) {
        continue;
      }
      for (const auto& test : col["data_tests"]) {
        if (test.IsScalar()) {
          out.push_back(test.as<std::string>());
        } else {
          const YAML::Node rel = test["relationships"];
          out.push_back("relationships:" + rel["to"].as<std::string>() + "." +
                        rel["field"].as<std::string>());
        }
      }
    }
  }
  return out;
}

YAML::Node model_entry(const YAML::Node& schema, const std::string& model) {
  for (const auto& entry : schema["models"]) {
    if (entry["name"].as<std::string>() == model) {
      return entry;
    }
  }
  return YAML::Node();
}

TEST(DatavaultGenerate, SchemaFilesCarryTheVaultTests) {
  const Output output = generated(k_spec);
  const YAML::Node hubs = YAML::Load(file_at(output, "raw_vault/hubs/schema.yml").content);
  using List = std::vector<std::string>;
  EXPECT_EQ(column_tests(hubs, "h_customer", "customer_hk"), (List{"unique", "not_null"}));
  EXPECT_EQ(column_tests(hubs, "h_customer", "customer_id"), (List{"not_null"}));
  EXPECT_EQ(column_tests(hubs, "h_customer", "load_date"), (List{"not_null"}));
  EXPECT_EQ(column_tests(hubs, "h_customer", "record_source"), (List{"not_null"}));
  EXPECT_NE(model_entry(hubs, "h_customer")["description"].as<std::string>().find("A buyer."),
            std::string::npos);

  const YAML::Node links = YAML::Load(file_at(output, "raw_vault/links/schema.yml").content);
  EXPECT_EQ(column_tests(links, "l_purchase", "purchase_hk"), (List{"unique", "not_null"}));
  EXPECT_EQ(column_tests(links, "l_purchase", "order_hk"),
            (List{"not_null", "relationships:ref('h_order').order_hk"}));
  EXPECT_EQ(column_tests(links, "l_purchase", "customer_hk"),
            (List{"not_null", "relationships:ref('h_customer').customer_hk"}));
  EXPECT_EQ(column_tests(links, "t_refund", "effective_from"), (List{"not_null"}));
  EXPECT_EQ(column_tests(links, "t_refund", "amount"), (List{}));

  const YAML::Node sats = YAML::Load(file_at(output, "raw_vault/satellites/schema.yml").content);
  EXPECT_EQ(column_tests(sats, "s_customer_details_crm", "customer_hk"),
            (List{"not_null", "relationships:ref('h_customer').customer_hk"}));
  EXPECT_EQ(column_tests(sats, "s_customer_details_crm", "details_hashdiff"), (List{"not_null"}));
  EXPECT_EQ(column_tests(sats, "es_purchase_crm", "purchase_hk"),
            (List{"not_null", "relationships:ref('l_purchase').purchase_hk"}));
  for (const char* model : {"s_customer_details_crm", "es_purchase_crm"}) {
    const YAML::Node combination = model_entry(
        sats, model)["data_tests"][0]["dbt_utils.unique_combination_of_columns"]["combination_of_columns"];
    ASSERT_TRUE(combination.IsSequence()) << model;
    EXPECT_EQ(combination.as<List>(),
              (List{model == std::string("es_purchase_crm") ? "purchase_hk" : "customer_hk", "load_date"}));
  }
  EXPECT_NE(
      model_entry(sats, "s_customer_details_crm")["description"].as<std::string>().find("Contact details."),
      std::string::npos);
  EXPECT_NE(output.report.to_text().find("dbt-labs/dbt_utils: the unique_combination_of_columns test"),
            std::string::npos);
}

TEST(DatavaultGenerate, EveryYamlParsesAndEveryJinjaBlockIsBalanced) {
  const Output output = generated(k_spec);
  for (const File& file : output.files) {
    SCOPED_TRACE(file.path);
    if (file.path.ends_with(".yml")) {
      EXPECT_NO_THROW((void)YAML::Load(file.content));
      continue;
    }
    const std::string metadata = metadata_of(file.content);
    ASSERT_FALSE(metadata.empty());
    YAML::Node parsed;
    ASSERT_NO_THROW(parsed = YAML::Load(metadata));
    EXPECT_TRUE(parsed.IsMap());
    EXPECT_TRUE(parsed["source_model"]);
    auto count = [&](const std::string& token) {
      std::size_t n = 0;
      for (std::size_t at = file.content.find(token); at != std::string::npos;
           at = file.content.find(token, at + 1)) {
        ++n;
      }
      return n;
    };
    EXPECT_EQ(count("{{"), count("}}"));
    EXPECT_EQ(count("{%"), count("%}"));
    EXPECT_EQ(count("{%- set yaml_metadata -%}"), count("{%- endset %}"));
    EXPECT_EQ(count("{{ config("), 1U);
  }
}

TEST(DatavaultGenerate, EveryRefResolvesToAGeneratedModel) {
  const Output output = generated(k_spec);
  std::set<std::string> models;
  for (const File& file : output.files) {
    if (file.path.ends_with(".sql")) {
      const std::string name = file.path.substr(file.path.rfind('/') + 1);
      models.insert(name.substr(0, name.size() - 4));
    }
  }
  const std::regex ref(R"(ref\('([^']+)'\))");
  std::size_t refs = 0;
  for (const File& file : output.files) {
    for (auto it = std::sregex_iterator(file.content.begin(), file.content.end(), ref);
         it != std::sregex_iterator(); ++it) {
      EXPECT_TRUE(models.contains((*it)[1].str())) << file.path << " refers to " << (*it)[1].str();
      ++refs;
    }
    const std::string metadata = file.path.ends_with(".sql") ? metadata_of(file.content) : "";
    if (!metadata.empty() && !file.path.starts_with("staging/")) {
      const YAML::Node source = YAML::Load(metadata)["source_model"];
      for (const std::string& name : source.IsSequence()
                                         ? source.as<std::vector<std::string>>()
                                         : std::vector<std::string>{source.as<std::string>()}) {
        EXPECT_TRUE(models.contains(name)) << file.path << " loads from " << name;
      }
    }
  }
  EXPECT_GT(refs, 10U);
}

TEST(DatavaultGenerate, HeadersNameTheSpecAndFingerprintsDetectHandEdits) {
  const Output output = generated(k_spec, "vault.yaml");
  for (const File& file : output.files) {
    const std::string first = file.content.substr(0, file.content.find('\n'));
    const std::string comment = file.path.ends_with(".yml") ? "# " : "-- ";
    EXPECT_EQ(first.rfind(comment + "Generated by steward datavault from vault.yaml; fingerprint ", 0), 0U)
        << first;
    EXPECT_EQ(file_state(file.content), FileState::pristine) << file.path;
  }
  std::string edited = output.files.front().content + "-- my change\n";
  EXPECT_EQ(file_state(edited), FileState::edited);
  EXPECT_EQ(file_state("select 1\n"), FileState::foreign);
  EXPECT_EQ(file_state(""), FileState::foreign);
  EXPECT_EQ(file_state("-- Generated by steward datavault from x; fingerprint 12\n"), FileState::foreign);
}

TEST(DatavaultGenerate, TheSameSpecGivesTheSameBytes) {
  const Output first = generated(k_spec);
  const Output second = generated(k_spec);
  ASSERT_EQ(first.files.size(), second.files.size());
  for (std::size_t i = 0; i < first.files.size(); ++i) {
    EXPECT_EQ(first.files[i].path, second.files[i].path);
    EXPECT_EQ(first.files[i].content, second.files[i].content);
  }
  EXPECT_EQ(first.report.to_text(), second.report.to_text());
}

TEST(DatavaultGenerate, NamingTemplatesCaseFoldersAndTheOlderTransactionalMacro) {
  const std::string spec = std::string(R"(project:
  package_version: "0.11.4"
  folders: {stage: stage, hub: vault, link: vault, satellite: vault}
  naming:
    hub: "hub_{entity}"
    link: "lnk_{relationship}"
    transactional_link: "tlnk_{relationship}"
    satellite: "sat_{entity}_{group}"
    effectivity_satellite: "eff_{relationship}_{source}"
    hash_key: "{ENTITY}_PK"
    hashdiff: "{ENTITY}_{GROUP}_HASHDIFF"
    load_date: LDTS
    record_source: RSRC
    case: upper
---
)") + k_spec;
  const Output output = generated(spec);
  const std::string stage = body(file_at(output, "stage/stg_crm.sql"));
  EXPECT_NE(
      stage.find(
          "  RSRC: '!raw.customers'\n  LDTS: loaded_at\n  EFFECTIVE_FROM: updated_at\n  CUSTOMER_ID: id\n"
          "  ORDER_ID: order_ref\n"),
      std::string::npos)
      << stage;
  EXPECT_NE(stage.find("  CUSTOMER_PK: CUSTOMER_ID\n"), std::string::npos) << stage;
  EXPECT_NE(
      stage.find("  CUSTOMER_DETAILS_HASHDIFF:\n    is_hashdiff: true\n    columns:\n      - CUSTOMER_ID\n"
                 "      - EMAIL\n      - NAME\n"),
      std::string::npos)
      << stage;
  const std::string refund = body(file_at(output, "vault/tlnk_refund.sql"));
  EXPECT_NE(refund.find("{{ automate_dv.t_link("), std::string::npos) << refund;
  EXPECT_NE(refund.find("src_pk: REFUND_PK\n"), std::string::npos) << refund;
  EXPECT_NE(body(file_at(output, "vault/hub_customer.sql")).find("src_ldts: LDTS\nsrc_source: RSRC\n"),
            std::string::npos);
  (void)file_at(output, "vault/sat_customer_details.sql");
  (void)file_at(output, "vault/eff_purchase_crm.sql");
  (void)file_at(output, "vault/lnk_purchase.sql");
  (void)file_at(output, "vault/schema.yml");
  (void)file_at(output, "stage/schema.yml");
  EXPECT_EQ(output.files.size(), 9U);
  EXPECT_NE(output.report.to_text().find("transactional links use automate_dv.t_link"), std::string::npos);
}

TEST(DatavaultGenerate, OverridesNameModelsAndColumns) {
  const Output output = generated(R"(
entity: customer
hub: {business_key: [customer_id], model_name: hub_client, hash_key: client_hk}
satellites:
  - {name: details, attributes: [email], hashdiff: client_hashdiff, model_name: "sat_client_{source}"}
source_mappings:
  crm: {schema: raw, table: customers, load_date: loaded_at}
)");
  const std::string sat = body(file_at(output, "raw_vault/satellites/sat_client_crm.sql"));
  EXPECT_NE(sat.find("src_pk: client_hk\nsrc_hashdiff: client_hashdiff\n"), std::string::npos) << sat;
  const std::string hub = body(file_at(output, "raw_vault/hubs/hub_client.sql"));
  EXPECT_NE(hub.find("src_pk: client_hk\nsrc_nk: customer_id\n"), std::string::npos) << hub;
  // key_field defaults to the business key: no alias in the stage.
  const std::string stage = body(file_at(output, "staging/stg_crm.sql"));
  EXPECT_EQ(stage.find("customer_id: "), std::string::npos) << stage;
  EXPECT_NE(stage.find("  client_hk: customer_id\n"), std::string::npos) << stage;
}

TEST(DatavaultGenerate, ReportListsFilesDecisionsPackagesAndWarnings) {
  const Output output = generated(R"(
entity: customer
hub: {business_key: [customer_id]}
satellites: [{name: details, attributes: [email]}]
source_mappings:
  crm: {schema: raw, table: customers}
)",
                                  "crm.yaml");
  const std::string text = output.report.to_text();
  EXPECT_EQ(
      text.rfind("Data Vault from crm.yaml: 1 stage, 1 hub, 0 links, 0 transactional links, 1 satellite, 0 "
                 "effectivity satellites (6 files)\n",
                 0),
      0U)
      << text;
  EXPECT_NE(
      text.find("  raw_vault/hubs/h_customer.sql: hub of customer, business key customer_id, from stg_crm\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("record source defaults to the constant 'raw.customers'"), std::string::npos) << text;
  EXPECT_NE(text.find("Datavault-UK/automate_dv >=0.11.5"), std::string::npos) << text;
  EXPECT_NE(text.find("warning: entities[0].source_mappings.crm.load_date: no load_date for source crm"),
            std::string::npos)
      << text;
  const auto json = output.report.to_json();
  EXPECT_EQ(json["spec"], "crm.yaml");
  EXPECT_EQ(json["created"].size(), 6U);
  EXPECT_EQ(json["warnings"][0]["severity"], "warning");
}

TEST(DatavaultGenerate, FromTextIsTheWholePipelineForChatAndFiles) {
  auto json = generate_from_text(R"({"entity": "customer", "hub": {"business_key": "id"}, "extra": 1,
    "source_mappings": {"crm": {"schema": "raw", "table": "customers", "load_date": "ts"}}})",
                                 "designs/crm.json");
  ASSERT_TRUE(json) << json.error().to_string();
  ASSERT_TRUE(json->output);
  EXPECT_EQ(json->diagnostics.size(), 1U); // the unknown key, from the parser
  EXPECT_EQ(json->output->report.warnings.size(), 1U);
  EXPECT_EQ(json->output->report.spec_name, "crm.json");
  EXPECT_NE(json->output->files.front().content.find("from crm.json;"), std::string::npos);

  auto broken = generate_from_text("entity: [", "x.yaml");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().key.rfind("line ", 0), 0U);

  auto invalid = generate_from_text("entity: customer\nhub: {}\n", "x.yaml");
  ASSERT_TRUE(invalid);
  EXPECT_FALSE(invalid->output);
  EXPECT_TRUE(has_errors(invalid->diagnostics));
}

} // namespace
} // namespace steward::datavault

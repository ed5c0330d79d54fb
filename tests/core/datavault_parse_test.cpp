// Reading Data Vault specs from YAML and JSON: every key, several documents,
// spec paths and lines in diagnostics, unknown keys with "did you mean",
// malformed input as a clear error and never a crash.

#include <string>

#include <gtest/gtest.h>

#include "core/datavault/parse.hpp"
#include "tests/core/datavault_support.hpp"

namespace steward::datavault {
namespace {

constexpr const char* k_full = R"yaml(project:
  package: automate_dv
  package_version: "0.11.4"
  platform: snowflake
  materialization: incremental
  stage_materialization: table
  naming:
    stage: "stage_{source}"
    hub: "hub_{entity}"
    link: "link_{relationship}"
    transactional_link: "tlink_{relationship}"
    satellite: "sat_{entity}_{group}_{source}"
    effectivity_satellite: "eff_{relationship}"
    hash_key: "{ENTITY}_PK"
    hashdiff: "{GROUP}_HD"
    load_date: LDTS
    record_source: RSRC
    effective_from: EFF
    start_date: START_AT
    end_date: END_AT
    case: upper
  folders: {stage: stg, hub: h, link: l, satellite: s}
---
entity:
  name: customer
  description: A buyer.
hub:
  business_key: [customer_id, region]
  sources: [crm]
  model_name: hub_client
  hash_key: CLIENT_PK
satellites:
  - name: details
    description: Contact.
    attributes: [email, phone]
    sources: [crm]
    hashdiff: {name: DETAILS_HD, columns: [email, phone]}
    model_name: sat_client_details
links:
  - name: referral
    description: Who referred whom.
    related_hubs:
      - {hub: customer, role: referrer, key_field: [referrer_id, referrer_region]}
      - {hub: customer, role: referred, key_fields: [referred_id, referred_region]}
    relationship_type: many_to_many
    sources: [crm]
    hash_key: REFERRAL_PK
    model_name: link_referral
    satellites:
      - {name: status, change_tracking: effectivity, driving_key: [referred]}
  - name: visit
    relationship_type: transactional
    payload: [page]
    transaction_key: visit_id
source_mappings:
  crm:
    schema: raw
    table: customers
    key_field: [id, region_code]
    record_source: "!CRM"
    load_date: "CAST(loaded_at AS TIMESTAMP)"
    effective_from: updated_at
  web:
    model: stg_web
    key_fields: [customer_ref, region]
)yaml";

TEST(DatavaultParse, EveryKeyOfTheFormat) {
  auto parsed = parse_spec(k_full);
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  EXPECT_EQ(testing::listed(parsed->diagnostics), "");
  const Settings& settings = parsed->spec.settings;
  EXPECT_EQ(settings.package_version, "0.11.4");
  EXPECT_EQ(settings.platform, "snowflake");
  EXPECT_EQ(settings.stage_materialization, "table");
  EXPECT_EQ(settings.naming.stage, "stage_{source}");
  EXPECT_EQ(settings.naming.effectivity_satellite, "eff_{relationship}");
  EXPECT_EQ(settings.naming.hash_key, "{ENTITY}_PK");
  EXPECT_EQ(settings.naming.end_date, "END_AT");
  EXPECT_EQ(settings.naming.identifier_case, IdentifierCase::upper);
  EXPECT_EQ(settings.folders.satellite, "s");
  EXPECT_EQ(settings.at.line, 2); // where the project: mapping starts

  ASSERT_EQ(parsed->spec.entities.size(), 1U);
  const Entity& customer = parsed->spec.entities[0];
  EXPECT_EQ(customer.name, "customer");
  EXPECT_EQ(customer.description, "A buyer.");
  EXPECT_EQ(customer.path, "entities[0]");
  EXPECT_EQ(customer.at.document, 2);
  EXPECT_TRUE(customer.has_hub);
  EXPECT_EQ(customer.hub.business_key, (std::vector<std::string>{"customer_id", "region"}));
  EXPECT_EQ(customer.hub.model_name, "hub_client");
  EXPECT_EQ(customer.hub.hash_key, "CLIENT_PK");

  ASSERT_EQ(customer.satellites.size(), 1U);
  const Satellite& details = customer.satellites[0];
  EXPECT_EQ(details.parent, "customer");
  EXPECT_EQ(details.hashdiff, "DETAILS_HD");
  EXPECT_EQ(details.hashdiff_columns, (std::vector<std::string>{"email", "phone"}));
  EXPECT_EQ(details.model_name, "sat_client_details");
  EXPECT_EQ(details.path, "entities[0].satellites[0]");

  ASSERT_EQ(customer.links.size(), 2U);
  const Link& referral = customer.links[0];
  ASSERT_EQ(referral.hubs.size(), 2U); // the owner is named: not added again
  EXPECT_EQ(referral.hubs[0].role, "referrer");
  EXPECT_EQ(referral.hubs[0].key_fields, (std::vector<std::string>{"referrer_id", "referrer_region"}));
  EXPECT_EQ(referral.hubs[1].key_fields, (std::vector<std::string>{"referred_id", "referred_region"}));
  EXPECT_EQ(referral.hubs[1].path, "entities[0].links[0].related_hubs[1]");
  EXPECT_EQ(referral.relationship_type, "many_to_many");
  EXPECT_FALSE(referral.transactional());
  ASSERT_EQ(referral.satellites.size(), 1U);
  EXPECT_EQ(referral.satellites[0].parent, "referral");
  EXPECT_EQ(referral.satellites[0].change_tracking, ChangeTracking::effectivity);
  EXPECT_EQ(referral.satellites[0].driving_key, (std::vector<std::string>{"referred"}));

  const Link& visit = customer.links[1];
  EXPECT_TRUE(visit.transactional());
  ASSERT_EQ(visit.hubs.size(), 1U); // the owning entity's hub
  EXPECT_EQ(visit.hubs[0].hub, "customer");
  EXPECT_EQ(visit.transaction_key, (std::vector<std::string>{"visit_id"}));
  EXPECT_EQ(visit.payload, (std::vector<std::string>{"page"}));

  ASSERT_EQ(customer.source_mappings.size(), 2U);
  const SourceMapping& crm = customer.source_mappings[0];
  EXPECT_EQ(crm.source, "crm");
  EXPECT_EQ(crm.key_fields, (std::vector<std::string>{"id", "region_code"}));
  EXPECT_EQ(crm.record_source, "!CRM");
  EXPECT_EQ(crm.load_date, "CAST(loaded_at AS TIMESTAMP)");
  EXPECT_EQ(crm.effective_from, "updated_at");
  EXPECT_EQ(crm.path, "entities[0].source_mappings.crm");
  EXPECT_EQ(customer.source_mappings[1].model, "stg_web");
  EXPECT_EQ(customer.source_mappings[1].key_fields, (std::vector<std::string>{"customer_ref", "region"}));
}

TEST(DatavaultParse, EntitiesListAndSeveralDocumentsAreNumberedAcross) {
  auto parsed = parse_spec(R"(entities:
  - entity: a
    hub: {business_key: [id]}
  - {entity: b}
---
entity: c
links: [{name: ab, related_hubs: [a, b]}]
)");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->spec.entities.size(), 3U);
  EXPECT_EQ(parsed->spec.entities[2].name, "c");
  EXPECT_EQ(parsed->spec.entities[2].path, "entities[2]");
  EXPECT_EQ(parsed->spec.entities[2].at.document, 2);
  EXPECT_EQ(parsed->spec.entities[2].at.line, 6);
  // c has no hub: the link's hubs are the listed ones only.
  EXPECT_EQ(parsed->spec.entities[2].links[0].hubs.size(), 2U);
  EXPECT_EQ(parsed->spec.entities[2].links[0].path, "entities[2].links[0]");
}

TEST(DatavaultParse, JsonGivesTheSameSpecAsYaml) {
  auto from_yaml = parse_spec(R"(
entity: {name: customer}
hub: {business_key: [id]}
satellites: [{name: details, attributes: [email, name]}]
source_mappings:
  crm: {schema: raw, table: customers, key_field: id}
  web: {model: web}
)");
  auto from_json = parse_spec(R"({
  "entity": {"name": "customer"},
  "hub": {"business_key": ["id"]},
  "satellites": [{"name": "details", "attributes": ["email", "name"]}],
  "source_mappings": {"crm": {"schema": "raw", "table": "customers", "key_field": "id"}, "web": {"model": "web"}}
})");
  ASSERT_TRUE(from_yaml);
  ASSERT_TRUE(from_json) << from_json.error().to_string();
  const Entity& a = from_yaml->spec.entities.at(0);
  const Entity& b = from_json->spec.entities.at(0);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.hub.business_key, b.hub.business_key);
  EXPECT_EQ(a.satellites.at(0).attributes, b.satellites.at(0).attributes);
  ASSERT_EQ(b.source_mappings.size(), 2U);
  EXPECT_EQ(b.source_mappings[0].source, "crm"); // JSON object order is kept
  EXPECT_EQ(b.source_mappings[1].model, "web");
  EXPECT_EQ(b.at.line, 0);
  // Generation from either is the same.
  auto first = generate(from_yaml->spec, {"s"});
  auto second = generate(from_json->spec, {"s"});
  ASSERT_TRUE(first.output && second.output);
  EXPECT_EQ(first.output->files.size(), second.output->files.size());
  EXPECT_EQ(first.output->files[0].content, second.output->files[0].content);
}

TEST(DatavaultParse, UnknownKeysAreWarningsWithDidYouMeanAndTheirPath) {
  auto parsed = parse_spec(R"(project:
  namign: {}
---
entity: {name: customer}
hub: {buisness_key: [id], sources: [crm]}
satellites: [{name: d, atributes: [a]}]
links: [{name: l, related_hub: x, realtionship_type: one_to_many}]
source_mappings:
  crm: {schema: raw, tabel: t}
)");
  ASSERT_TRUE(parsed);
  const std::string listed = testing::listed(parsed->diagnostics);
  EXPECT_NE(
      listed.find("warning: project.namign: unknown key 'namign', ignored; did you mean naming? (line 2)"),
      std::string::npos)
      << listed;
  EXPECT_NE(
      listed.find("warning: entities[0].hub.buisness_key: unknown key 'buisness_key', ignored; did you mean "
                  "business_key? (document 2, line 5)"),
      std::string::npos)
      << listed;
  EXPECT_NE(
      listed.find(
          "entities[0].satellites[0].atributes: unknown key 'atributes', ignored; did you mean attributes?"),
      std::string::npos)
      << listed;
  EXPECT_NE(listed.find("entities[0].links[0].realtionship_type: unknown key"), std::string::npos) << listed;
  EXPECT_NE(
      listed.find("entities[0].source_mappings.crm.tabel: unknown key 'tabel', ignored; did you mean table?"),
      std::string::npos)
      << listed;
  EXPECT_FALSE(has_errors(parsed->diagnostics));
}

TEST(DatavaultParse, ValuesOfTheWrongShapeAreErrorsNamingTheirPath) {
  auto parsed = parse_spec(R"(
entity: {name: customer}
hub: {business_key: {a: 1}, model_name: [x]}
satellites: {name: d}
links: [{name: l, related_hub: a, related_hubs: [b]}, 7]
source_mappings: [crm]
---
project: {naming: {case: title}}
---
project: {}
---
- a list
)");
  ASSERT_TRUE(parsed);
  const std::string listed = testing::listed(parsed->diagnostics);
  for (const char* expected : {
           "error: entities[0].hub.business_key: expected a name or a list of names, not a mapping",
           "error: entities[0].hub.model_name: expected a single value, not a list or mapping",
           "error: entities[0].satellites: expected a list of satellites",
           "error: entities[0].links[0].related_hubs: give related_hub or related_hubs, not both",
           "error: entities[0].links[1]: expected a mapping (a link: name, related_hubs, sources, ...)",
           "error: entities[0].source_mappings: expected a mapping (one entry per source)",
           "error: project.naming.case: 'title' is not upper, lower or keep",
           "error: project: given twice; the first project: (document 2) is kept",
           "error: expected a mapping with project:, entities: or an entity",
       }) {
    EXPECT_NE(listed.find(expected), std::string::npos) << expected << " not in:\n" << listed;
  }
}

TEST(DatavaultParse, MalformedTextIsAClearErrorNeverACrash) {
  auto yaml = parse_spec("entity: {name: customer\nhub: [\n");
  ASSERT_FALSE(yaml);
  EXPECT_EQ(yaml.error().key.rfind("line ", 0), 0U) << yaml.error().key;
  EXPECT_NE(yaml.error().reason.find("the YAML does not parse"), std::string::npos);

  auto json = parse_spec("{\"entity\": {\"name\": \"customer\",}", Format::json);
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().key, "JSON");
  EXPECT_NE(json.error().reason.find("does not parse"), std::string::npos);

  // Odd but well-formed inputs never throw.
  for (const char* text :
       {"", "~", "42", "[1, 2]", "entity: [a]", "entities: 3", "project: 3", "hub: 1",
        "entity: x\nhub: {business_key: [[a]]}", "entity: x\nsource_mappings: {a: 1, b: [1]}",
        "entity: x\nlinks: [{name: l, related_hubs: [{role: r}], satellites: 5}]",
        "{\"entities\": [null, 1, {\"entity\": null}]}", "&a [*a]", "? [a]\n: b\n",
        "entity: x\nsatellites: [{name: s, hashdiff: [a]}]"}) {
    SCOPED_TRACE(text);
    auto parsed = parse_spec(text);
    if (parsed) {
      (void)validate(parsed->spec);
      (void)generate(parsed->spec, {"x"});
    }
  }
}

TEST(DatavaultParse, FormatFromTheFileName) {
  EXPECT_EQ(format_for("a/spec.JSON"), Format::json);
  EXPECT_EQ(format_for("design.mmd"), Format::mermaid);
  EXPECT_EQ(format_for("design.md"), Format::mermaid);
  EXPECT_EQ(format_for("spec.yml"), Format::detect);
  EXPECT_EQ(fenced_blocks("x\n```yaml\na: 1\n```\n```mermaid\nerDiagram\n```\n```yaml\nb: 2\n```", "yaml"),
            (std::vector<std::string_view>{"a: 1\n", "b: 2\n"}));
}

} // namespace
} // namespace steward::datavault

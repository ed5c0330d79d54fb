// Every validation rule of the Data Vault planner: each problem is reported
// with its spec path (and line), errors stop generation, warnings do not.

#include <string>

#include <gtest/gtest.h>

#include "core/datavault/plan.hpp"
#include "tests/core/datavault_support.hpp"

namespace steward::datavault {
namespace {

std::vector<Diagnostic> diagnose(const std::string& yaml) {
  auto parsed = parse_spec(yaml);
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().to_string());
  if (!parsed) {
    return {};
  }
  std::vector<Diagnostic> out = parsed->diagnostics;
  for (Diagnostic& diagnostic : validate(parsed->spec)) {
    out.push_back(std::move(diagnostic));
  }
  return out;
}

/// True when a diagnostic of `severity` at `path` contains `text`.
::testing::AssertionResult reports(const std::vector<Diagnostic>& diagnostics, Severity severity,
                                   const std::string& path, const std::string& text) {
  for (const Diagnostic& diagnostic : diagnostics) {
    if (diagnostic.severity == severity && diagnostic.path == path &&
        diagnostic.message.find(text) != std::string::npos) {
      return ::testing::AssertionSuccess();
    }
  }
  return ::testing::AssertionFailure() << "no " << (severity == Severity::error ? "error" : "warning")
                                       << " at " << path << " containing '" << text << "' in:\n"
                                       << testing::listed(diagnostics);
}

// A valid base the cases below break one way each.
constexpr const char* k_customer = R"(
entity: {name: customer}
hub: {business_key: [customer_id]}
satellites: [{name: details, attributes: [email]}]
source_mappings:
  crm: {schema: raw, table: customers, key_field: id, load_date: loaded_at, effective_from: updated_at}
)";

TEST(DatavaultValidate, TheBaseIsValid) {
  EXPECT_EQ(testing::listed(diagnose(k_customer)), "");
}

TEST(DatavaultValidate, UnknownHubInALinkSuggestsTheClosest) {
  auto found = diagnose(std::string(k_customer) + R"(links:
  - {name: purchase, related_hubs: [custmer, order]}
)");
  EXPECT_TRUE(reports(found, Severity::error, "entities[0].links[0].related_hubs[0]",
                      "unknown hub 'custmer' in link purchase; did you mean customer?"));
  EXPECT_TRUE(reports(found, Severity::error, "entities[0].links[0].related_hubs[1]", "unknown hub 'order'"));
  EXPECT_EQ(found.front().at.line, 8);
}

TEST(DatavaultValidate, SatelliteWithoutAParent) {
  auto found = diagnose(R"(
entity: {name: loose}
satellites: [{name: details, attributes: [a]}]
---
entity: {name: customer}
hub: {business_key: [id]}
satellites: [{name: extra, parent: custmer, attributes: [b]}]
source_mappings: {crm: {schema: raw, table: c}}
)");
  EXPECT_TRUE(reports(found, Severity::error, "entities[0].satellites[0]",
                      "satellite details has no parent: its entity has no hub"));
  EXPECT_TRUE(reports(found, Severity::error, "entities[1].satellites[0].parent",
                      "no hub or link is named custmer; did you mean customer?"));
  EXPECT_EQ(found[0].at.document, 1);
}

TEST(DatavaultValidate, DuplicateNames) {
  auto found = diagnose(std::string(k_customer) + R"(links:
  - {name: self, related_hubs: [{hub: customer, role: a, key_field: x}, {hub: customer, role: b, key_field: y}]}
  - {name: self, related_hubs: [{hub: customer, role: a, key_field: x}, {hub: customer, role: b, key_field: y}]}
---
entity: {name: customer}
hub: {business_key: [customer_id]}
source_mappings: {crm: {}}
---
entity: {name: product}
hub: {business_key: [sku], model_name: h_customer}
source_mappings: {crm: {key_field: sku}}
)");
  EXPECT_TRUE(reports(found, Severity::error, "entities[0].links[1].name", "duplicate link name self"));
  EXPECT_TRUE(reports(found, Severity::error, "entities[1].entity", "duplicate entity name customer"));
  EXPECT_TRUE(reports(found, Severity::error, "entities[2].hub",
                      "model name h_customer is generated twice (also for entities[0].hub)"));
}

TEST(DatavaultValidate, OneSatellitePerSourceNeedsSourceInTheName) {
  auto found = diagnose(R"(project:
  naming: {satellite: "s_{entity}_{group}"}
---
entity: {name: customer}
hub: {business_key: [customer_id]}
satellites: [{name: details, attributes: [email], sources: [crm, web]}]
source_mappings:
  crm: {schema: raw, table: customers}
  web: {schema: raw, table: signups}
)");
  EXPECT_TRUE(reports(found, Severity::error, "entities[0].satellites[0].sources[1]",
                      "model name s_customer_details is generated twice"));
}

TEST(DatavaultValidate, BusinessKeyMissingFromASourceMapping) {
  auto found = diagnose(std::string(k_customer) + R"(links:
  - {name: purchase, related_hub: order, sources: [crm]}
---
entity: {name: order}
hub: {business_key: [order_id, line]}
source_mappings:
  shop: {schema: raw, table: orders, key_field: id}
)");
  EXPECT_TRUE(
      reports(found, Severity::error, "entities[0].links[0].related_hub",
              "entity order has no source_mappings.crm: its business key (order_id, line) must be mapped "
              "in every source that loads it"));
  EXPECT_TRUE(
      reports(found, Severity::error, "entities[1].source_mappings.shop.key_field",
              "the business key of order has 2 column(s) (order_id, line) but key_field gives 1 (id)"));
}

TEST(DatavaultValidate, SourceUsedButNotMapped) {
  auto found = diagnose(R"(
entity: {name: customer}
hub: {business_key: [customer_id], sources: [crn]}
satellites: [{name: details, attributes: [email], sources: [web]}]
source_mappings:
  crm: {schema: raw, table: customers}
)");
  EXPECT_TRUE(
      reports(found, Severity::error, "entities[0].hub.sources[0]",
              "source crn is used but not mapped: add source_mappings.crn to customer; did you mean crm?"));
  EXPECT_TRUE(reports(found, Severity::error, "entities[0].satellites[0].sources[0]",
                      "source web is used but not mapped"));
  EXPECT_TRUE(reports(found, Severity::warning, "entities[0].source_mappings.crm",
                      "source crm is mapped but loads nothing"));
}

TEST(DatavaultValidate, HashdiffPayloadMismatch) {
  auto found = diagnose(R"(
entity: {name: customer}
hub: {business_key: [customer_id]}
satellites:
  - {name: details, attributes: [email, phone], hashdiff: {name: details_hd, columns: [customer_id, email, fax]}}
  - {name: ok, attributes: [email], hashdiff: {columns: [email]}}
source_mappings: {crm: {schema: raw, table: customers}}
)");
  EXPECT_TRUE(
      reports(found, Severity::error, "entities[0].satellites[0].hashdiff.columns",
              "hashdiff/payload mismatch: the hashdiff must cover the attributes (plus the parent key "
              "customer_id); missing phone; not attributes: fax"));
  for (const Diagnostic& diagnostic : found) {
    EXPECT_EQ(diagnostic.path.find("satellites[1]"), std::string::npos) << diagnostic.to_string();
  }
}

TEST(DatavaultValidate, TwoSatellitesCannotShareAHashdiffInOneStage) {
  auto found = diagnose(R"(
entity: {name: customer}
hub: {business_key: [customer_id]}
satellites: [{name: details, attributes: [email]}]
source_mappings: {crm: {schema: raw, table: customers}}
---
entity: {name: account}
hub: {business_key: [account_id]}
satellites: [{name: details, attributes: [plan]}]
source_mappings: {crm: {}}
)");
  EXPECT_TRUE(reports(found, Severity::error, "entities[1].satellites[0]",
                      "stg_crm would compute column details_hashdiff twice, differently: as the hashdiff of "
                      "s_customer_details_crm (hashdiff of customer_id, email) and as the hashdiff of "
                      "s_account_details_crm (hashdiff of account_id, plan)"));
}

TEST(DatavaultValidate, LinkWithFewerThanTwoHubsUnlessTransactional) {
  auto found = diagnose(std::string(k_customer) + R"(links:
  - {name: lonely}
  - {name: visit, relationship_type: transactional, payload: [page], sources: [crm]}
  - {name: odd, relationship_type: one_too_many, related_hubs: [customer, customer]}
)");
  EXPECT_TRUE(reports(found, Severity::error, "entities[0].links[0].related_hubs",
                      "link lonely has 1 hub(s); a link needs at least two"));
  EXPECT_TRUE(
      reports(found, Severity::warning, "entities[0].links[1].transaction_key", "no transaction_key"));
  for (const Diagnostic& diagnostic : found) {
    EXPECT_FALSE(diagnostic.path.starts_with("entities[0].links[1]") &&
                 diagnostic.severity == Severity::error)
        << diagnostic.to_string();
  }
  EXPECT_TRUE(reports(found, Severity::warning, "entities[0].links[2].relationship_type",
                      "'one_too_many' is not one of one_to_one"));
  EXPECT_TRUE(reports(found, Severity::error, "entities[0].links[2].related_hubs[0]",
                      "hub customer appears 2 times in link odd: give each a role"));
}

TEST(DatavaultValidate, TransactionalLinksNeedAnEffectiveDateAndOneSource) {
  auto found = diagnose(R"(
entity: {name: customer}
hub: {business_key: [customer_id]}
links:
  - {name: visit, relationship_type: transactional, transaction_key: [visit_id], payload: [page]}
source_mappings:
  web: {schema: raw, table: visits, load_date: ts}
  app: {schema: raw, table: app_visits, load_date: ts}
)");
  EXPECT_TRUE(reports(
      found, Severity::error, "entities[0].links[0].sources",
      "a transactional link loads from one source (nh_link takes one source_model); this one lists 2"));
  EXPECT_TRUE(
      reports(found, Severity::error, "entities[0].links[0].sources",
              "a transactional link needs an effective date: set source_mappings.web.effective_from"));
}

TEST(DatavaultValidate, EffectivitySatellites) {
  auto found = diagnose(std::string(k_customer) + R"(links:
  - name: purchase
    related_hub: order
    satellites:
      - {name: a, change_tracking: effectivity}
      - {name: b, change_tracking: effectivity, driving_key: [ordr], attributes: [x]}
      - {name: c, change_tracking: effectivty}
---
entity: {name: order}
hub: {business_key: [order_id]}
satellites: [{name: d, change_tracking: effectivity}]
source_mappings: {crm: {}}
)");
  const std::string link = "entities[0].links[0].satellites";
  EXPECT_TRUE(reports(found, Severity::error, link + "[0].driving_key",
                      "missing: an effectivity satellite needs driving_key"));
  EXPECT_TRUE(reports(found, Severity::error, link + "[1].driving_key",
                      "'ordr' is not a hub of link purchase (customer, order); did you mean order?"));
  EXPECT_TRUE(
      reports(found, Severity::warning, link + "[1].attributes", "ignored: an effectivity satellite"));
  EXPECT_TRUE(reports(found, Severity::error, link + "[2].change_tracking",
                      "'effectivty' is not hashdiff or effectivity; did you mean effectivity?"));
  EXPECT_TRUE(reports(found, Severity::error, "entities[1].satellites[0].change_tracking",
                      "an effectivity satellite tracks a link's relationships"));
}

TEST(DatavaultValidate, SatelliteAttributes) {
  auto found = diagnose(R"(
entity: {name: customer}
hub: {business_key: [customer_id]}
satellites:
  - {name: empty}
  - {name: twice, attributes: [email, Email]}
  - {name: clash, attributes: [customer_hk, load_date]}
source_mappings: {crm: {schema: raw, table: customers}}
)");
  EXPECT_TRUE(reports(found, Severity::error, "entities[0].satellites[0].attributes",
                      "missing: a satellite needs attributes"));
  EXPECT_TRUE(reports(found, Severity::error, "entities[0].satellites[1].attributes",
                      "attribute Email is listed twice"));
  EXPECT_TRUE(reports(found, Severity::error, "entities[0].satellites[2]",
                      "attribute customer_hk has the name of a column stg_crm computes"));
  EXPECT_TRUE(reports(found, Severity::error, "entities[0].satellites[2]",
                      "attribute load_date has the name of a column stg_crm computes"));
}

TEST(DatavaultValidate, SourceMappings) {
  auto found = diagnose(R"(
entity: {name: customer}
hub: {business_key: [customer_id]}
source_mappings:
  crm: {schema: raw, key_field: id}
  web: {schema: raw, table: web, model: stg_web}
  app: {key_field: app_id}
  bad-name: {model: x}
---
entity: {name: order}
hub: {business_key: [order_id]}
source_mappings:
  crm: {schema: other, table: orders}
)");
  EXPECT_TRUE(reports(found, Severity::error, "entities[0].source_mappings.crm.table",
                      "missing: a dbt source needs both schema (the source name) and table"));
  EXPECT_TRUE(reports(found, Severity::error, "entities[0].source_mappings.web",
                      "give schema and table (a dbt source) or model (a dbt model), not both"));
  EXPECT_TRUE(reports(found, Severity::error, "entities[0].source_mappings.app",
                      "source app says nowhere where its data is"));
  EXPECT_TRUE(reports(found, Severity::error, "entities[0].source_mappings.bad-name",
                      "source name 'bad-name' is not an identifier"));
  EXPECT_TRUE(
      reports(found, Severity::error, "entities[1].source_mappings.crm.schema",
              "source crm is mapped with schema 'other' here but 'raw' in entities[0].source_mappings.crm"));
}

TEST(DatavaultValidate, HubsNeedABusinessKeyAndASource) {
  auto found = diagnose(R"(
entity: {name: customer}
hub: {}
---
entity: {name: "order line"}
hub: {business_key: [id, id]}
source_mappings: {crm: {schema: raw, table: t}}
)");
  EXPECT_TRUE(
      reports(found, Severity::error, "entities[0].hub.business_key", "missing: a hub needs at least one"));
  EXPECT_TRUE(reports(found, Severity::error, "entities[0].hub.sources", "no source loads hub customer"));
  EXPECT_TRUE(
      reports(found, Severity::error, "entities[1].entity", "entity name 'order line' is not an identifier"));
  EXPECT_TRUE(reports(found, Severity::error, "entities[1].hub.business_key",
                      "business key column id is listed twice"));
}

TEST(DatavaultValidate, NamingRules) {
  auto found = diagnose(std::string(R"(project:
  platform: postgres
  naming:
    hub: "hub_{entiy}"
    stage: "staging"
    link: "link"
    hashdiff: "{group}_hd"
---
)") + R"(
entity: {name: customer}
hub: {business_key: [customer_id], model_name: hub_client, hash_key: client_key}
satellites:
  - {name: details, attributes: [email], hashdiff: details_digest, model_name: details_sat}
  - {name: a_really_long_group_name_that_goes_on_and_on_and_on_forever_and_ever, attributes: [x]}
source_mappings: {crm: {schema: raw, table: customers}}
)");
  EXPECT_TRUE(reports(found, Severity::error, "project.naming.hub",
                      "{entiy} is not available here; did you mean {entity}?"));
  EXPECT_TRUE(
      reports(found, Severity::error, "project.naming.hub",
              "'hub_{entiy}' does not use {entity}, so every model of this kind would get the same name"));
  EXPECT_TRUE(reports(found, Severity::error, "project.naming.stage", "does not use {source}"));
  EXPECT_TRUE(
      reports(found, Severity::error, "project.naming.link", "uses neither {entity} nor {relationship}"));
  EXPECT_TRUE(reports(found, Severity::warning, "entities[0].hub.hash_key",
                      "naming rule: client_key does not end with _hk (naming.hash_key: {entity}_hk)"));
  EXPECT_TRUE(reports(found, Severity::warning, "entities[0].satellites[0].hashdiff",
                      "naming rule: details_digest does not end with _hd"));
  EXPECT_TRUE(reports(found, Severity::warning, "entities[0].satellites[0].model_name",
                      "naming rule: model_name details_sat does not start with s_"));
  EXPECT_TRUE(
      reports(found, Severity::warning, "entities[0].satellites[1]", "Postgres cuts identifiers at 63"));
}

TEST(DatavaultValidate, ProjectSettings) {
  auto found = diagnose(std::string(R"(project:
  package: automate-dv
  package_version: "0.11"
  platform: snowflak
  materialization: table
---
)") + k_customer);
  EXPECT_TRUE(
      reports(found, Severity::error, "project.package",
              "'automate-dv' is not automate_dv (or its old name dbtvault); did you mean automate_dv?"));
  EXPECT_TRUE(reports(found, Severity::warning, "project.platform", "did you mean snowflake?"));
  EXPECT_TRUE(reports(found, Severity::warning, "project.materialization", "meant to be incremental"));
  EXPECT_TRUE(diagnose(std::string("project: {package_version: eleven}\n---\n") + k_customer)
                  .front()
                  .message.find("'eleven' is not a version") != std::string::npos);
  EXPECT_TRUE(reports(diagnose(std::string("project: {platform: redshift}\n---\n") + k_customer),
                      Severity::warning, "project.platform", "automate_dv does not support Redshift"));
}

TEST(DatavaultValidate, OrphanWarningWhenAHubIsNotLoadedFromALinksSource) {
  auto found = diagnose(std::string(k_customer) + R"(links:
  - {name: purchase, related_hub: order}
---
entity: {name: order}
hub: {business_key: [order_id], sources: [shop]}
source_mappings:
  shop: {schema: raw, table: orders}
  crm: {key_field: last_order_id}
)");
  EXPECT_TRUE(reports(found, Severity::warning, "entities[0].links[0].sources",
                      "hub h_order is not loaded from source crm, which loads link l_purchase"));
  EXPECT_FALSE(has_errors(found)) << testing::listed(found);
}

TEST(DatavaultValidate, AnEmptySpecHasNoEntities) {
  auto found = diagnose("project: {platform: snowflake}\n");
  EXPECT_TRUE(reports(found, Severity::error, "entities", "the spec defines no entity"));
}

TEST(DatavaultValidate, ErrorsComeBeforeWarningsAndStopGeneration) {
  const std::string yaml = std::string(k_customer) + "links: [{name: lonely}]\nextra: 1\n";
  auto parsed = parse_spec(yaml);
  ASSERT_TRUE(parsed);
  Generation generation = generate(parsed->spec, {"x.yaml"});
  EXPECT_FALSE(generation.output.has_value());
  ASSERT_FALSE(generation.diagnostics.empty());
  EXPECT_EQ(generation.diagnostics.front().severity, Severity::error);
  EXPECT_EQ(parsed->diagnostics.size(), 1U);
  EXPECT_EQ(parsed->diagnostics.front().to_string(), "warning: extra: unknown key 'extra', ignored (known: "
                                                     "project, entities, entity, name, description, hub, "
                                                     "satellites, links, source_mappings) (line 8)");
}

} // namespace
} // namespace steward::datavault

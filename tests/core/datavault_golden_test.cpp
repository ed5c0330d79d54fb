// Golden tests of the Data Vault generator: every kind of model on specs of
// our own, the expected files written by hand from automate_dv's rules
// (../shared/reference/datavault.md): one stage per source holding every
// hash key and hashdiff it feeds, business keys aliased to the hub's column
// names, link hash keys over the hubs' business keys in alphabetical hub
// order, hashdiffs over the parent key plus the payload, nh_link with
// src_eff, eff_sat with driving and secondary keys.

#include <string>

#include <gtest/gtest.h>

#include "tests/core/datavault_support.hpp"

namespace steward::datavault {
namespace {

using testing::body;
using testing::file_at;
using testing::generated;

// Two entities, two sources (a dbt source and a dbt model), a composite
// business key, a link with a satellite and an effectivity satellite, and a
// transactional link.
constexpr const char* k_golden = R"(project:
  naming: {case: lower}
---
entity: {name: customer, description: A buyer.}
hub:
  business_key: [customer_id]
satellites:
  - name: details
    attributes: [email, name]
    sources: [crm]
source_mappings:
  crm: {schema: raw, table: crm_customers, key_field: id, record_source: "!CRM", load_date: loaded_at, effective_from: updated_at}
  web: {model: web_orders, key_field: customer_ref, load_date: loaded_at}
---
entity: {name: order}
hub: {business_key: [order_id, region]}
links:
  - name: purchase
    related_hub: customer
    sources: [web]
    satellites:
      - name: terms
        attributes: [discount]
      - name: active
        change_tracking: effectivity
        driving_key: [order]
  - name: refund
    relationship_type: transactional
    transaction_key: [refund_id]
    payload: [amount]
    sources: [web]
source_mappings:
  web: {key_field: [order_id, region], effective_from: ordered_at}
)";

TEST(DatavaultGolden, StageFromASourceComputesTheHubKeyAndTheSatelliteHashdiff) {
  const Output output = generated(k_golden);
  EXPECT_EQ(body(file_at(output, "staging/stg_crm.sql")), R"({{ config(materialized='view') }}

{%- set yaml_metadata -%}
source_model:
  raw: crm_customers
derived_columns:
  record_source: '!CRM'
  load_date: loaded_at
  effective_from: updated_at
  customer_id: id
hashed_columns:
  customer_hk: customer_id
  details_hashdiff:
    is_hashdiff: true
    columns:
      - customer_id
      - email
      - name
{%- endset %}

{% set metadata_dict = fromyaml(yaml_metadata) %}

-- depends_on: {{ source('raw', 'crm_customers') }}
{{ automate_dv.stage(include_source_columns=true,
                     source_model=metadata_dict['source_model'],
                     derived_columns=metadata_dict['derived_columns'],
                     null_columns=none,
                     hashed_columns=metadata_dict['hashed_columns'],
                     ranked_columns=none) }}
)");
}

TEST(DatavaultGolden, StageFromAModelHoldsEveryKeyALinkNeedsAndEffectivityDates) {
  const Output output = generated(k_golden);
  // The link hashes customer's key then order's (alphabetical hubs), each in
  // its business key order; the transactional link adds its transaction key;
  // the record source defaults to the model's name as a constant.
  EXPECT_EQ(body(file_at(output, "staging/stg_web.sql")), R"({{ config(materialized='view') }}

{%- set yaml_metadata -%}
source_model: web_orders
derived_columns:
  record_source: '!web_orders'
  load_date: loaded_at
  effective_from: ordered_at
  customer_id: customer_ref
  start_date: ordered_at
  end_date: 'CAST(''9999-12-31'' AS DATE)'
hashed_columns:
  customer_hk: customer_id
  order_hk:
    - order_id
    - region
  purchase_hk:
    - customer_id
    - order_id
    - region
  refund_hk:
    - order_id
    - region
    - refund_id
  terms_hashdiff:
    is_hashdiff: true
    columns:
      - customer_id
      - order_id
      - region
      - discount
{%- endset %}

{% set metadata_dict = fromyaml(yaml_metadata) %}

-- depends_on: {{ ref('web_orders') }}
{{ automate_dv.stage(include_source_columns=true,
                     source_model=metadata_dict['source_model'],
                     derived_columns=metadata_dict['derived_columns'],
                     null_columns=none,
                     hashed_columns=metadata_dict['hashed_columns'],
                     ranked_columns=none) }}
)");
}

TEST(DatavaultGolden, HubsLoadFromEveryStageWithTheirBusinessKey) {
  const Output output = generated(k_golden);
  EXPECT_EQ(body(file_at(output, "raw_vault/hubs/h_customer.sql")),
            R"({{ config(materialized='incremental') }}

{%- set yaml_metadata -%}
source_model:
  - stg_crm
  - stg_web
src_pk: customer_hk
src_nk: customer_id
src_ldts: load_date
src_source: record_source
{%- endset %}

{% set metadata_dict = fromyaml(yaml_metadata) %}

-- depends_on: {{ ref('stg_crm') }}
-- depends_on: {{ ref('stg_web') }}
{{ automate_dv.hub(src_pk=metadata_dict['src_pk'],
                   src_nk=metadata_dict['src_nk'],
                   src_ldts=metadata_dict['src_ldts'],
                   src_source=metadata_dict['src_source'],
                   source_model=metadata_dict['source_model']) }}
)");
  EXPECT_EQ(body(file_at(output, "raw_vault/hubs/h_order.sql")), R"({{ config(materialized='incremental') }}

{%- set yaml_metadata -%}
source_model: stg_web
src_pk: order_hk
src_nk:
  - order_id
  - region
src_ldts: load_date
src_source: record_source
{%- endset %}

{% set metadata_dict = fromyaml(yaml_metadata) %}

-- depends_on: {{ ref('stg_web') }}
{{ automate_dv.hub(src_pk=metadata_dict['src_pk'],
                   src_nk=metadata_dict['src_nk'],
                   src_ldts=metadata_dict['src_ldts'],
                   src_source=metadata_dict['src_source'],
                   source_model=metadata_dict['source_model']) }}
)");
}

TEST(DatavaultGolden, LinkAndTransactionalLink) {
  const Output output = generated(k_golden);
  // The owning entity's hub comes first in src_fk, then related_hub.
  EXPECT_EQ(body(file_at(output, "raw_vault/links/l_purchase.sql")),
            R"({{ config(materialized='incremental') }}

{%- set yaml_metadata -%}
source_model: stg_web
src_pk: purchase_hk
src_fk:
  - order_hk
  - customer_hk
src_ldts: load_date
src_source: record_source
{%- endset %}

{% set metadata_dict = fromyaml(yaml_metadata) %}

-- depends_on: {{ ref('stg_web') }}
{{ automate_dv.link(src_pk=metadata_dict['src_pk'],
                    src_fk=metadata_dict['src_fk'],
                    src_ldts=metadata_dict['src_ldts'],
                    src_source=metadata_dict['src_source'],
                    source_model=metadata_dict['source_model']) }}
)");
  EXPECT_EQ(body(file_at(output, "raw_vault/links/t_refund.sql")), R"({{ config(materialized='incremental') }}

{%- set yaml_metadata -%}
source_model: stg_web
src_pk: refund_hk
src_fk:
  - order_hk
src_payload:
  - amount
src_eff: effective_from
src_ldts: load_date
src_source: record_source
{%- endset %}

{% set metadata_dict = fromyaml(yaml_metadata) %}

-- depends_on: {{ ref('stg_web') }}
{{ automate_dv.nh_link(src_pk=metadata_dict['src_pk'],
                       src_fk=metadata_dict['src_fk'],
                       src_payload=metadata_dict['src_payload'],
                       src_eff=metadata_dict['src_eff'],
                       src_ldts=metadata_dict['src_ldts'],
                       src_source=metadata_dict['src_source'],
                       source_model=metadata_dict['source_model']) }}
)");
}

TEST(DatavaultGolden, SatellitesOnAHubAndALinkAndAnEffectivitySatellite) {
  const Output output = generated(k_golden);
  EXPECT_EQ(body(file_at(output, "raw_vault/satellites/s_customer_details_crm.sql")),
            R"({{ config(materialized='incremental') }}

{%- set yaml_metadata -%}
source_model: stg_crm
src_pk: customer_hk
src_hashdiff: details_hashdiff
src_payload:
  - email
  - name
src_eff: effective_from
src_ldts: load_date
src_source: record_source
{%- endset %}

{% set metadata_dict = fromyaml(yaml_metadata) %}

-- depends_on: {{ ref('stg_crm') }}
{{ automate_dv.sat(src_pk=metadata_dict['src_pk'],
                   src_hashdiff=metadata_dict['src_hashdiff'],
                   src_payload=metadata_dict['src_payload'],
                   src_eff=metadata_dict['src_eff'],
                   src_ldts=metadata_dict['src_ldts'],
                   src_source=metadata_dict['src_source'],
                   source_model=metadata_dict['source_model']) }}
)");
  EXPECT_EQ(body(file_at(output, "raw_vault/satellites/s_purchase_terms_web.sql")),
            R"({{ config(materialized='incremental') }}

{%- set yaml_metadata -%}
source_model: stg_web
src_pk: purchase_hk
src_hashdiff: terms_hashdiff
src_payload:
  - discount
src_eff: effective_from
src_ldts: load_date
src_source: record_source
{%- endset %}

{% set metadata_dict = fromyaml(yaml_metadata) %}

-- depends_on: {{ ref('stg_web') }}
{{ automate_dv.sat(src_pk=metadata_dict['src_pk'],
                   src_hashdiff=metadata_dict['src_hashdiff'],
                   src_payload=metadata_dict['src_payload'],
                   src_eff=metadata_dict['src_eff'],
                   src_ldts=metadata_dict['src_ldts'],
                   src_source=metadata_dict['src_source'],
                   source_model=metadata_dict['source_model']) }}
)");
  EXPECT_EQ(body(file_at(output, "raw_vault/satellites/es_purchase_web.sql")),
            R"({{ config(materialized='incremental', is_auto_end_dating=true) }}

{%- set yaml_metadata -%}
source_model: stg_web
src_pk: purchase_hk
src_dfk: order_hk
src_sfk: customer_hk
src_start_date: start_date
src_end_date: end_date
src_eff: effective_from
src_ldts: load_date
src_source: record_source
{%- endset %}

{% set metadata_dict = fromyaml(yaml_metadata) %}

-- depends_on: {{ ref('stg_web') }}
{{ automate_dv.eff_sat(src_pk=metadata_dict['src_pk'],
                       src_dfk=metadata_dict['src_dfk'],
                       src_sfk=metadata_dict['src_sfk'],
                       src_start_date=metadata_dict['src_start_date'],
                       src_end_date=metadata_dict['src_end_date'],
                       src_eff=metadata_dict['src_eff'],
                       src_ldts=metadata_dict['src_ldts'],
                       src_source=metadata_dict['src_source'],
                       source_model=metadata_dict['source_model']) }}
)");
}

TEST(DatavaultGolden, TheFileSetIsExactlyTheModelsAndOneSchemaPerFolder) {
  const Output output = generated(k_golden);
  std::vector<std::string> paths;
  for (const File& file : output.files) {
    paths.push_back(file.path);
  }
  EXPECT_EQ(paths, (std::vector<std::string>{"raw_vault/hubs/h_customer.sql", "raw_vault/hubs/h_order.sql",
                                             "raw_vault/hubs/schema.yml", "raw_vault/links/l_purchase.sql",
                                             "raw_vault/links/schema.yml", "raw_vault/links/t_refund.sql",
                                             "raw_vault/satellites/es_purchase_web.sql",
                                             "raw_vault/satellites/s_customer_details_crm.sql",
                                             "raw_vault/satellites/s_purchase_terms_web.sql",
                                             "raw_vault/satellites/schema.yml", "staging/schema.yml",
                                             "staging/stg_crm.sql", "staging/stg_web.sql"}));
  EXPECT_EQ(
      output.report.summary,
      "2 stages, 2 hubs, 1 link, 1 transactional link, 2 satellites, 1 effectivity satellite (13 files)");
}

// A role-playing link (one hub twice) and an n-ary link.
constexpr const char* k_roles = R"(
entity: {name: customer}
hub: {business_key: [customer_id]}
links:
  - name: referral
    related_hubs:
      - {hub: customer, role: referrer, key_field: referrer_id}
      - {hub: customer, role: referred, key_field: referred_id}
    sources: [referrals]
source_mappings:
  referrals: {schema: crm, table: referrals, key_field: referred_id, load_date: created_at}
  parcels: {key_field: recipient_id}
---
entity: {name: shipment}
hub: {business_key: [shipment_id]}
links:
  - name: delivery
    related_hubs: [warehouse, customer]
source_mappings:
  parcels: {schema: wms, table: parcels, key_field: id, load_date: scanned_at}
---
entity: {name: warehouse}
hub: {business_key: [warehouse_code]}
source_mappings:
  parcels: {key_field: depot}
)";

TEST(DatavaultGolden, RolePlayingLinkHashesEachRolesColumnsInRoleOrder) {
  const Output output = generated(k_roles);
  const std::string stage = body(file_at(output, "staging/stg_referrals.sql"));
  // Each role's hash key comes from its own columns; the link's hash key
  // takes the roles in alphabetical order (referred before referrer).
  EXPECT_NE(stage.find("  referrer_hk: referrer_id\n  referred_hk: referred_id\n  referral_hk:\n"
                       "    - referred_id\n    - referrer_id\n"),
            std::string::npos)
      << stage;
  const std::string link = body(file_at(output, "raw_vault/links/l_referral.sql"));
  EXPECT_NE(link.find("src_fk:\n  - referrer_hk\n  - referred_hk\n"), std::string::npos) << link;
}

TEST(DatavaultGolden, NaryLinkTakesEveryHubsKeyFromOneStage) {
  const Output output = generated(k_roles);
  // delivery relates shipment (the owning entity), warehouse and customer,
  // all keyed in the parcels source.
  const std::string link = body(file_at(output, "raw_vault/links/l_delivery.sql"));
  EXPECT_NE(link.find("src_fk:\n  - shipment_hk\n  - warehouse_hk\n  - customer_hk\n"), std::string::npos)
      << link;
  const std::string stage = body(file_at(output, "staging/stg_parcels.sql"));
  EXPECT_NE(stage.find("  customer_id: recipient_id\n  shipment_id: id\n  warehouse_code: depot\n"),
            std::string::npos)
      << stage;
  EXPECT_NE(stage.find("  delivery_hk:\n    - customer_id\n    - shipment_id\n    - warehouse_code\n"),
            std::string::npos)
      << stage;
  EXPECT_TRUE(output.report.warnings.empty()) << testing::listed(output.report.warnings);
}

} // namespace
} // namespace steward::datavault

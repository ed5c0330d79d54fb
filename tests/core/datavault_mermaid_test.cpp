// Mermaid erDiagram → spec: the naming conventions (HUB_/LINK_/SAT_/...),
// PK/FK/UK markers, parents from relationship lines, key columns and name
// prefixes, Markdown with YAML blocks merged in, and clear errors.

#include <string>

#include <gtest/gtest.h>

#include "core/datavault/mermaid.hpp"
#include "tests/core/datavault_support.hpp"

namespace steward::datavault {
namespace {

constexpr const char* k_diagram = R"(erDiagram
    %% a comment
    HUB_CUSTOMER {
        binary customer_hk PK
        varchar customer_id UK "the business key"
        timestamp load_date
        varchar record_source
    }
    HUB_ORDER {
        binary ORDER_PK PK
        varchar order_id
        varchar region
        timestamp load_date
    }
    LINK_PURCHASE {
        binary purchase_hk PK
        binary customer_hk FK
        binary ORDER_PK FK
    }
    SAT_CUSTOMER_DETAILS {
        binary customer_hk PK, FK
        binary hashdiff
        varchar email
        varchar name
        timestamp load_date
    }
    SAT_ORDER_STATUS {
        varchar status
    }
    S_PURCHASE_TERMS {
        binary purchase_hk FK
        numeric discount
    }
    EFF_SAT_PURCHASE {
        binary purchase_hk PK
        binary ORDER_PK FK "driving key"
        binary customer_hk FK
        date start_date
        date end_date
    }
    NH_LINK_REFUND {
        binary refund_hk PK
        binary ORDER_PK FK
        varchar refund_id UK
        numeric amount
        timestamp effective_from
    }
    CUSTOMER_NOTES {
        text note
    }
    HUB_ORDER ||--o{ SAT_ORDER_STATUS : "describes"
    HUB_CUSTOMER ||--o{ LINK_PURCHASE : ""
)";

TEST(DatavaultMermaid, HubsLinksAndSatellitesByPrefixAndKeyMarkers) {
  auto parsed = parse_mermaid(k_diagram);
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  const Spec& spec = parsed->spec;
  ASSERT_EQ(spec.entities.size(), 2U);
  const Entity& customer = spec.entities[0];
  EXPECT_EQ(customer.name, "customer");
  EXPECT_EQ(customer.hub.business_key, (std::vector<std::string>{"customer_id"})); // UK
  EXPECT_EQ(customer.hub.hash_key, "");                                            // customer_hk: the default
  EXPECT_EQ(customer.at.line, 3);
  const Entity& order = spec.entities[1];
  EXPECT_EQ(order.hub.business_key, (std::vector<std::string>{"order_id", "region"})); // no UK: the rest
  EXPECT_EQ(order.hub.hash_key, "ORDER_PK"); // not the default: kept

  // The link sits in the entity of its first hub, hubs from FK columns.
  ASSERT_EQ(customer.links.size(), 1U);
  const Link& purchase = customer.links[0];
  EXPECT_EQ(purchase.name, "purchase");
  ASSERT_EQ(purchase.hubs.size(), 2U);
  EXPECT_EQ(purchase.hubs[0].hub, "customer");
  EXPECT_EQ(purchase.hubs[1].hub, "order");
  EXPECT_EQ(purchase.path, "entities[0].links[0]");

  ASSERT_EQ(customer.satellites.size(), 1U);
  EXPECT_EQ(customer.satellites[0].name, "details");
  EXPECT_EQ(customer.satellites[0].attributes, (std::vector<std::string>{"email", "name"}));
  EXPECT_EQ(customer.satellites[0].hashdiff, "hashdiff"); // differs from details_hashdiff: kept

  // SAT_ORDER_STATUS has no key column: its parent is the relationship line.
  ASSERT_EQ(order.satellites.size(), 1U);
  EXPECT_EQ(order.satellites[0].name, "status");

  // Link satellites by FK column; the effectivity satellite's driving key by comment.
  ASSERT_EQ(purchase.satellites.size(), 2U);
  EXPECT_EQ(purchase.satellites[0].name, "terms");
  EXPECT_EQ(purchase.satellites[0].attributes, (std::vector<std::string>{"discount"}));
  EXPECT_EQ(purchase.satellites[1].change_tracking, ChangeTracking::effectivity);
  EXPECT_EQ(purchase.satellites[1].driving_key, (std::vector<std::string>{"order"}));
  EXPECT_TRUE(purchase.satellites[1].attributes.empty());

  ASSERT_EQ(order.links.size(), 1U);
  const Link& refund = order.links[0];
  EXPECT_TRUE(refund.transactional());
  EXPECT_EQ(refund.transaction_key, (std::vector<std::string>{"refund_id"}));
  EXPECT_EQ(refund.payload, (std::vector<std::string>{"amount"}));

  const std::string listed = testing::listed(parsed->diagnostics);
  EXPECT_NE(listed.find("CUSTOMER_NOTES: not a hub, link or satellite"), std::string::npos) << listed;
}

TEST(DatavaultMermaid, MarkdownYamlBlocksAddSourcesAndTheDiagramGenerates) {
  const std::string markdown = std::string("# Our vault\n\n```mermaid\n") + k_diagram + R"(```

Sources:

```yaml
project:
  naming: {case: lower}
entities:
  - entity: {name: customer, description: A buyer.}
    source_mappings:
      crm: {schema: raw, table: customers, key_field: id, load_date: loaded_at, effective_from: updated_at}
      shop: {key_field: customer_id}
  - entity: order
    source_mappings:
      shop: {schema: raw, table: orders, key_field: [id, region], load_date: loaded_at, effective_from: ordered_at}
```
)";
  auto parsed = parse_spec(markdown, Format::mermaid);
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  EXPECT_EQ(parsed->spec.entities[0].description, "A buyer.");
  EXPECT_EQ(parsed->spec.entities[0].source_mappings.size(), 2U);
  EXPECT_EQ(parsed->spec.settings.naming.identifier_case, IdentifierCase::lower);
  EXPECT_EQ(parsed->spec.entities[0].at.line, 6); // the diagram's lines are the file's
  EXPECT_EQ(parsed->spec.entities[0].source_mappings[0].at.line, 66);
  Generation generation = generate(parsed->spec, {"vault.md"});
  ASSERT_TRUE(generation.output) << testing::listed(generation.diagnostics);
  const File hub = testing::file_at(*generation.output, "raw_vault/hubs/h_order.sql");
  EXPECT_NE(hub.content.find("src_pk: order_pk\n"), std::string::npos) << hub.content;
  (void)testing::file_at(*generation.output, "raw_vault/links/t_refund.sql");
  (void)testing::file_at(*generation.output, "raw_vault/satellites/es_purchase_shop.sql");
}

TEST(DatavaultMermaid, ParentByNamePrefixAndSatellitesWithoutOne) {
  auto parsed = parse_mermaid(R"(erDiagram
  HUB_ACCOUNT {
    string account_id
  }
  SAT_ACCOUNT_PLAN {
    string plan
  }
  SAT_WEATHER {
    string sky
  }
  LINK_SOLO {
    binary solo_hk PK
    binary x_hk FK
    string note
  }
)");
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  ASSERT_EQ(parsed->spec.entities.size(), 2U);
  EXPECT_EQ(parsed->spec.entities[0].satellites.at(0).name, "plan");
  EXPECT_EQ(parsed->spec.entities[1].name, "solo"); // a link without hubs gets an entity of its own
  const std::string listed = testing::listed(parsed->diagnostics);
  EXPECT_NE(
      listed.find("error: SAT_WEATHER: satellite without a parent: no relationship line, key column or name "
                  "prefix matches a hub or link (line 8)"),
      std::string::npos)
      << listed;
  EXPECT_NE(listed.find("LINK_SOLO.x_hk: FK column matches no hub's hash key; ignored (line 13)"),
            std::string::npos)
      << listed;
  EXPECT_NE(listed.find("LINK_SOLO.note: a link holds keys only"), std::string::npos) << listed;
}

TEST(DatavaultMermaid, MalformedDiagramsAreClearErrors) {
  struct Case {
    const char* text;
    const char* key;
    const char* reason;
  };
  for (const Case& c : {
           Case{"graph TD\n  A --> B\n", "line 1", "expected erDiagram, found 'graph TD'"},
           Case{"", "mermaid", "no erDiagram found"},
           Case{"erDiagram\n  HUB_A {\n    string id\n", "line 2", "the block of HUB_A is not closed with }"},
           Case{"erDiagram\n  HUB_A {\n    id\n  }\n", "line 3", "cannot read the column 'id'"},
           Case{"erDiagram\n  HUB_A {\n    string id PX\n  }\n", "line 3",
                "'PX' is not a key marker (PK, FK or UK)"},
           Case{"erDiagram\n  HUB_A {\n    string id \"open\n  }\n", "line 3",
                "a quoted comment is not closed"},
           Case{"erDiagram\n  HUB_A is related to HUB_B\n", "line 2",
                "cannot read 'HUB_A is related to HUB_B'"},
       }) {
    SCOPED_TRACE(c.text);
    auto parsed = parse_mermaid(c.text);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().key, c.key);
    EXPECT_NE(parsed.error().reason.find(c.reason), std::string::npos) << parsed.error().reason;
  }
  auto bad_yaml =
      parse_mermaid("```mermaid\nerDiagram\n  HUB_A {\n    string id\n  }\n```\n```yaml\na: [\n```\n");
  ASSERT_FALSE(bad_yaml);
  EXPECT_EQ(bad_yaml.error().key.rfind("line 9", 0), 0U) << bad_yaml.error().key;
}

TEST(DatavaultMermaid, EntitiesWithoutColumns) {
  auto parsed = parse_mermaid(
      "erDiagram\n  HUB_A { }\n  HUB_B\n  LINK_AB\n  HUB_A ||--o{ LINK_AB : x\n  HUB_B ||--o{ LINK_AB : y\n");
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  ASSERT_EQ(parsed->spec.entities.size(), 2U);
  ASSERT_EQ(parsed->spec.entities[0].links.size(), 1U);
  EXPECT_EQ(parsed->spec.entities[0].links[0].hubs.size(), 2U);
}

TEST(DatavaultMermaid, DetectedFromTheText) {
  auto parsed = parse_spec("erDiagram\n  HUB_A {\n    string id\n  }\n");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->spec.entities.at(0).hub.business_key, (std::vector<std::string>{"id"}));
}

} // namespace
} // namespace steward::datavault

// Ranked search over small hand-built projects (every expectation reasoned from
// the input) and over the fivetran-hubspot manifest.

#include <algorithm>
#include <atomic>
#include <deque>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/dbt/loader.hpp"
#include "core/search/index.hpp"
#include "tests/support/fixtures.hpp"

namespace steward::search {
namespace {

using dbt::ResourceType;

/// Builds small projects by hand; unique ids are `<type>.shop.<name>`.
class ProjectMaker {
public:
  dbt::Node& add(ResourceType type, std::string_view name, std::string_view description = {}) {
    dbt::Node node;
    node.type = type;
    node.name = m_builder.store(name);
    node.unique_id = m_builder.store(std::string(dbt::to_string(type)) + ".shop." + std::string(name));
    node.package_name = m_builder.store("shop");
    node.description = m_builder.store(description);
    m_pending.push_back(std::move(node));
    return m_pending.back();
  }

  dbt::Node& model(std::string_view name, std::string_view description = {}) {
    return add(ResourceType::model, name, description);
  }

  void column(dbt::Node& node, std::string_view name, std::string_view description = {}) {
    dbt::Column column;
    column.name = m_builder.store(name);
    column.description = m_builder.store(description);
    node.columns.push_back(column);
  }

  std::string_view store(std::string_view text) { return m_builder.store(text); }

  dbt::Project finish() && {
    for (dbt::Node& node : m_pending) {
      m_builder.add(std::move(node));
    }
    return std::move(m_builder).finish();
  }

private:
  dbt::ProjectBuilder m_builder;
  std::deque<dbt::Node> m_pending; // a deque keeps returned references valid
};

std::vector<std::string> names_of(const dbt::Project& project, const std::vector<Hit>& hits) {
  std::vector<std::string> out;
  for (const Hit& hit : hits) {
    out.emplace_back(project.node(hit.node).name);
  }
  return out;
}

std::string first_name(const dbt::Project& project, const Index& index, std::string_view query) {
  std::vector<Hit> hits = index.search(query, 10);
  return hits.empty() ? std::string("<none>") : std::string(project.node(hits.front().node).name);
}

dbt::Project shop_project() {
  ProjectMaker maker;
  maker.model("orders", "One row per order, with its status and amount.");
  maker.model("fct_orders", "Fact table of completed orders.");
  maker.model("fct_order_items", "Fact table of order line items.");
  maker.model("stg_orders", "Orders cleaned from the raw shop.").path =
      maker.store("models/staging/stg_orders.sql");
  maker.model("stg_customers", "Customers cleaned from the raw shop.").path =
      maker.store("models/staging/stg_customers.sql");
  maker.model("customers", "One row per customer with lifetime totals.");
  maker.model("dim_products", "Product dimension.");
  maker.model("categories", "Product categories.");
  return std::move(maker).finish();
}

} // namespace

TEST(SearchIndex, IndexesOnlySearchableNodes) {
  ProjectMaker maker;
  maker.model("orders");
  maker.add(ResourceType::seed, "country_codes");
  maker.add(ResourceType::snapshot, "orders_snapshot");
  maker.add(ResourceType::source, "raw_orders").source_name = maker.store("shop");
  maker.add(ResourceType::metric, "revenue");
  maker.add(ResourceType::semantic_model, "order_facts");
  maker.add(ResourceType::saved_query, "weekly_orders");
  maker.add(ResourceType::exposure, "orders_dashboard");
  maker.add(ResourceType::doc, "orders_doc");
  // Never indexed:
  maker.add(ResourceType::test, "not_null_orders_order_id");
  maker.add(ResourceType::unit_test, "test_orders_logic");
  maker.add(ResourceType::group, "orders_group");
  maker.add(ResourceType::analysis, "orders_analysis");
  maker.model("orders_disabled").enabled = false;
  dbt::Project project = std::move(maker).finish();
  Index index = Index::build(project);
  EXPECT_EQ(index.size(), 9U);

  std::vector<Hit> hits = index.search("orders order", 100);
  for (const Hit& hit : hits) {
    const dbt::Node& node = project.node(hit.node);
    EXPECT_FALSE(dbt::is_test(node.type)) << node.unique_id;
    EXPECT_NE(node.type, ResourceType::group) << node.unique_id;
    EXPECT_NE(node.type, ResourceType::analysis) << node.unique_id;
    EXPECT_TRUE(node.enabled) << node.unique_id;
  }
  // Words found only in the excluded nodes find nothing.
  for (std::string_view query : {"disabled", "not_null", "logic", "group", "analysis"}) {
    EXPECT_TRUE(index.search(query, 10).empty()) << query;
  }
}

TEST(SearchIndex, EmptyIndexAndDefaultIndexReturnNothing) {
  Index empty;
  EXPECT_EQ(empty.size(), 0U);
  EXPECT_TRUE(empty.search("orders", 10).empty());
  dbt::Project project = ProjectMaker().finish();
  Index built = Index::build(project);
  EXPECT_EQ(built.size(), 0U);
  EXPECT_TRUE(built.search("orders", 10).empty());
}

TEST(SearchIndex, ExactNameComesFirst) {
  dbt::Project project = shop_project();
  Index index = Index::build(project);
  // Every model searched by its exact name (in any case) ranks first, even
  // though several other models share all of its terms.
  for (const dbt::Node& node : project.nodes()) {
    EXPECT_EQ(first_name(project, index, node.name), node.name);
  }
  EXPECT_EQ(first_name(project, index, "FCT_ORDERS"), "fct_orders");
  EXPECT_EQ(first_name(project, index, "where does fct_orders come from?"), "fct_orders");
  // Words of a name typed apart still name it.
  EXPECT_EQ(first_name(project, index, "fct orders"), "fct_orders");
  // Identifiers inside a longer question count as names.
  std::vector<std::string> two = names_of(project, index.search("compare fct_orders with stg_customers", 2));
  std::sort(two.begin(), two.end());
  EXPECT_EQ(two, (std::vector<std::string>{"fct_orders", "stg_customers"}));
}

TEST(SearchIndex, ExactNameBeatsHeavierText) {
  ProjectMaker maker;
  maker.model("orders");
  // Says "orders" far more often, in every field, than the bare `orders` model.
  dbt::Node& daily = maker.model("orders_daily", "Orders by day: orders by store, orders by channel, "
                                                 "orders by region, orders by currency.");
  maker.column(daily, "orders_count", "Number of orders.");
  maker.column(daily, "order_date", "Day of the orders.");
  maker.column(daily, "orders_amount", "Amount of the orders.");
  dbt::Project project = std::move(maker).finish();
  Index index = Index::build(project);
  std::vector<Hit> hits = index.search("orders", 10);
  ASSERT_EQ(hits.size(), 2U);
  EXPECT_EQ(project.node(hits[0].node).name, "orders");
  // orders_daily matches the words better; `orders` is first only because it
  // is named exactly what was searched.
  EXPECT_EQ(project.node(hits[1].node).name, "orders_daily");
  EXPECT_EQ(first_name(project, index, "order daily"), "orders_daily");
}

TEST(SearchIndex, MisspelledNameBeatsHeavierText) {
  ProjectMaker maker;
  maker.model("fct_orders");
  dbt::Node& facts = maker.model("order_facts", "Built on fct_orders and fct_orders_v2: the fact table "
                                                "of orders, with fact after fact on orders and orders.");
  maker.column(facts, "fct_orders_id", "Key of the order in fct_orders.");
  maker.column(facts, "orders_fact", "The facts of the orders.");
  dbt::Project project = std::move(maker).finish();
  Index index = Index::build(project);
  // Without the misspelt name, the words favour order_facts.
  EXPECT_EQ(first_name(project, index, "fct orders fact"), "order_facts");
  EXPECT_EQ(first_name(project, index, "fct_ordrs"), "fct_orders");
}

TEST(SearchIndex, MisspelledNameStillFindsIt) {
  dbt::Project project = shop_project();
  Index index = Index::build(project);
  EXPECT_EQ(first_name(project, index, "fct_ordrs"), "fct_orders");
  EXPECT_EQ(first_name(project, index, "stg_custmers"), "stg_customers");
  EXPECT_EQ(first_name(project, index, "dim_prodcuts"), "dim_products"); // transposition
  // A misspelt ordinary word (custmer: one edit from customer) still matches.
  std::vector<std::string> names = names_of(project, index.search("custmer", 10));
  EXPECT_NE(std::find(names.begin(), names.end(), "customers"), names.end());
  // Nothing close: nothing found.
  EXPECT_TRUE(index.search("zzzzqqqq", 10).empty());
}

TEST(SearchIndex, LayerWordsMatchPrefixes) {
  // Names only, so the layer word can match nothing but the prefix.
  ProjectMaker maker;
  for (std::string_view name : {"customers", "stg_customers", "stg_orders", "dim_products", "products",
                                "fct_orders", "fct_order_items", "orders"}) {
    maker.model(name);
  }
  dbt::Project project = std::move(maker).finish();
  Index index = Index::build(project);
  // stg_customers holds both terms; customers and stg_orders hold one each.
  EXPECT_EQ(first_name(project, index, "staging customers"), "stg_customers");
  EXPECT_EQ(first_name(project, index, "product dimension"), "dim_products");
  std::vector<std::string> facts = names_of(project, index.search("facts", 10));
  std::sort(facts.begin(), facts.end());
  EXPECT_EQ(facts, (std::vector<std::string>{"fct_order_items", "fct_orders"}));
  // And back: the prefix finds the word.
  ProjectMaker words;
  words.model("customer_staging_area");
  words.model("customer_area");
  dbt::Project word_project = std::move(words).finish();
  Index word_index = Index::build(word_project);
  EXPECT_EQ(first_name(word_project, word_index, "stg customer"), "customer_staging_area");
}

TEST(SearchIndex, SingularFindsPluralAndBack) {
  dbt::Project project = shop_project();
  Index index = Index::build(project);
  EXPECT_EQ(first_name(project, index, "order"), "orders");
  EXPECT_EQ(first_name(project, index, "category"), "categories");
  EXPECT_EQ(first_name(project, index, "product"), "dim_products");
}

TEST(SearchIndex, ColumnMatchNamesTheColumn) {
  ProjectMaker maker;
  dbt::Node& customers = maker.model("customers", "One row per customer.");
  maker.column(customers, "customer_id", "Primary key.");
  maker.column(customers, "lifetime_value", "Total spend over the customer's life.");
  maker.column(customers, "first_order_at", "When they first ordered.");
  dbt::Node& orders = maker.model("orders", "One row per order.");
  maker.column(orders, "order_id");
  maker.column(orders, "amount", "Order total in dollars.");
  dbt::Project project = std::move(maker).finish();
  Index index = Index::build(project);

  std::vector<Hit> hits = index.search("lifetime value", 10);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(project.node(hits[0].node).name, "customers");
  EXPECT_EQ(hits[0].column, "lifetime_value");

  hits = index.search("customer_id", 10);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(project.node(hits[0].node).name, "customers");
  EXPECT_EQ(hits[0].column, "customer_id");

  // Found through a column description only: the column is still named.
  hits = index.search("dollars", 10);
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_EQ(project.node(hits[0].node).name, "orders");
  EXPECT_EQ(hits[0].column, "amount");

  // A name match is not a column match.
  hits = index.search("customers", 10);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(project.node(hits[0].node).name, "customers");
  EXPECT_EQ(hits[0].column, "");
}

TEST(SearchIndex, SemanticFieldsCountAsColumns) {
  ProjectMaker maker;
  dbt::Node& semantic = maker.add(ResourceType::semantic_model, "order_facts", "Orders for MetricFlow.");
  dbt::SemanticField measure;
  measure.kind = dbt::SemanticField::Kind::measure;
  measure.name = maker.store("gross_revenue");
  measure.description = maker.store("Sum of order amounts before refunds.");
  semantic.semantic_fields.push_back(measure);
  maker.model("refund_log", "Every refund issued.");
  dbt::Project project = std::move(maker).finish();
  Index index = Index::build(project);
  std::vector<Hit> hits = index.search("gross revenue", 10);
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_EQ(project.node(hits[0].node).name, "order_facts");
  EXPECT_EQ(hits[0].column, "gross_revenue");
}

TEST(SearchIndex, FindsByDescriptionLabelAndDocBlock) {
  ProjectMaker maker;
  maker.model("finance_summary", "Monthly recognised revenue by region.");
  maker.model("marketing_summary", "Monthly spend by channel.");
  maker.add(ResourceType::doc, "order_status", "One of placed, shipped, completed or returned.");
  maker.add(ResourceType::metric, "mrr").label = maker.store("Monthly Recurring Revenue");
  maker.add(ResourceType::exposure, "exec_dashboard").label = maker.store("Executive KPIs");
  dbt::Project project = std::move(maker).finish();
  Index index = Index::build(project);
  EXPECT_EQ(first_name(project, index, "recognised revenue"), "finance_summary");
  EXPECT_EQ(first_name(project, index, "shipped or returned"), "order_status");
  EXPECT_EQ(first_name(project, index, "recurring revenue"), "mrr");
  EXPECT_EQ(first_name(project, index, "executive kpi"), "exec_dashboard");
}

TEST(SearchIndex, FindsSourcesByTableAndSourceName) {
  ProjectMaker maker;
  dbt::Node& charges = maker.add(ResourceType::source, "charges", "Card charges.");
  charges.source_name = maker.store("stripe");
  charges.unique_id = maker.store("source.shop.stripe.charges");
  dbt::Node& tickets = maker.add(ResourceType::source, "tickets", "Support tickets.");
  tickets.source_name = maker.store("zendesk");
  tickets.unique_id = maker.store("source.shop.zendesk.tickets");
  maker.model("stripe_fees", "Fees Stripe takes on charges.");
  dbt::Project project = std::move(maker).finish();
  Index index = Index::build(project);
  EXPECT_EQ(first_name(project, index, "tickets"), "tickets");
  EXPECT_EQ(first_name(project, index, "zendesk"), "tickets");
  EXPECT_EQ(project.node(index.search("stripe.charges", 1).at(0).node).unique_id,
            "source.shop.stripe.charges");
  std::vector<std::string> stripe = names_of(project, index.search("stripe", 10));
  EXPECT_NE(std::find(stripe.begin(), stripe.end(), "charges"), stripe.end());
}

TEST(SearchIndex, FindsModelsByAlias) {
  ProjectMaker maker;
  maker.model("customers").alias = maker.store("CUSTOMER_MASTER");
  maker.model("customer_master_audit", "Audit of the customer master table.");
  dbt::Project project = std::move(maker).finish();
  Index index = Index::build(project);
  // The alias is an exact name (case-insensitively), though the other model
  // holds both words in its name and description.
  EXPECT_EQ(first_name(project, index, "customer_master"), "customers");
}

TEST(SearchIndex, NameOutranksDescription) {
  ProjectMaker maker;
  // Same term, once each: in the name of one model, in the description of the other.
  maker.model("daily_summary", "Daily revenue per store.");
  maker.model("revenue_by_store", "Per store totals, each day.");
  dbt::Project project = std::move(maker).finish();
  Index index = Index::build(project);
  std::vector<Hit> hits = index.search("revenue", 10);
  ASSERT_EQ(hits.size(), 2U);
  EXPECT_EQ(project.node(hits[0].node).name, "revenue_by_store");
  EXPECT_GT(hits[0].score, hits[1].score);
}

TEST(SearchIndex, DescriptionOutranksColumnsAndColumnsOutrankPath) {
  ProjectMaker maker;
  maker.model("alpha", "Refund ledger.");
  dbt::Node& beta = maker.model("beta", "A ledger.");
  maker.column(beta, "refund");
  maker.model("gamma", "A ledger.").path = maker.store("models/refund.sql");
  dbt::Project project = std::move(maker).finish();
  Index index = Index::build(project);
  EXPECT_EQ(names_of(project, index.search("refund", 10)),
            (std::vector<std::string>{"alpha", "beta", "gamma"}));
}

TEST(SearchIndex, LimitIsRespectedAndScoresDescend) {
  ProjectMaker maker;
  for (int i = 0; i < 20; ++i) {
    maker.model("orders_part_" + std::to_string(i),
                std::string(static_cast<std::size_t>(i) + 1, 'x') + " orders");
  }
  dbt::Project project = std::move(maker).finish();
  Index index = Index::build(project);
  EXPECT_EQ(index.search("orders", 5).size(), 5U);
  EXPECT_EQ(index.search("orders", 100).size(), 20U);
  EXPECT_TRUE(index.search("orders", 0).empty());
  std::vector<Hit> hits = index.search("orders", 100);
  for (std::size_t i = 1; i < hits.size(); ++i) {
    EXPECT_GE(hits[i - 1].score, hits[i].score);
  }
}

TEST(SearchIndex, EmptyAndStopwordQueriesReturnNothing) {
  dbt::Project project = shop_project();
  Index index = Index::build(project);
  EXPECT_TRUE(index.search("", 10).empty());
  EXPECT_TRUE(index.search("   \t ", 10).empty());
  EXPECT_TRUE(index.search("what is the", 10).empty());
  EXPECT_TRUE(index.search("Where does it come from?", 10).empty());
  EXPECT_TRUE(index.search("?!.,", 10).empty());
}

TEST(SearchIndex, HugeAndJunkQueriesDoNotCrash) {
  dbt::Project project = shop_project();
  Index index = Index::build(project);
  std::string huge;
  for (int i = 0; i < 100000; ++i) {
    huge += "ordrs custmer_ids ";
  }
  EXPECT_LE(index.search(huge, 10).size(), 10U);
  std::string junk;
  for (int i = 0; i < 200000; ++i) {
    junk.push_back(static_cast<char>((i * 131 + 7) % 256));
  }
  EXPECT_LE(index.search(junk, 10).size(), 10U);
  EXPECT_LE(index.search(std::string(100000, 'a'), 10).size(), 10U);
  EXPECT_LE(index.search(std::string("\0\xff\xfe orders", 10), 10).size(), 10U);
}

TEST(SearchIndex, TiesBreakByUniqueIdAndResultsAreStable) {
  ProjectMaker maker;
  // Identical in every field that holds the query term; added out of order.
  maker.model("gamma", "Shared wording.");
  maker.model("alpha", "Shared wording.");
  maker.model("beta", "Shared wording.");
  maker.add(ResourceType::seed, "aardvark", "Shared wording.");
  dbt::Project project = std::move(maker).finish();
  Index index = Index::build(project);
  std::vector<Hit> hits = index.search("shared", 10);
  ASSERT_EQ(hits.size(), 4U);
  for (const Hit& hit : hits) {
    EXPECT_DOUBLE_EQ(hit.score, hits[0].score);
  }
  // model.* sorts before seed.*.
  EXPECT_EQ(names_of(project, hits), (std::vector<std::string>{"alpha", "beta", "gamma", "aardvark"}));

  Index again = Index::build(project);
  std::vector<Hit> repeat = again.search("shared", 10);
  ASSERT_EQ(repeat.size(), hits.size());
  for (std::size_t i = 0; i < hits.size(); ++i) {
    EXPECT_EQ(repeat[i].node, hits[i].node);
    EXPECT_EQ(repeat[i].score, hits[i].score);
  }
}

TEST(SearchIndex, ConcurrentSearchesAgreeWithSerialOnes) {
  dbt::Project project = shop_project();
  const Index index = Index::build(project);
  const std::vector<std::string> queries{
      "orders", "fct_ordrs", "staging customers", "category", "product dimension", "custmer", "what is the"};
  std::vector<std::vector<Hit>> expected;
  for (const std::string& query : queries) {
    expected.push_back(index.search(query, 10));
  }
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 200; ++round) {
        const std::size_t q = static_cast<std::size_t>(round) % queries.size();
        std::vector<Hit> hits = index.search(queries[q], 10);
        bool same = hits.size() == expected[q].size();
        for (std::size_t i = 0; same && i < hits.size(); ++i) {
          same = hits[i].node == expected[q][i].node && hits[i].score == expected[q][i].score &&
                 hits[i].column == expected[q][i].column;
        }
        if (!same) {
          ++mismatches;
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(SearchIndex, IndexSurvivesMovingTheProject) {
  dbt::Project original = shop_project();
  Index index = Index::build(original);
  dbt::Project moved = std::move(original);
  std::vector<Hit> hits = index.search("fct_orders", 1);
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_EQ(moved.node(hits[0].node).name, "fct_orders");
}

TEST(SearchIndexFixture, HubspotModelsFoundByNameAndMisspelling) {
  STEWARD_REQUIRE_FIXTURES();
  auto project = dbt::load_project(
      steward::testing::dbt_fixture("fivetran-hubspot/artifacts/v12_dbt-1.11.11/manifest.json"));
  ASSERT_TRUE(project) << project.error().reason;
  Index index = Index::build(*project);
  std::size_t models = 0;
  for (dbt::NodeId id = 0; id < project->nodes().size(); ++id) {
    const dbt::Node& node = project->node(id);
    if (node.type != ResourceType::model) {
      continue;
    }
    ++models;
    std::vector<Hit> exact = index.search(node.name, 3);
    ASSERT_FALSE(exact.empty()) << node.name;
    EXPECT_EQ(exact[0].node, id) << node.name << " ranked below " << project->node(exact[0].node).name;

    std::string typo(node.name);
    typo.erase(typo.size() / 2, 1);
    std::vector<Hit> near = index.search(typo, 3);
    bool found = std::any_of(near.begin(), near.end(), [id](const Hit& hit) { return hit.node == id; });
    EXPECT_TRUE(found) << typo << " did not find " << node.name;
  }
  EXPECT_GT(models, 100U);
}

} // namespace steward::search

// The project tools over the bundled example project; expectations are read
// from its YAML and SQL here. Size limits and list_failures over fixtures are
// in project_tools_limits_test.cpp.

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "core/agent/project_tools.hpp"
#include "core/knowledge/snapshot.hpp"
#include "core/util/text.hpp"
#include "tests/core/tool_harness.hpp"
#include "tests/support/fixtures.hpp"

namespace steward::agent {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using tool_testing::ids_of;
using tool_testing::read;
using tool_testing::ToolHarness;

const std::vector<std::string> k_tool_names = {"search_project",       "get_node",      "get_lineage",
                                               "get_columns",          "get_model_sql", "list_failures",
                                               "search_knowledge_base"};

fs::path shop_dir() {
  return steward::testing::source_dir() / "examples" / "shop";
}

json sorted(json list) {
  std::sort(list.begin(), list.end());
  return list;
}

/// The YAML entry of model `name` in examples/shop/models.
YAML::Node shop_model(const std::string& name) {
  for (const auto& entry : fs::recursive_directory_iterator(shop_dir() / "models")) {
    if (entry.path().extension() != ".yml") {
      continue;
    }
    YAML::Node doc = YAML::LoadFile(entry.path().string());
    for (const auto& model : doc["models"]) {
      if (model["name"].as<std::string>() == name) {
        return model;
      }
    }
  }
  return {};
}

class ProjectToolsTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    auto built = knowledge::build_snapshot(shop_dir(), {});
    ASSERT_TRUE(built) << built.error().to_string();
    s_snapshot = *built;
    auto corpus = kb::Corpus::load(shop_dir() / "kb");
    ASSERT_TRUE(corpus) << corpus.error().to_string();
    s_kb = std::make_shared<const kb::Corpus>(std::move(*corpus));
  }
  static void TearDownTestSuite() {
    s_snapshot.reset();
    s_kb.reset();
  }

  ToolHarness m_tools{s_snapshot};
  static inline std::shared_ptr<const knowledge::Snapshot> s_snapshot;
  static inline std::shared_ptr<const kb::Corpus> s_kb;
};

TEST(ProjectToolsSchemaTest, SevenToolsWithValidObjectSchemasAndDescriptions) {
  ToolRegistry registry = project_tools();
  std::vector<std::string> names;
  for (const auto& tool : registry.tools()) {
    names.push_back(tool.name);
    SCOPED_TRACE(tool.name);
    EXPECT_GE(tool.description.size(), 80U);
    const json& schema = tool.parameters;
    ASSERT_TRUE(schema.is_object());
    EXPECT_EQ(schema["type"], "object");
    EXPECT_EQ(schema["additionalProperties"], false);
    ASSERT_TRUE(schema["properties"].is_object());
    EXPECT_FALSE(schema["properties"].empty());
    for (const auto& name : schema.value("required", json::array())) {
      EXPECT_TRUE(schema["properties"].contains(name.get<std::string>())) << name;
    }
    json minimal = json::object();
    for (const auto& name : schema.value("required", json::array())) {
      minimal[name.get<std::string>()] = "fct_orders";
    }
    EXPECT_TRUE(validate_arguments(schema, minimal)) << minimal.dump();
    for (const auto& [name, property] : schema["properties"].items()) {
      SCOPED_TRACE(name);
      EXPECT_TRUE(property["type"].is_string());
      EXPECT_GE(property.value("description", "").size(), 15U) << "the model reads these";
      if (property.contains("default")) {
        json with_default = minimal;
        with_default[name] = property["default"];
        EXPECT_TRUE(validate_arguments(schema, with_default)) << with_default.dump();
      }
      if (property["type"] == "integer") {
        EXPECT_TRUE(property["minimum"].is_number() && property["maximum"].is_number());
      }
    }
    // The spec the LLM port sends is the same schema as text.
    EXPECT_EQ(json::parse(registry.specs()[names.size() - 1].parameters), schema);
  }
  EXPECT_EQ(names, k_tool_names);
  const json& lineage = registry.find("get_lineage")->parameters["properties"];
  EXPECT_EQ(lineage["direction"]["enum"], (json{"upstream", "downstream", "both"}));
  EXPECT_EQ(lineage["depth"]["minimum"], 1);
  EXPECT_EQ(lineage["depth"]["maximum"], 10);
  ToolRegistry twice = project_tools();
  add_project_tools(twice);
  EXPECT_EQ(twice.tools().size(), k_tool_names.size()) << "adding again replaces";
}

TEST_F(ProjectToolsTest, SearchProjectRanksNamesAndFiltersByType) {
  json body = m_tools.ok("search_project", {{"query", "fct_orders"}});
  ASSERT_FALSE(body["results"].empty());
  EXPECT_EQ(body["results"][0]["unique_id"], "model.shop.fct_orders");
  EXPECT_EQ(body["results"][0]["name"], "fct_orders");
  EXPECT_EQ(body["results"][0]["resource_type"], "model");
  EXPECT_NE(body["results"][0]["description"].get<std::string>().find("One row per order"),
            std::string::npos);
  EXPECT_LE(body["results"].size(), 8U);
  body = m_tools.ok("search_project", {{"query", "orders"}, {"limit", 2}});
  EXPECT_EQ(body["results"].size(), 2U);
  body = m_tools.ok("search_project", {{"query", "orders customers payments"}, {"resource_type", "source"}});
  ASSERT_FALSE(body["results"].empty());
  for (const auto& item : body["results"]) {
    EXPECT_EQ(item["resource_type"], "source");
    EXPECT_EQ(item["unique_id"].get<std::string>().rfind("source.shop.shop.", 0), 0U);
    EXPECT_EQ(item["name"].get<std::string>().rfind("shop.", 0), 0U) << "sources are named source.table";
  }
  body = m_tools.ok("search_project", {{"query", "lifetime value"}});
  auto dim = std::find_if(body["results"].begin(), body["results"].end(),
                          [](const json& item) { return item["unique_id"] == "model.shop.dim_customers"; });
  ASSERT_NE(dim, body["results"].end()) << body.dump();
  EXPECT_EQ((*dim)["matched_column"], "customer_lifetime_value");
  body = m_tools.ok("search_project", {{"query", "xyzzy plugh"}});
  EXPECT_TRUE(body["results"].empty());
  EXPECT_TRUE(body.contains("hint"));
  json error = m_tools.error("search_project", {{"query", "x"}, {"limit", 21}});
  EXPECT_NE(error["error"].get<std::string>().find("$.limit: must be at most 20"), std::string::npos);
  error = m_tools.error("search_project", {{"query", "x"}, {"resource_type", "table"}});
  EXPECT_NE(error["error"].get<std::string>().find("$.resource_type: must be one of"), std::string::npos);
}

TEST_F(ProjectToolsTest, GetNodeDescribesAModelLikeItsYaml) {
  json body = m_tools.ok("get_node", {{"name", "fct_orders"}});
  EXPECT_EQ(body["unique_id"], "model.shop.fct_orders");
  EXPECT_EQ(body["resource_type"], "model");
  EXPECT_EQ(body["package"], "shop");
  EXPECT_EQ(body["path"], "models/marts/finance/fct_orders.sql");
  EXPECT_EQ(body["materialized"], "table");
  EXPECT_EQ(body["owner"], "finance-data@shop.example");
  EXPECT_TRUE(body["relation"].is_string());
  EXPECT_NE(body["relation"].get<std::string>().find("fct_orders"), std::string::npos);
  EXPECT_NE(std::find(body["tags"].begin(), body["tags"].end(), "revenue"), body["tags"].end());
  YAML::Node yaml = shop_model("fct_orders");
  std::vector<std::string> columns;
  std::size_t yaml_tests = yaml["data_tests"].size();
  for (const auto& column : yaml["columns"]) {
    columns.push_back(column["name"].as<std::string>());
    yaml_tests += column["data_tests"] ? column["data_tests"].size() : 0;
  }
  ASSERT_EQ(body["columns"].size(), columns.size());
  for (std::size_t i = 0; i < columns.size(); ++i) {
    EXPECT_EQ(body["columns"][i]["name"], columns[i]);
    EXPECT_EQ(body["columns"][i]["data_type"], yaml["columns"][i]["data_type"].as<std::string>());
  }
  EXPECT_EQ(sorted(body["columns"][0]["tests"]), (json{"not_null", "unique"}));
  EXPECT_EQ(body["depends_on"], (json{"model.shop.int_orders__enriched"}));
  EXPECT_EQ(ids_of(body["referenced_by"]),
            (std::set<std::string>{"model.shop.fct_revenue_daily", "semantic_model.shop.orders"}));
  // YAML tests plus the singular test that reads fct_orders.
  ASSERT_NE(read(shop_dir() / "tests" / "assert_order_totals_positive.sql").find("ref('fct_orders')"),
            std::string::npos);
  EXPECT_EQ(body["tests"].size(), yaml_tests + 1);
  bool expression = false;
  for (const auto& test : body["tests"]) {
    expression = expression || (test["name"] == "dbt_utils.expression_is_true" && test["column"].is_null());
  }
  EXPECT_TRUE(expression) << body["tests"].dump();
  EXPECT_FALSE(body.contains("last_run")) << "no run results in a source tree";
  // `amount_refunded` pulls in the refund_policy docs block: longer than a
  // column description may be.
  auto at = static_cast<std::size_t>(std::find(columns.begin(), columns.end(), "amount_refunded") -
                                     columns.begin());
  ASSERT_LT(at, columns.size());
  const json& refunded = body["columns"][at];
  EXPECT_EQ(refunded["name"], "amount_refunded");
  EXPECT_TRUE(refunded["description"].get<std::string>().ends_with("\xE2\x80\xA6"));
  EXPECT_LE(refunded["description"].get<std::string>().size(), 300U);
  EXPECT_EQ(body["truncated"], true);
  EXPECT_FALSE(body.contains("omitted"));
}

TEST_F(ProjectToolsTest, GetNodeAcceptsEveryWayOfNamingANode) {
  EXPECT_EQ(m_tools.ok("get_node", {{"name", "model.shop.fct_orders"}})["unique_id"],
            "model.shop.fct_orders");
  EXPECT_EQ(m_tools.ok("get_node", {{"name", "FCT_Orders"}})["unique_id"], "model.shop.fct_orders");
  json source = m_tools.ok("get_node", {{"name", "shop.payments"}});
  EXPECT_EQ(source["unique_id"], "source.shop.shop.payments");
  EXPECT_EQ(source["name"], "shop.payments");
  EXPECT_EQ(source["resource_type"], "source");
  EXPECT_NE(source["relation"].get<std::string>().find("payment_attempts"), std::string::npos)
      << "the source's identifier";
  EXPECT_EQ(source["owner"], "platform-team@shop.example");
  EXPECT_EQ(m_tools.ok("get_node", {{"name", "SHOP.PAYMENTS"}})["unique_id"], "source.shop.shop.payments");
  json metric = m_tools.ok("get_node", {{"name", "average_order_value"}});
  EXPECT_EQ(metric["resource_type"], "metric");
  EXPECT_EQ(metric["label"], "Average order value");
  json semantic = m_tools.ok("get_node", {{"name", "semantic_model.shop.orders"}});
  ASSERT_TRUE(semantic["semantic_fields"].is_array());
  EXPECT_FALSE(semantic["semantic_fields"].empty());
  EXPECT_EQ(m_tools.ok("get_node", {{"name", "dim_customers"}})["owner"],
            "analytics-engineering@shop.example");
}

TEST_F(ProjectToolsTest, UnknownAndAmbiguousNamesSuggestUniqueIds) {
  json error = m_tools.error("get_node", {{"name", "fct_ordrs"}});
  ASSERT_FALSE(error["suggestions"].empty());
  EXPECT_EQ(error["suggestions"][0], "model.shop.fct_orders");
  EXPECT_LE(error["suggestions"].size(), 5U);
  EXPECT_NE(error["error"].get<std::string>().find("did you mean fct_orders"), std::string::npos) << error;
  // `orders` is both the source table shop.orders and the semantic model orders.
  error = m_tools.error("get_node", {{"name", "orders"}});
  EXPECT_EQ(ids_of(error["suggestions"]),
            (std::set<std::string>{"source.shop.shop.orders", "semantic_model.shop.orders"}));
  EXPECT_NE(error["error"].get<std::string>().find("ambiguous"), std::string::npos);
  for (const char* tool : {"get_lineage", "get_model_sql"}) {
    EXPECT_EQ(m_tools.error(tool, {{"name", "dim_custmers"}})["suggestions"][0], "model.shop.dim_customers")
        << tool;
  }
  EXPECT_EQ(m_tools.error("get_columns", {{"column", "x"}, {"model", "dim_custmers"}})["suggestions"][0],
            "model.shop.dim_customers");
  EXPECT_TRUE(m_tools.error("get_node", json::object())["error"].get<std::string>().find(
                  "$.name: is required") != std::string::npos);
}

TEST_F(ProjectToolsTest, GetLineageWalksEachDirectionToTheRequestedDepth) {
  json body = m_tools.ok("get_lineage", {{"name", "fct_orders"}, {"direction", "upstream"}, {"depth", 10}});
  EXPECT_EQ(body["node"], "model.shop.fct_orders");
  EXPECT_EQ(ids_of(body["upstream"]),
            (std::set<std::string>{"model.shop.int_orders__enriched", "model.shop.stg_shop__orders",
                                   "model.shop.stg_shop__order_items", "model.shop.stg_shop__payments",
                                   "source.shop.shop.orders", "source.shop.shop.order_items",
                                   "source.shop.shop.payments"}));
  EXPECT_EQ(
      body["upstream"][0],
      (json{{"unique_id", "model.shop.int_orders__enriched"}, {"resource_type", "model"}, {"depth", 1}}));
  EXPECT_EQ(body["upstream"].back()["depth"], 3);
  EXPECT_FALSE(body.contains("downstream"));
  EXPECT_FALSE(body.contains("impact"));
  body = m_tools.ok("get_lineage", {{"name", "fct_orders"}, {"direction", "upstream"}, {"depth", 1}});
  EXPECT_EQ(ids_of(body["upstream"]), (std::set<std::string>{"model.shop.int_orders__enriched"}));
  body = m_tools.ok("get_lineage", {{"name", "fct_orders"}});
  EXPECT_TRUE(body.contains("upstream") && body.contains("downstream") && body.contains("impact"));
  for (const auto& item : body["upstream"]) {
    EXPECT_LE(item["depth"].get<int>(), 2) << "default depth 2";
  }
}

TEST_F(ProjectToolsTest, GetLineageImpactCountsEverythingDownstream) {
  json body =
      m_tools.ok("get_lineage", {{"name", "stg_shop__orders"}, {"direction", "downstream"}, {"depth", 10}});
  EXPECT_FALSE(body.contains("upstream"));
  std::set<std::string> downstream = ids_of(body["downstream"]);
  for (const char* id :
       {"model.shop.int_orders__enriched", "model.shop.int_customers__order_history", "model.shop.fct_orders",
        "model.shop.fct_revenue_daily", "model.shop.dim_customers", "exposure.shop.weekly_revenue",
        "semantic_model.shop.orders", "metric.shop.revenue"}) {
    EXPECT_TRUE(downstream.contains(id)) << id;
  }
  for (const auto& id : downstream) {
    EXPECT_EQ(id.rfind("test.", 0), std::string::npos) << "tests are left out of the lists";
  }
  const json& impact = body["impact"];
  EXPECT_EQ(impact["models"], 5);
  EXPECT_EQ(impact["exposures"], 1);
  EXPECT_EQ(impact["exposure_ids"], (json{"exposure.shop.weekly_revenue"}));
  EXPECT_EQ(impact["metrics"], 3);
  EXPECT_GT(impact["tests"].get<int>(), 0);
  EXPECT_GT(impact["total"].get<int>(), static_cast<int>(downstream.size()));
  json leaf = m_tools.ok("get_lineage", {{"name", "weekly_revenue"}, {"direction", "downstream"}});
  EXPECT_TRUE(leaf["downstream"].empty());
  EXPECT_EQ(leaf["impact"]["total"], 0);
}

TEST_F(ProjectToolsTest, GetLineagePathsInEitherDirection) {
  json body = m_tools.ok("get_lineage", {{"name", "stg_shop__payments"}, {"to", "fct_revenue_daily"}});
  EXPECT_EQ(body["from"], "model.shop.stg_shop__payments");
  EXPECT_EQ(body["to"], "model.shop.fct_revenue_daily");
  EXPECT_EQ(body["path"], (json{"model.shop.stg_shop__payments", "model.shop.int_orders__enriched",
                                "model.shop.fct_orders", "model.shop.fct_revenue_daily"}));
  EXPECT_EQ(body["connected"], true);
  EXPECT_EQ(body["direction"], "downstream");
  body = m_tools.ok("get_lineage", {{"name", "fct_revenue_daily"}, {"to", "shop.payments"}});
  EXPECT_EQ(body["path"],
            (json{"model.shop.fct_revenue_daily", "model.shop.fct_orders", "model.shop.int_orders__enriched",
                  "model.shop.stg_shop__payments", "source.shop.shop.payments"}));
  EXPECT_EQ(body["direction"], "upstream");
  body = m_tools.ok("get_lineage", {{"name", "dim_products"}, {"to", "fct_payments"}});
  EXPECT_EQ(body["path"], json::array());
  EXPECT_EQ(body["connected"], false);
  json error = m_tools.error("get_lineage", {{"name", "fct_orders"}, {"to", "fct_ordrs"}});
  EXPECT_EQ(error["suggestions"][0], "model.shop.fct_orders");
  error = m_tools.error("get_lineage", {{"name", "fct_orders"}, {"depth", 11}});
  EXPECT_NE(error["error"].get<std::string>().find("$.depth: must be at most 10"), std::string::npos);
  error = m_tools.error("get_lineage", {{"name", "fct_orders"}, {"direction", "sideways"}});
  EXPECT_NE(error["error"].get<std::string>().find("$.direction: must be one of"), std::string::npos);
}

TEST_F(ProjectToolsTest, GetColumnsFindsExactNamesFirst) {
  // Every node whose YAML declares a `customer_id` column.
  std::set<std::string> expected;
  for (const auto& entry : fs::recursive_directory_iterator(shop_dir() / "models")) {
    if (entry.path().extension() != ".yml") {
      continue;
    }
    YAML::Node doc = YAML::LoadFile(entry.path().string());
    for (const auto& model : doc["models"]) {
      for (const auto& column : model["columns"]) {
        if (column["name"].as<std::string>() == "customer_id") {
          expected.insert("model.shop." + model["name"].as<std::string>());
        }
      }
    }
    for (const auto& source : doc["sources"]) {
      for (const auto& table : source["tables"]) {
        for (const auto& column : table["columns"]) {
          if (column["name"].as<std::string>() == "customer_id") {
            expected.insert("source.shop.shop." + table["name"].as<std::string>());
          }
        }
      }
    }
  }
  ASSERT_GE(expected.size(), 5U);
  json body = m_tools.ok("get_columns", {{"column", "customer_id"}});
  EXPECT_EQ(body["column"], "customer_id");
  std::set<std::string> exact;
  std::size_t i = 0;
  for (; i < body["models"].size() && body["models"][i]["column"] == "customer_id"; ++i) {
    exact.insert(body["models"][i]["unique_id"].get<std::string>());
  }
  EXPECT_EQ(exact, expected);
  for (; i < body["models"].size(); ++i) {
    std::string column = body["models"][i]["column"];
    EXPECT_NE(column, "customer_id");
    EXPECT_NE(column.find("customer_id"), std::string::npos) << "then columns containing it";
  }
  json one = m_tools.ok("get_columns", {{"column", "NET_REVENUE"}, {"model", "fct_orders"}});
  ASSERT_EQ(one["models"].size(), 1U);
  EXPECT_EQ(one["models"][0]["unique_id"], "model.shop.fct_orders");
  EXPECT_EQ(one["models"][0]["column"], "net_revenue");
  EXPECT_EQ(one["models"][0]["data_type"], "numeric");
  json keyed = m_tools.ok("get_columns", {{"column", "order_id"}, {"model", "fct_orders"}});
  EXPECT_EQ(sorted(keyed["models"][0]["tests"]), (json{"not_null", "unique"}));
  json missing = m_tools.error("get_columns", {{"column", "net_revnue"}, {"model", "fct_orders"}});
  EXPECT_EQ(missing["unique_id"], "model.shop.fct_orders");
  EXPECT_NE(std::find(missing["close_columns"].begin(), missing["close_columns"].end(), "net_revenue"),
            missing["close_columns"].end());
  json nothing = m_tools.ok("get_columns", {{"column", "no_such_column_anywhere"}});
  EXPECT_TRUE(nothing["models"].empty());
  EXPECT_TRUE(nothing.contains("hint"));
}

TEST_F(ProjectToolsTest, GetModelSqlReturnsTheFileAndNullWhenNotCompiled) {
  json body = m_tools.ok("get_model_sql", {{"name", "fct_orders"}});
  EXPECT_EQ(body["unique_id"], "model.shop.fct_orders");
  std::string file = read(shop_dir() / "models" / "marts" / "finance" / "fct_orders.sql");
  EXPECT_EQ(body["raw_sql"], std::string(trim(file)));
  EXPECT_TRUE(body["compiled_sql"].is_null());
  EXPECT_FALSE(body.contains("truncated"));
  json raw = m_tools.ok("get_model_sql", {{"name", "fct_orders"}, {"kind", "raw"}});
  EXPECT_TRUE(raw.contains("raw_sql"));
  EXPECT_FALSE(raw.contains("compiled_sql"));
  json compiled = m_tools.ok("get_model_sql", {{"name", "fct_orders"}, {"kind", "compiled"}});
  EXPECT_FALSE(compiled.contains("raw_sql"));
  json source = m_tools.error("get_model_sql", {{"name", "shop.orders"}});
  EXPECT_NE(source["error"].get<std::string>().find("has no SQL"), std::string::npos);
  m_tools.error("get_model_sql", {{"name", "fct_orders"}, {"kind", "python"}});
}

TEST_F(ProjectToolsTest, ListFailuresWithoutRunResultsSaysHowToGetThem) {
  json error = m_tools.error("list_failures", json::object());
  EXPECT_NE(error["error"].get<std::string>().find("no run_results.json loaded"), std::string::npos);
  error = m_tools.error("list_failures", {{"statuses", {"fail", "exploded"}}});
  EXPECT_NE(error["error"].get<std::string>().find("$.statuses[1]"), std::string::npos);
}

TEST_F(ProjectToolsTest, SearchKnowledgeBaseFindsTheRefundPolicy) {
  json error = m_tools.error("search_knowledge_base", {{"query", "refund policy"}});
  EXPECT_NE(error["error"].get<std::string>().find("knowledge_base.path"), std::string::npos);
  m_tools.env().kb = s_kb;
  json body = m_tools.ok("search_knowledge_base", {{"query", "what's our refund policy?"}});
  ASSERT_FALSE(body["results"].empty());
  const json& top = body["results"][0];
  EXPECT_EQ(top["file"], "refund-policy.md");
  EXPECT_EQ(top["section"], "Refund policy");
  EXPECT_EQ(top["line"], 1);
  EXPECT_NE(top["text"].get<std::string>().find("30 days of\ndelivery"), std::string::npos);
  EXPECT_LE(top["text"].get<std::string>().size(), 1500U);
  EXPECT_LE(body["results"].size(), 5U);
  EXPECT_EQ(
      m_tools.ok("search_knowledge_base", {{"query", "revenue refunds"}, {"limit", 2}})["results"].size(),
      2U);
  // The daemon's hybrid ranking replaces BM25; out-of-range hits are dropped.
  std::size_t glossary = 0;
  while (s_kb->sections()[glossary].file != "glossary.md") {
    ++glossary;
  }
  m_tools.env().kb_search = [&](std::string_view, std::size_t) {
    return std::vector<kb::Hit>{{999999, 1.0}, {glossary, 0.5}};
  };
  body = m_tools.ok("search_knowledge_base", {{"query", "anything"}});
  ASSERT_EQ(body["results"].size(), 1U);
  EXPECT_EQ(body["results"][0]["file"], "glossary.md");
  m_tools.env().kb_search = nullptr;
  body = m_tools.ok("search_knowledge_base", {{"query", "xyzzy"}});
  EXPECT_TRUE(body["results"].empty());
  EXPECT_TRUE(body.contains("hint"));
}

} // namespace
} // namespace steward::agent

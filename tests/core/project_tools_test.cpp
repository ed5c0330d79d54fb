// The project tools over the bundled example project (expectations read from
// its YAML and SQL here), a generated project for the size limits, and shared
// fixtures with run_results for list_failures.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "core/agent/project_tools.hpp"
#include "core/knowledge/snapshot.hpp"
#include "core/util/text.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::agent {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::vector<std::string> k_tool_names = {"search_project",       "get_node",      "get_lineage",
                                               "get_columns",          "get_model_sql", "list_failures",
                                               "search_knowledge_base"};

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

fs::path shop_dir() {
  return steward::testing::source_dir() / "examples" / "shop";
}

std::set<std::string> ids_of(const json& list) {
  std::set<std::string> out;
  for (const auto& item : list) {
    out.insert(item.is_string() ? item.get<std::string>() : item["unique_id"].get<std::string>());
  }
  return out;
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

/// Runs tools the way the agent loop does and checks every answer is a JSON
/// object whose citations exist in the project.
class ToolHarness {
public:
  explicit ToolHarness(std::shared_ptr<const knowledge::Snapshot> snapshot) {
    m_env.snapshot = std::move(snapshot);
  }

  ToolEnv& env() { return m_env; }

  ToolResult run(const std::string& tool, const json& arguments) {
    ToolResult result = run_tool(m_registry, llm::ToolCall{"id", tool, arguments.dump()}, m_env);
    json parsed = json::parse(result.json, nullptr, false);
    EXPECT_TRUE(parsed.is_object()) << tool << ": " << result.json;
    EXPECT_EQ(result.is_error, parsed.contains("error")) << result.json;
    for (const auto& id : result.cited) {
      EXPECT_TRUE(m_env.snapshot->project.find(id).has_value()) << tool << " cites unknown " << id;
    }
    return result;
  }

  json ok(const std::string& tool, const json& arguments) {
    ToolResult result = run(tool, arguments);
    EXPECT_FALSE(result.is_error) << tool << " " << arguments.dump() << ": " << result.json;
    return json::parse(result.json, nullptr, false);
  }

  json error(const std::string& tool, const json& arguments) {
    ToolResult result = run(tool, arguments);
    EXPECT_TRUE(result.is_error) << tool << " " << arguments.dump() << ": " << result.json;
    return json::parse(result.json, nullptr, false);
  }

private:
  ToolRegistry m_registry = project_tools();
  ToolEnv m_env;
};

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

/// A generated project with a long description, long SQL, 70 columns and 60
/// children, to reach every size limit.
class ProjectToolsLimitsTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_dir = std::make_unique<steward::testing::TempDir>();
    s_dir->write("dbt_project.yml", "name: big\nversion: '1.0'\nconfig-version: 2\nprofile: big\n");
    std::string sql = "select 1 as id\n";
    while (sql.size() < 10'000) {
      sql += "-- padding line to make the SQL long\n";
    }
    s_dir->write("models/base.sql", sql);
    std::string yaml = "version: 2\nmodels:\n  - name: base\n    description: \"" + std::string(3000, 'd') +
                       "\"\n    columns:\n";
    for (int i = 0; i < 70; ++i) {
      yaml += "      - name: col_" + std::to_string(100 + i) + "\n        description: \"" +
              std::string(500, 'c') + "\"\n";
    }
    s_dir->write("models/schema.yml", yaml);
    for (int i = 0; i < 60; ++i) {
      s_dir->write("models/child_" + std::to_string(100 + i) + ".sql", "select * from {{ ref('base') }}\n");
    }
    auto built = knowledge::build_snapshot(s_dir->path(), {});
    ASSERT_TRUE(built) << built.error().to_string();
    s_snapshot = *built;
  }
  static void TearDownTestSuite() {
    s_snapshot.reset();
    s_dir.reset();
  }

  ToolHarness m_tools{s_snapshot};
  static inline std::unique_ptr<steward::testing::TempDir> s_dir;
  static inline std::shared_ptr<const knowledge::Snapshot> s_snapshot;
};

bool ends_with_ellipsis(const json& text) {
  return text.get<std::string>().ends_with("\xE2\x80\xA6");
}

TEST_F(ProjectToolsLimitsTest, GetNodeCutsLongTextAndLongLists) {
  json body = m_tools.ok("get_node", {{"name", "base"}});
  EXPECT_EQ(body["truncated"], true);
  EXPECT_LE(body["description"].get<std::string>().size(), 2000U);
  EXPECT_TRUE(ends_with_ellipsis(body["description"]));
  EXPECT_EQ(body["columns"].size(), 60U);
  EXPECT_EQ(body["omitted"]["columns"], 10);
  EXPECT_EQ(body["columns"][0]["name"], "col_100");
  EXPECT_TRUE(ends_with_ellipsis(body["columns"][0]["description"]));
  EXPECT_EQ(body["referenced_by"].size(), 30U);
  EXPECT_EQ(body["omitted"]["referenced_by"], 30);
}

TEST_F(ProjectToolsLimitsTest, OtherToolsCutAtTheirLimits) {
  json sql = m_tools.ok("get_model_sql", {{"name", "base"}});
  EXPECT_EQ(sql["truncated"], true);
  EXPECT_LE(sql["raw_sql"].get<std::string>().size(), 6000U);
  EXPECT_TRUE(ends_with_ellipsis(sql["raw_sql"]));
  EXPECT_EQ(sql["raw_sql"].get<std::string>().rfind("select 1 as id\n", 0), 0U);
  json lineage = m_tools.ok("get_lineage", {{"name", "base"}, {"direction", "downstream"}});
  EXPECT_EQ(lineage["downstream"].size(), 50U);
  EXPECT_EQ(lineage["omitted"]["downstream"], 10);
  EXPECT_EQ(lineage["downstream"][0]["unique_id"], "model.big.child_100") << "by depth, then unique_id";
  EXPECT_EQ(lineage["impact"]["models"], 60);
  json columns = m_tools.ok("get_columns", {{"column", "col_"}});
  EXPECT_EQ(columns["models"].size(), 25U);
  EXPECT_EQ(columns["omitted"], 45);
  EXPECT_EQ(columns["truncated"], true);
  json search = m_tools.ok("search_project", {{"query", "child"}, {"limit", 20}});
  EXPECT_EQ(search["results"].size(), 20U);
  json description = m_tools.ok("search_project", {{"query", "base"}});
  ASSERT_FALSE(description["results"].empty());
  EXPECT_EQ(description["results"][0]["unique_id"], "model.big.base");
  EXPECT_EQ(description["results"][0]["truncated"], true);
  EXPECT_LE(description["results"][0]["description"].get<std::string>().size(), 300U);
}

TEST_F(ProjectToolsLimitsTest, KnowledgeBaseTextIsCutAt1500Bytes) {
  auto corpus = std::make_shared<const kb::Corpus>(
      kb::Corpus::from_files({{"long.md", "# Long section\n" + std::string(4000, 'x') + "\n"}}));
  m_tools.env().kb = corpus;
  json body = m_tools.ok("search_knowledge_base", {{"query", "long section"}});
  ASSERT_EQ(body["results"].size(), 1U);
  EXPECT_EQ(body["results"][0]["truncated"], true);
  EXPECT_LE(body["results"][0]["text"].get<std::string>().size(), 1500U);
  EXPECT_TRUE(ends_with_ellipsis(body["results"][0]["text"]));
}

/// The problems `run_results.json` in `dir` records, read here.
json problems_in(const fs::path& dir, const std::set<std::string>& statuses) {
  json out = json::array();
  json run = json::parse(read(dir / "run_results.json"));
  for (const auto& result : run["results"]) {
    if (statuses.contains(result["status"].get<std::string>())) {
      out.push_back(result);
    }
  }
  return out;
}

TEST(ListFailuresFixtureTest, ErroredAndSkippedModels) {
  STEWARD_REQUIRE_FIXTURES();
  fs::path dir = steward::testing::dbt_fixture("openlineage/fail");
  auto built = knowledge::build_snapshot(dir / "manifest.json", {});
  ASSERT_TRUE(built) << built.error().to_string();
  ToolHarness tools(*built);
  json expected = problems_in(dir, {"error", "fail", "warn"});
  ASSERT_EQ(expected.size(), 1U);
  json body = tools.ok("list_failures", json::object());
  json run = json::parse(read(dir / "run_results.json"));
  EXPECT_EQ(body["invocation_id"], run["metadata"]["invocation_id"]);
  EXPECT_EQ(body["generated_at"], run["metadata"]["generated_at"]);
  ASSERT_EQ(body["failures"].size(), 1U);
  const json& failure = body["failures"][0];
  EXPECT_EQ(failure["unique_id"], expected[0]["unique_id"]);
  EXPECT_EQ(failure["status"], "error");
  EXPECT_EQ(failure["resource_type"], "model");
  EXPECT_EQ(failure["name"], "test_second_parallel_dbt_model");
  EXPECT_EQ(failure["message"].get<std::string>().rfind("Database Error", 0), 0U);
  std::map<std::string, int> counts;
  for (const auto& result : run["results"]) {
    ++counts[result["status"].get<std::string>()];
  }
  EXPECT_EQ(body["counts"], json(counts));
  json skipped = tools.ok("list_failures", {{"statuses", {"skipped"}}});
  ASSERT_EQ(skipped["failures"].size(), 1U);
  EXPECT_EQ(skipped["failures"][0]["unique_id"], problems_in(dir, {"skipped"})[0]["unique_id"]);
  json both = tools.ok("list_failures", {{"statuses", {"skipped", "error"}}});
  ASSERT_EQ(both["failures"].size(), 2U);
  EXPECT_EQ(both["failures"][0]["status"], "error") << "worst first";
}

TEST(ListFailuresFixtureTest, FailedTestsNameTheNodeTheyCheck) {
  STEWARD_REQUIRE_FIXTURES();
  fs::path dir = steward::testing::dbt_fixture("openlineage/no_test_metadata");
  auto built = knowledge::build_snapshot(dir / "manifest.json", {});
  ASSERT_TRUE(built) << built.error().to_string();
  ToolHarness tools(*built);
  json manifest = json::parse(read(dir / "manifest.json"));
  json expected = problems_in(dir, {"fail"});
  ASSERT_EQ(expected.size(), 2U);
  json body = tools.ok("list_failures", json::object());
  ASSERT_EQ(body["failures"].size(), 2U);
  for (std::size_t i = 0; i < 2; ++i) {
    const json& failure = body["failures"][i];
    std::string id = expected[i]["unique_id"];
    EXPECT_EQ(failure["unique_id"], id);
    EXPECT_EQ(failure["status"], "fail");
    EXPECT_EQ(failure["resource_type"], "test");
    const json& node = manifest["nodes"][id];
    std::string target = node.contains("attached_node") && node["attached_node"].is_string()
                             ? node["attached_node"].get<std::string>()
                             : node["depends_on"]["nodes"][0].get<std::string>();
    EXPECT_EQ(failure["attached_to"], target);
  }
  EXPECT_EQ(body["failures"][0]["failures"], 1) << "failing rows from run_results";
  EXPECT_EQ(body["counts"]["fail"], 2);
}

} // namespace
} // namespace steward::agent

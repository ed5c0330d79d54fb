// The router's offline-mode intents over the bundled example project: paths
// between nodes, owners, column search, models without tests, failures of one
// node, unrecognised questions, and `Routed::cited`. Expectations come from
// the project's SQL and YAML (tests/core/shop_facts.hpp), not from the
// router's output.

#include <algorithm>
#include <deque>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "core/answer/text.hpp"
#include "core/kb/corpus.hpp"
#include "core/knowledge/snapshot.hpp"
#include "core/router/intent.hpp"
#include "core/router/router.hpp"
#include "tests/core/shop_facts.hpp"
#include "tests/support/fixtures.hpp"

namespace steward::router {
namespace {

namespace fs = std::filesystem;
using steward::testing::ShopFacts;

class RouterOfflineTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    s_root = steward::testing::source_dir() / "examples" / "shop";
    auto built = knowledge::build_snapshot(s_root, {});
    ASSERT_TRUE(built) << built.error().to_string();
    s_snapshot = *built;
    s_facts = ShopFacts::load(s_root);
  }
  static void TearDownTestSuite() { s_snapshot.reset(); }

  static const knowledge::Snapshot& snapshot() { return *s_snapshot; }
  static const ShopFacts& facts() { return s_facts; }
  static const fs::path& root() { return s_root; }

  /// The unique_id of `name` as the shop project spells it: `source.table`
  /// for sources, a model, seed or snapshot name otherwise.
  static std::string id_of(const std::string& name) {
    const std::string& project = s_facts.project;
    if (auto dot = name.find('.'); dot != std::string::npos) {
      return "source." + project + "." + name;
    }
    for (const char* kind : {"seed", "snapshot", "exposure"}) {
      std::string id = std::string(kind) + "." + project + "." + name;
      if (s_snapshot->project.find(id)) {
        return id;
      }
    }
    return "model." + project + "." + name;
  }

  static std::set<std::string> ids_of(const std::set<std::string>& names) {
    std::set<std::string> out;
    for (const auto& name : names) {
      out.insert(id_of(name));
    }
    return out;
  }

  static std::set<std::string> cited_set(const Routed& routed) {
    return {routed.cited.begin(), routed.cited.end()};
  }

  static std::string text_of(const Routed& routed) {
    std::vector<answer::Choice> choices;
    return answer::render_text(routed.answer, choices);
  }

  /// The fewest-refs chain from `from` to `to` by breadth-first search over
  /// the refs the SQL declares; empty when `to` is not downstream of `from`.
  static std::vector<std::string> chain(const std::string& from, const std::string& to) {
    std::map<std::string, std::string> came_from;
    std::deque<std::string> todo = {from};
    came_from[from] = from;
    while (!todo.empty()) {
      std::string next = todo.front();
      todo.pop_front();
      for (const auto& [child, refs] : s_facts.parents) {
        if (refs.contains(next) && !came_from.contains(child)) {
          came_from[child] = next;
          todo.push_back(child);
        }
      }
    }
    if (!came_from.contains(to)) {
      return {};
    }
    std::vector<std::string> out = {to};
    while (out.back() != from) {
      out.push_back(came_from[out.back()]);
    }
    std::reverse(out.begin(), out.end());
    return out;
  }

private:
  static inline fs::path s_root;
  static inline std::shared_ptr<const knowledge::Snapshot> s_snapshot;
  static inline ShopFacts s_facts;
};

TEST_F(RouterOfflineTest, PathNamesEveryStepOfTheShortestChainOfRefs) {
  std::vector<std::string> expected = chain("stg_shop__orders", "fct_revenue_daily");
  ASSERT_GE(expected.size(), 3u) << "the example has an intermediate model between them";
  for (const char* question : {"how does stg_shop__orders get to fct_revenue_daily?",
                               "path from stg_shop__orders to fct_revenue_daily",
                               "how is `stg_shop__orders` connected to fct_revenue_daily",
                               "trace stg_shop__orders to fct_revenue_daily"}) {
    Routed routed = route(snapshot(), question);
    EXPECT_EQ(routed.intent, "path") << question;
    EXPECT_EQ(routed.focus, id_of("stg_shop__orders")) << question;
    for (const auto& name : expected) {
      EXPECT_TRUE(cited_set(routed).contains(id_of(name))) << name << " for " << question;
    }
    EXPECT_NE(routed.answer.summary.find(std::to_string(expected.size() - 1) + " steps"), std::string::npos)
        << routed.answer.summary;
    // The steps appear in order in the answer.
    std::string text = text_of(routed);
    std::size_t at = text.find(expected.front());
    for (const auto& name : expected) {
      std::size_t next = text.find(name, at);
      ASSERT_NE(next, std::string::npos) << name;
      at = next;
    }
  }
}

TEST_F(RouterOfflineTest, YesNoPathQuestionsSayWhichWayRoundTheyAreConnected) {
  ASSERT_FALSE(chain("stg_shop__payments", "fct_orders").empty());
  Routed yes = route(snapshot(), "is stg_shop__payments upstream of fct_orders?");
  EXPECT_EQ(yes.intent, "path");
  EXPECT_EQ(yes.answer.summary.rfind("Yes", 0), 0u) << yes.answer.summary;

  Routed depends = route(snapshot(), "does fct_orders depend on stg_shop__payments?");
  EXPECT_EQ(depends.answer.summary.rfind("Yes", 0), 0u) << depends.answer.summary;
  EXPECT_EQ(depends.focus, id_of("fct_orders")) << "the question is about the node it names first";

  Routed backwards = route(snapshot(), "is fct_orders upstream of stg_shop__payments?");
  EXPECT_EQ(backwards.answer.summary.rfind("No, the other way round", 0), 0u) << backwards.answer.summary;

  // dim_products reads products and order items, never orders.
  ASSERT_FALSE(facts().upstream("dim_products").contains("stg_shop__orders"));
  ASSERT_FALSE(facts().upstream("stg_shop__orders").contains("dim_products"));
  Routed apart = route(snapshot(), "does dim_products depend on stg_shop__orders?");
  EXPECT_EQ(apart.intent, "path");
  EXPECT_EQ(apart.answer.summary.rfind("No", 0), 0u) << apart.answer.summary;
  EXPECT_NE(apart.answer.summary.find("not connected"), std::string::npos);
  EXPECT_EQ(cited_set(apart), ids_of({"dim_products", "stg_shop__orders"}));
}

TEST_F(RouterOfflineTest, PathEndsMayBeThePronounOrAnUnknownName) {
  Routed follow = route(snapshot(), "is it upstream of fct_revenue_daily?", Context{id_of("fct_orders")});
  EXPECT_EQ(follow.intent, "path");
  EXPECT_EQ(follow.focus, id_of("fct_orders"));
  EXPECT_EQ(follow.answer.summary.rfind("Yes", 0), 0u) << follow.answer.summary;

  Routed typo = route(snapshot(), "path from fct_ordrs to fct_revenue_daily");
  EXPECT_EQ(typo.intent, "path");
  EXPECT_TRUE(typo.focus.empty());
  EXPECT_NE(text_of(typo).find("couldn't find fct_ordrs"), std::string::npos) << text_of(typo);
  EXPECT_TRUE(cited_set(typo).contains(id_of("fct_orders"))) << "the suggestion is cited";
}

TEST_F(RouterOfflineTest, OwnersComeFromMetaGroupsAndExposures) {
  YAML::Node core = YAML::LoadFile((root() / "models/marts/core/_core.yml").string());
  std::string products_owner;
  for (const auto& model : core["models"]) {
    if (model["name"].as<std::string>() == "dim_products") {
      products_owner = model["meta"]["owner"].as<std::string>();
    }
  }
  ASSERT_FALSE(products_owner.empty());
  Routed meta = route(snapshot(), "who owns dim_products?");
  EXPECT_EQ(meta.intent, "owner");
  EXPECT_EQ(meta.focus, id_of("dim_products"));
  EXPECT_NE(meta.answer.summary.find(products_owner), std::string::npos) << meta.answer.summary;

  YAML::Node groups = YAML::LoadFile((root() / "models/groups.yml").string());
  std::string finance_email = groups["groups"][0]["owner"]["email"].as<std::string>();
  Routed grouped = route(snapshot(), "who is the owner of fct_payments");
  EXPECT_EQ(grouped.intent, "owner");
  EXPECT_NE(text_of(grouped).find(finance_email), std::string::npos) << text_of(grouped);
  EXPECT_TRUE(cited_set(grouped).contains("group." + facts().project + ".finance"));

  YAML::Node exposures = YAML::LoadFile((root() / "models/exposures.yml").string());
  std::string dashboard_owner = exposures["exposures"][0]["owner"]["name"].as<std::string>();
  Routed exposure = route(snapshot(), "who owns the weekly revenue dashboard?");
  EXPECT_EQ(exposure.focus, "exposure." + facts().project + ".weekly_revenue");
  EXPECT_NE(exposure.answer.summary.find(dashboard_owner), std::string::npos) << exposure.answer.summary;
}

TEST_F(RouterOfflineTest, NoRecordedOwnerSaysSoAndPointsAtTheNearestOwners) {
  YAML::Node sources = YAML::LoadFile((root() / "models/staging/_sources.yml").string());
  std::string source_owner = sources["sources"][0]["meta"]["owner"].as<std::string>();
  for (const char* question :
       {"who should I ask about stg_shop__orders?", "who maintains stg_shop__orders"}) {
    Routed routed = route(snapshot(), question);
    EXPECT_EQ(routed.intent, "owner") << question;
    EXPECT_EQ(routed.answer.summary, "No owner is recorded for stg_shop__orders");
    std::string text = text_of(routed);
    EXPECT_NE(text.find(source_owner), std::string::npos) << "the source upstream has one:\n" << text;
    EXPECT_TRUE(cited_set(routed).contains(id_of("shop.orders")));
    EXPECT_EQ(routed.cited.front(), id_of("stg_shop__orders"));
  }
}

TEST_F(RouterOfflineTest, WhatAnOwnerOwnsListsTheNodesOfItsGroup) {
  std::set<std::string> finance;
  for (const auto& entry : fs::directory_iterator(root() / "models/marts/finance")) {
    if (entry.path().extension() == ".sql") {
      finance.insert(id_of(entry.path().stem().string()));
    }
  }
  ASSERT_FALSE(finance.empty());
  for (const char* question : {"what does the finance team own?", "which models are owned by finance"}) {
    Routed routed = route(snapshot(), question);
    EXPECT_EQ(routed.intent, "owner") << question;
    std::set<std::string> models;
    for (const auto& id : routed.cited) {
      if (id.rfind("model.", 0) == 0) {
        models.insert(id);
      }
    }
    EXPECT_EQ(models, finance) << question;
  }
  Routed nobody = route(snapshot(), "what does zebra team own");
  EXPECT_TRUE(nobody.cited.empty());
  EXPECT_NE(nobody.answer.summary.find("No node's owner or group matches"), std::string::npos);
}

TEST_F(RouterOfflineTest, ColumnSearchListsEveryNodeWhoseYamlHasTheColumn) {
  std::set<std::string> expected;
  for (const auto& [name, columns] : facts().columns) {
    if (std::find(columns.begin(), columns.end(), "customer_id") != columns.end()) {
      expected.insert(id_of(name));
    }
  }
  ASSERT_GE(expected.size(), 3u);
  for (const char* question :
       {"which models have customer_id?", "Which tables have a `customer_id` column",
        "where is customer_id used", "what is customer_id?", "customer_id", "which models have custmer_id"}) {
    Routed routed = route(snapshot(), question);
    EXPECT_EQ(routed.intent, "column_search") << question;
    EXPECT_EQ(cited_set(routed), expected) << question;
    EXPECT_TRUE(routed.focus.empty()) << "a column of several nodes is about none of them";
  }
  EXPECT_NE(
      route(snapshot(), "which models have custmer_id").answer.summary.find("No column is named custmer_id"),
      std::string::npos);
}

TEST_F(RouterOfflineTest, ColumnSearchForANodeOrNothingAnswersSensibly) {
  Routed node = route(snapshot(), "which models use stg_shop__payments?");
  EXPECT_EQ(node.intent, "downstream") << "a model named instead of a column gets its downstream";
  EXPECT_EQ(node.focus, id_of("stg_shop__payments"));

  Routed nothing = route(snapshot(), "which models have zzqx_nothing_like_it");
  EXPECT_EQ(nothing.intent, "column_search");
  EXPECT_NE(nothing.answer.summary.find("No column is named"), std::string::npos) << nothing.answer.summary;

  // A column only one node has is that column.
  Routed single = route(snapshot(), "where does customer_lifetime_value come from?");
  EXPECT_EQ(single.intent, "column");
  EXPECT_EQ(single.focus, id_of("dim_customers"));
}

TEST_F(RouterOfflineTest, KindWordsPickBetweenNodesThatShareAName) {
  Routed source = route(snapshot(), "columns of the orders source");
  EXPECT_EQ(source.intent, "column");
  EXPECT_EQ(source.focus, id_of("shop.orders"));
  for (const auto& column : facts().columns.at("shop.orders")) {
    EXPECT_NE(text_of(source).find(column), std::string::npos) << column;
  }
  Routed semantic = route(snapshot(), "describe the orders semantic model");
  EXPECT_EQ(semantic.focus, "semantic_model." + facts().project + ".orders");
}

TEST_F(RouterOfflineTest, ModelsWithoutTestsAreTheOnesNoYamlOrSingularTestCovers) {
  std::set<std::string> expected;
  for (const auto& [name, refs] : facts().parents) {
    if (!snapshot().project.find(id_of(name)) || id_of(name).rfind("model.", 0) != 0) {
      continue; // snapshots
    }
    bool singular = std::any_of(facts().singular_tests.begin(), facts().singular_tests.end(),
                                [&](const auto& test) { return test.second.contains(name); });
    auto declared = facts().yaml_tests.find(name);
    if (!singular && (declared == facts().yaml_tests.end() || declared->second == 0)) {
      expected.insert(id_of(name));
    }
  }
  Routed routed = route(snapshot(), "which models have no tests?");
  EXPECT_EQ(routed.intent, "tests");
  EXPECT_EQ(cited_set(routed), expected);
  if (expected.empty()) {
    EXPECT_EQ(routed.answer.summary, "Every model has at least one test");
  }

  // A manifest whose models have no tests at all: every model is listed.
  STEWARD_REQUIRE_FIXTURES();
  fs::path manifest = steward::testing::dbt_fixture("openlineage/fail/manifest.json");
  auto built = knowledge::build_snapshot(manifest, {});
  ASSERT_TRUE(built) << built.error().to_string();
  std::ifstream in(manifest);
  std::set<std::string> models;
  const nlohmann::json nodes = nlohmann::json::parse(in)["nodes"];
  for (const auto& [id, node] : nodes.items()) {
    if (node["resource_type"] == "model") {
      models.insert(id);
    }
  }
  ASSERT_FALSE(models.empty());
  Routed bare = route(**built, "which models are untested");
  EXPECT_EQ(cited_set(bare), models);
}

TEST_F(RouterOfflineTest, ImpactCitesEverythingDownstreamAndTheExposures) {
  std::set<std::string> expected = ids_of(facts().downstream_models("stg_shop__orders"));
  for (const auto& [exposure, models] : facts().exposures) {
    for (const auto& model : models) {
      if (facts().downstream_models("stg_shop__orders").contains(model)) {
        expected.insert("exposure." + facts().project + "." + exposure);
      }
    }
  }
  for (const char* question :
       {"what breaks if I change stg_shop__orders?", "is it safe to drop stg_shop__orders",
        "if we rename stg_shop__orders what breaks?"}) {
    Routed routed = route(snapshot(), question);
    EXPECT_EQ(routed.intent, "impact") << question;
    std::set<std::string> cited = cited_set(routed);
    for (const auto& id : expected) {
      EXPECT_TRUE(cited.contains(id)) << id << " for " << question;
    }
  }
}

TEST_F(RouterOfflineTest, TyposInTheQuestionWordsAreForgiven) {
  EXPECT_EQ(route(snapshot(), "waht is upstream of dim_products").intent, "upstream");
  EXPECT_EQ(route(snapshot(), "descibe fct_orders").focus, id_of("fct_orders"));
  EXPECT_EQ(route(snapshot(), "what brekas if I change fct_orders").intent, "impact");
}

TEST_F(RouterOfflineTest, UnrecognisedQuestionsGetSearchHitsAndAHint) {
  Routed routed = route(snapshot(), "revenue by week for the finance dashboard");
  EXPECT_EQ(routed.intent, "search");
  EXPECT_NE(text_of(routed).find("didn't recognise"), std::string::npos) << text_of(routed);
  ASSERT_FALSE(routed.cited.empty());
  EXPECT_TRUE(cited_set(routed).contains("exposure." + facts().project + ".weekly_revenue"));

  // A concept that names no node is searched for too, without the hint.
  Routed policy = route(snapshot(), "what's our refund policy?");
  EXPECT_EQ(policy.intent, "search");
  EXPECT_TRUE(cited_set(policy).contains("doc." + facts().project + ".refund_policy"));
  EXPECT_EQ(text_of(policy).find("didn't recognise"), std::string::npos);
}

TEST_F(RouterOfflineTest, TheKnowledgeBaseAnswersWhatNoNodeHolds) {
  auto corpus = kb::Corpus::load(root() / "kb");
  ASSERT_TRUE(corpus) << corpus.error().to_string();
  Context context;
  context.kb = std::make_shared<const kb::Corpus>(std::move(*corpus));

  // examples/shop/kb/refund-policy.md, "Who pays for return shipping".
  Routed shipping = route(snapshot(), "who pays for return shipping?", context);
  EXPECT_EQ(shipping.intent, "knowledge");
  std::string text = text_of(shipping);
  EXPECT_NE(text.find("free for customers in the EU and the UK"), std::string::npos) << text;
  EXPECT_NE(text.find("refund-policy.md"), std::string::npos) << "the answer names its file: " << text;

  // Without the knowledge base the same question is only a search.
  EXPECT_NE(route(snapshot(), "who pays for return shipping?", {}).intent, "knowledge");

  // The exposure's own description covers every word of this one, a rule
  // only some: the project answers.
  Routed dashboard = route(snapshot(), "revenue by week for the finance dashboard", context);
  EXPECT_NE(dashboard.intent, "knowledge") << text_of(dashboard);
  EXPECT_TRUE(cited_set(dashboard).contains("exposure." + facts().project + ".weekly_revenue"))
      << text_of(dashboard);

  // Names of the project still go to their own intents.
  EXPECT_EQ(route(snapshot(), "what feeds fct_orders?", context).intent, "upstream");
}

TEST_F(RouterOfflineTest, CitedStartsWithTheFocusHasNoDuplicatesAndOnlyRealNodes) {
  const char* questions[] = {"what is fct_orders",
                             "columns of dim_customers",
                             "what feeds fct_orders",
                             "downstream of stg_shop__orders",
                             "lineage of fct_orders",
                             "impact of stg_shop__payments",
                             "how is fct_orders tested",
                             "who owns dim_customers",
                             "search revenue",
                             "which models have order_id",
                             "what is orders",
                             "what feeds fct_ordrs",
                             "path from shop.orders to weekly_revenue",
                             "where does fct_orders.amount_paid come from"};
  for (const char* question : questions) {
    Routed routed = route(snapshot(), question);
    EXPECT_FALSE(routed.cited.empty()) << question;
    if (!routed.focus.empty()) {
      EXPECT_EQ(routed.cited.front(), routed.focus) << question;
    }
    EXPECT_EQ(cited_set(routed).size(), routed.cited.size()) << "duplicates for " << question;
    for (const auto& id : routed.cited) {
      EXPECT_TRUE(snapshot().project.find(id).has_value()) << id << " for " << question;
    }
  }
  EXPECT_TRUE(route(snapshot(), "help").cited.empty());
  EXPECT_TRUE(route(snapshot(), "stats").cited.empty());
}

TEST_F(RouterOfflineTest, FailuresOfOneNodeShowItsProblemsWithTheMessages) {
  STEWARD_REQUIRE_FIXTURES();
  fs::path dir = steward::testing::dbt_fixture("openlineage/fail");
  auto built = knowledge::build_snapshot(dir / "manifest.json", {});
  ASSERT_TRUE(built) << built.error().to_string();
  std::ifstream in(dir / "run_results.json");
  std::string errored;
  std::string message;
  std::set<std::string> problems;
  const nlohmann::json results = nlohmann::json::parse(in)["results"];
  for (const auto& result : results) {
    if (result["status"] == "error" || result["status"] == "fail" || result["status"] == "warn") {
      problems.insert(result["unique_id"].get<std::string>());
      errored = result["unique_id"];
      message = result["message"];
    }
  }
  ASSERT_FALSE(errored.empty());
  Routed all = route(**built, "what failed last night and why?");
  EXPECT_EQ(all.intent, "failures");
  EXPECT_EQ(cited_set(all), problems);
  EXPECT_NE(text_of(all).find(message.substr(0, 20)), std::string::npos) << text_of(all);

  std::string name = errored.substr(errored.rfind('.') + 1);
  Routed one = route(**built, "why did " + name + " fail?");
  EXPECT_EQ(one.intent, "failures");
  EXPECT_EQ(one.focus, errored);
  EXPECT_NE(text_of(one).find(message.substr(0, 20)), std::string::npos);
}

} // namespace
} // namespace steward::router

namespace steward::router::detail {
namespace {

/// A question built from `phrasing` with the `pick`th alternative of every
/// word (clamped to the last one) and `fct_orders` for every capture.
std::string sample(const Phrasing& phrasing, std::size_t pick) {
  std::string out;
  std::istringstream words{std::string(phrasing.pattern)};
  for (std::string word; words >> word;) {
    std::vector<std::string> alternatives;
    std::istringstream split(word);
    for (std::string alternative; std::getline(split, alternative, '|');) {
      alternatives.push_back(alternative);
    }
    std::string chosen = word == "{}" ? "fct_orders" : alternatives[std::min(pick, alternatives.size() - 1)];
    out += (out.empty() ? "" : " ") + chosen;
  }
  return out;
}

TEST(RouterPhrasings, EveryPhrasingIsReachableAndNoneIsShadowedByAnotherIntent) {
  for (const Phrasing& phrasing : phrasings()) {
    for (std::size_t pick : {0U, 1U, 99U}) {
      std::string question = sample(phrasing, pick);
      Parsed parsed = parse(question);
      EXPECT_TRUE(parsed.matched) << question;
      EXPECT_EQ(intent_name(parsed.intent), intent_name(phrasing.intent))
          << "\"" << question << "\" from pattern \"" << phrasing.pattern << "\"";
    }
  }
}

TEST(RouterPhrasings, SubjectsLoseArticlesAndKindWordsButKeepTheKindAsAHint) {
  Parsed parsed = parse("what's downstream of the orders source?");
  EXPECT_EQ(parsed.subject, "orders");
  EXPECT_EQ(parsed.kind, "source");
  Parsed path = parse("does `fct_orders` depend on a stg_shop__orders model?");
  EXPECT_EQ(path.intent, Intent::path);
  EXPECT_EQ(path.subject, "stg_shop__orders") << "the upstream end comes first";
  EXPECT_EQ(path.target, "fct_orders");
  EXPECT_TRUE(path.yes_no);
  EXPECT_TRUE(path.reversed);
  EXPECT_EQ(parse("hey steward, can you tell me what feeds fct_orders please?").intent, Intent::upstream);
  EXPECT_EQ(parse("what are the PII columns").intent, Intent::describe)
      << "a leading capture takes one word only";
}

} // namespace
} // namespace steward::router::detail

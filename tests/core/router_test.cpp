// The deterministic router over the bundled example project. Expectations come
// from reading the project's SQL and YAML here (refs, columns, tests), not
// from the router's output.

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "core/answer/block_kit.hpp"
#include "core/answer/text.hpp"
#include "core/knowledge/snapshot.hpp"
#include "core/router/router.hpp"
#include "tests/core/shop_facts.hpp"
#include "tests/support/fixtures.hpp"

namespace steward::router {
namespace {

namespace fs = std::filesystem;
using steward::testing::ShopFacts;

class RouterTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    fs::path root = steward::testing::source_dir() / "examples" / "shop";
    auto built = knowledge::build_snapshot(root, {});
    ASSERT_TRUE(built) << built.error().to_string();
    s_snapshot = *built;
    s_facts = ShopFacts::load(root);
  }
  static void TearDownTestSuite() { s_snapshot.reset(); }

  static const knowledge::Snapshot& snapshot() { return *s_snapshot; }
  static const ShopFacts& facts() { return s_facts; }
  static std::string model_id(const std::string& name) { return "model." + s_facts.project + "." + name; }

  static std::string text_of(const answer::Answer& answer) {
    std::vector<answer::Choice> choices;
    return answer::render_text(answer, choices);
  }

  /// The items of the list right after the paragraph that reads `heading`.
  static std::vector<std::string> list_after(const answer::Answer& answer, const std::string& heading) {
    for (std::size_t i = 0; i + 1 < answer.blocks.size(); ++i) {
      const auto* paragraph = std::get_if<answer::Paragraph>(&answer.blocks[i]);
      const auto* list = std::get_if<answer::ListBlock>(&answer.blocks[i + 1]);
      if (paragraph != nullptr && list != nullptr && paragraph->markdown == heading) {
        return list->items;
      }
    }
    return {};
  }

  static std::vector<answer::Button> buttons_of(const answer::Answer& answer) {
    std::vector<answer::Button> out;
    for (const auto& block : answer.blocks) {
      if (const auto* actions = std::get_if<answer::Actions>(&block)) {
        out.insert(out.end(), actions->buttons.begin(), actions->buttons.end());
      }
    }
    return out;
  }

  static bool mentions(const std::vector<std::string>& items, const std::string& name) {
    return std::any_of(items.begin(), items.end(), [&](const std::string& item) {
      return item.find("`" + name + "`") != std::string::npos;
    });
  }

private:
  static inline std::shared_ptr<const knowledge::Snapshot> s_snapshot;
  static inline ShopFacts s_facts;
};

TEST_F(RouterTest, EmptyQuestionsAndHelpListWhatToAskAndTheSubcommands) {
  for (const char* question : {"", "   ", "help", "Help?", "hey steward"}) {
    Routed routed = route(snapshot(), question);
    EXPECT_EQ(routed.intent, "help") << question;
    EXPECT_TRUE(routed.focus.empty());
  }
  std::string text = text_of(help());
  for (const char* subcommand :
       {"/steward ask", "/steward lineage", "/steward describe", "/steward search", "/steward help"}) {
    EXPECT_NE(text.find(subcommand), std::string::npos) << subcommand;
  }
  EXPECT_FALSE(help().summary.empty());
}

TEST_F(RouterTest, DescribeAnswersEveryPhrasingWithTheSameNode) {
  for (const char* question : {"describe fct_orders", "what is fct_orders?", "What does `FCT_ORDERS` mean?",
                               "tell me about the fct_orders model", "explain fct_orders!", "fct_orders"}) {
    Routed routed = route(snapshot(), question);
    EXPECT_EQ(routed.intent, "describe") << question;
    EXPECT_EQ(routed.focus, model_id("fct_orders")) << question;
  }
}

TEST_F(RouterTest, RecognisesCommandsAndNaturalPhrasings) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"who owns fct_orders?", "owner"},
      {"ask what feeds fct_orders", "upstream"},
      {"/steward describe fct_orders", "describe"},
      {"What's upstream of fct_orders?", "upstream"},
      {"where do stg_shop__orders come from", "upstream"},
      {"what is downstream of fct_orders", "downstream"},
      {"trace fct_orders", "lineage"},
      {"what breaks if we change fct_orders", "impact"},
      {"what tests are on fct_orders", "tests"},
      {"is fct_orders tested?", "tests"},
      {"columns of fct_orders", "column"},
      {"what columns does fct_orders have", "column"},
      {"look for refunds", "search"},
      {"any failures?", "failures"},
      {"statistics", "stats"},
  };
  for (const auto& [question, intent] : cases) {
    Routed routed = route(snapshot(), question);
    EXPECT_EQ(routed.intent, intent) << question;
    if (intent != "search" && intent != "failures" && intent != "stats") {
      EXPECT_EQ(routed.focus,
                model_id(question.find("stg_shop__orders") != std::string::npos ? "stg_shop__orders"
                                                                                : "fct_orders"))
          << question;
    }
  }
  // A longer subject holding one node name is about that node.
  EXPECT_EQ(route(snapshot(), "what is the grain of fct_orders?").focus, model_id("fct_orders"));
}

TEST_F(RouterTest, DescribeShowsDescriptionColumnsCountsAndNavigationButtons) {
  Routed routed = route(snapshot(), "what is fct_orders?");
  const auto& answer = routed.answer;
  ASSERT_FALSE(answer.blocks.empty());
  const auto* header = std::get_if<answer::Header>(&answer.blocks.front());
  ASSERT_NE(header, nullptr);
  EXPECT_NE(header->text.find("fct_orders"), std::string::npos);
  EXPECT_NE(header->text.find("model"), std::string::npos);

  std::string text = text_of(answer);
  std::string description = facts().descriptions.at("fct_orders");
  EXPECT_NE(text.find(description.substr(0, 30)), std::string::npos) << text;
  for (const auto& column : facts().columns.at("fct_orders")) {
    EXPECT_NE(text.find(column), std::string::npos) << column;
  }
  std::size_t upstream = facts().upstream("fct_orders").size();
  EXPECT_NE(text.find(std::to_string(upstream) + " nodes upstream"), std::string::npos) << text;

  std::set<std::string> actions;
  for (const auto& button : buttons_of(answer)) {
    actions.insert(button.action);
    EXPECT_EQ(button.value, routed.focus);
  }
  EXPECT_EQ(actions, (std::set<std::string>{"steward.upstream", "steward.downstream", "steward.impact"}));
  EXPECT_NE(answer.summary.find("fct_orders"), std::string::npos);
}

TEST_F(RouterTest, UpstreamListsEverythingTheSqlReadsGroupedByDepth) {
  Routed routed = route(snapshot(), "What feeds `fct_orders`?");
  EXPECT_EQ(routed.intent, "upstream");
  EXPECT_EQ(routed.focus, model_id("fct_orders"));
  std::set<std::string> expected = facts().upstream("fct_orders");
  ASSERT_FALSE(expected.empty());
  std::string text = text_of(routed.answer);
  for (const auto& name : expected) {
    EXPECT_NE(text.find(name), std::string::npos) << name << " missing from\n" << text;
  }
  auto direct = list_after(routed.answer, "**Direct parents**");
  EXPECT_EQ(direct.size(), facts().parents.at("fct_orders").size());
  for (const auto& parent : facts().parents.at("fct_orders")) {
    EXPECT_TRUE(mentions(direct, parent)) << parent;
  }
  EXPECT_NE(routed.answer.summary.find(std::to_string(expected.size()) + " nodes upstream"),
            std::string::npos)
      << routed.answer.summary;
  bool has_tree =
      std::any_of(routed.answer.blocks.begin(), routed.answer.blocks.end(),
                  [](const answer::Block& block) { return std::holds_alternative<answer::Code>(block); });
  EXPECT_TRUE(has_tree) << "a small graph is drawn as a tree";
}

TEST_F(RouterTest, DownstreamListsEveryModelThatReadsTheNode) {
  for (const char* question : {"downstream of stg_shop__payments", "what uses stg_shop__payments?"}) {
    Routed routed = route(snapshot(), question);
    EXPECT_EQ(routed.intent, "downstream") << question;
    std::string text = text_of(routed.answer);
    std::set<std::string> expected = facts().downstream_models("stg_shop__payments");
    ASSERT_FALSE(expected.empty());
    for (const auto& name : expected) {
      EXPECT_NE(text.find(name), std::string::npos) << name;
    }
  }
}

TEST_F(RouterTest, FollowUpsWithoutANameUseTheFocus) {
  Routed first = route(snapshot(), "what is dim_customers");
  ASSERT_EQ(first.focus, model_id("dim_customers"));
  Routed feeds = route(snapshot(), "what feeds it?", Context{first.focus});
  EXPECT_EQ(feeds.intent, "upstream");
  EXPECT_EQ(feeds.focus, first.focus);
  for (const auto& parent : facts().parents.at("dim_customers")) {
    EXPECT_TRUE(mentions(list_after(feeds.answer, "**Direct parents**"), parent)) << parent;
  }
  Routed down = route(snapshot(), "and downstream?", Context{first.focus});
  EXPECT_EQ(down.intent, "downstream");
  EXPECT_EQ(down.focus, first.focus);

  Routed lost = route(snapshot(), "what feeds it?");
  EXPECT_EQ(lost.intent, "upstream");
  EXPECT_TRUE(lost.focus.empty());
  EXPECT_NE(text_of(lost.answer).find("Which node"), std::string::npos);
}

TEST_F(RouterTest, LineageShowsBothDirections) {
  Routed routed = route(snapshot(), "lineage int_orders__enriched");
  EXPECT_EQ(routed.intent, "lineage");
  std::string text = text_of(routed.answer);
  for (const auto& name : facts().upstream("int_orders__enriched")) {
    EXPECT_NE(text.find(name), std::string::npos) << name;
  }
  for (const auto& name : facts().downstream_models("int_orders__enriched")) {
    EXPECT_NE(text.find(name), std::string::npos) << name;
  }
}

TEST_F(RouterTest, ImpactNamesTheExposuresAChangeReaches) {
  std::set<std::string> reached = facts().downstream_models("stg_shop__orders");
  std::set<std::string> exposures;
  for (const auto& [exposure, models] : facts().exposures) {
    for (const auto& model : models) {
      if (reached.contains(model)) {
        exposures.insert(exposure);
      }
    }
  }
  ASSERT_FALSE(exposures.empty()) << "the example has a dashboard downstream of orders";
  for (const char* question :
       {"what breaks if I change stg_shop__orders?", "what breaks if stg_shop__orders changes",
        "what depends on stg_shop__orders", "impact stg_shop__orders"}) {
    Routed routed = route(snapshot(), question);
    EXPECT_EQ(routed.intent, "impact") << question;
    EXPECT_EQ(routed.focus, model_id("stg_shop__orders"));
    auto listed = list_after(routed.answer, "**Exposures affected**");
    for (const auto& exposure : exposures) {
      EXPECT_TRUE(mentions(listed, exposure)) << exposure;
    }
    auto direct = list_after(routed.answer, "**Directly affected**");
    for (const auto& [model, refs] : facts().parents) {
      if (refs.contains("stg_shop__orders")) {
        EXPECT_TRUE(mentions(direct, model)) << model;
      }
    }
  }
}

TEST_F(RouterTest, ColumnQuestionsGiveTheDescriptionAndSameNamedUpstreamColumns) {
  std::vector<std::string> sources;
  for (const auto& name : facts().upstream("fct_orders")) {
    auto it = facts().columns.find(name);
    if (it != facts().columns.end() &&
        std::find(it->second.begin(), it->second.end(), "customer_id") != it->second.end()) {
      sources.push_back(name);
    }
  }
  ASSERT_FALSE(sources.empty());
  for (const char* question :
       {"what is fct_orders.customer_id?", "where does fct_orders.customer_id come from",
        "what does column customer_id in fct_orders mean"}) {
    Routed routed = route(snapshot(), question);
    EXPECT_EQ(routed.intent, "column") << question;
    EXPECT_EQ(routed.focus, model_id("fct_orders"));
    auto listed = list_after(routed.answer, "**Likely sources** (upstream columns with the same name)");
    for (const auto& name : sources) {
      EXPECT_TRUE(mentions(listed, name + ".customer_id")) << name;
    }
    EXPECT_NE(text_of(routed.answer).find("The customer who placed the order."), std::string::npos);
  }
  Routed missing = route(snapshot(), "column custmer_id in fct_orders");
  EXPECT_EQ(missing.intent, "column");
  EXPECT_NE(text_of(missing.answer).find("customer_id"), std::string::npos)
      << "suggests the close column name";
}

TEST_F(RouterTest, TestsCountWhatTheYamlAndSingularTestsDeclare) {
  std::size_t expected = facts().yaml_tests.at("fct_orders");
  for (const auto& [name, refs] : facts().singular_tests) {
    expected += refs.contains("fct_orders") ? 1 : 0; // a singular test tests what it reads
  }
  Routed routed = route(snapshot(), "how is fct_orders tested?");
  EXPECT_EQ(routed.intent, "tests");
  EXPECT_EQ(routed.focus, model_id("fct_orders"));
  EXPECT_NE(routed.answer.summary.find("has " + std::to_string(expected) + " tests"), std::string::npos)
      << routed.answer.summary;
  EXPECT_EQ(route(snapshot(), "what tests fct_orders").intent, "tests");
  EXPECT_EQ(route(snapshot(), "tests fct_orders").intent, "tests");
}

TEST_F(RouterTest, FailuresWithoutRunResultsSayHowToProvideThem) {
  Routed routed = route(snapshot(), "what failed last night?");
  EXPECT_EQ(routed.intent, "failures");
  std::string text = text_of(routed.answer);
  EXPECT_NE(text.find("run_results.json"), std::string::npos) << text;
  EXPECT_NE(routed.answer.summary.find("run_results.json"), std::string::npos);
}

TEST_F(RouterTest, FailuresListTheProblemsOfTheLoadedRun) {
  STEWARD_REQUIRE_FIXTURES();
  fs::path dir = steward::testing::dbt_fixture("openlineage/fail");
  auto built = knowledge::build_snapshot(dir / "manifest.json", {});
  ASSERT_TRUE(built) << built.error().to_string();
  std::ifstream in(dir / "run_results.json");
  auto results = nlohmann::json::parse(in)["results"];
  std::vector<std::string> problems;
  std::size_t skipped = 0;
  for (const auto& result : results) {
    std::string status = result["status"];
    skipped += status == "skipped" ? 1 : 0;
    if (status == "error" || status == "fail" || status == "warn") {
      std::string id = result["unique_id"];
      problems.push_back(id.substr(id.rfind('.') + 1));
    }
  }
  ASSERT_FALSE(problems.empty());
  Routed routed = route(**built, "What failed?");
  EXPECT_EQ(routed.intent, "failures");
  std::string text = text_of(routed.answer);
  for (const auto& name : problems) {
    EXPECT_NE(text.find(name), std::string::npos) << name << "\n" << text;
  }
  EXPECT_NE(text.find("Syntax error"), std::string::npos) << "the error message is shown";
  EXPECT_NE(routed.answer.summary.find(std::to_string(problems.size()) + " error"), std::string::npos)
      << routed.answer.summary;
  EXPECT_NE(text.find(std::to_string(skipped) + " skipped"), std::string::npos);
}

TEST_F(RouterTest, StatsCountModelsLikeTheProjectFiles) {
  std::size_t models = 0;
  for (const auto& entry :
       fs::recursive_directory_iterator(steward::testing::source_dir() / "examples/shop/models")) {
    models += entry.path().extension() == ".sql" ? 1 : 0;
  }
  Routed routed = route(snapshot(), "stats");
  EXPECT_EQ(routed.intent, "stats");
  EXPECT_NE(routed.answer.summary.find(std::to_string(models) + " models"), std::string::npos)
      << routed.answer.summary;
}

TEST_F(RouterTest, SearchAndFallbackGiveHitsWithDescribeButtons) {
  for (const char* question : {"search revenue", "find revenue", "revenue per day numbers"}) {
    Routed routed = route(snapshot(), question);
    EXPECT_EQ(routed.intent, "search") << question;
    auto buttons = buttons_of(routed.answer);
    ASSERT_FALSE(buttons.empty()) << question;
    EXPECT_LE(buttons.size(), 3u);
    for (const auto& button : buttons) {
      EXPECT_EQ(button.action, "steward.describe");
      EXPECT_TRUE(snapshot().project.find(button.value).has_value()) << button.value;
    }
  }
  Routed idea = route(snapshot(), "what is customer lifetime value?");
  EXPECT_NE(text_of(idea.answer).find("customer_lifetime_value"), std::string::npos)
      << "a concept that names no node is searched for";
}

TEST_F(RouterTest, UnknownNamesGetDidYouMeanWithButtonsForTheSuggestions) {
  Routed routed = route(snapshot(), "what feeds fct_ordrs?");
  EXPECT_EQ(routed.intent, "upstream");
  EXPECT_TRUE(routed.focus.empty());
  std::string text = text_of(routed.answer);
  EXPECT_NE(text.find("couldn't find fct_ordrs"), std::string::npos) << text;
  auto buttons = buttons_of(routed.answer);
  bool suggests = std::any_of(buttons.begin(), buttons.end(), [&](const answer::Button& button) {
    return button.value == model_id("fct_orders") && button.action == "steward.upstream";
  });
  EXPECT_TRUE(suggests) << "the suggestion continues the question that was asked";
}

TEST_F(RouterTest, RunActionGivesTheSameAnswersAsTheQuestions) {
  std::string id = model_id("fct_orders");
  const std::vector<std::pair<const char*, const char*>> pairs = {
      {"steward.describe", "describe fct_orders"},
      {"steward.upstream", "upstream of fct_orders"},
      {"steward.downstream", "downstream of fct_orders"},
      {"steward.impact", "impact of fct_orders"},
  };
  for (const auto& [action, question] : pairs) {
    Routed clicked = run_action(snapshot(), action, id);
    Routed asked = route(snapshot(), question);
    EXPECT_EQ(clicked.intent, asked.intent) << action;
    EXPECT_EQ(clicked.focus, id);
    EXPECT_EQ(text_of(clicked.answer), text_of(asked.answer)) << action;
  }
  EXPECT_EQ(run_action(snapshot(), "steward.upstream#2", id).intent, "upstream")
      << "Block Kit suffix ignored";
  Routed unknown_action = run_action(snapshot(), "steward.explode", id);
  EXPECT_EQ(unknown_action.intent, "unknown");
  EXPECT_FALSE(unknown_action.answer.summary.empty());
  Routed gone = run_action(snapshot(), "steward.describe", "model.shop.removed_model");
  EXPECT_EQ(gone.intent, "unknown");
  EXPECT_NE(text_of(gone.answer).find("removed_model"), std::string::npos);
}

TEST_F(RouterTest, EveryAnswerHasAOneLineSummaryAndStaysSmall) {
  const char* questions[] = {"help",
                             "describe fct_orders",
                             "what is shop.orders",
                             "describe weekly_revenue",
                             "what is revenue",
                             "lineage dim_customers",
                             "upstream fct_revenue_daily",
                             "downstream shop.orders",
                             "impact shop.customers",
                             "tests dim_customers",
                             "columns dim_customers",
                             "failures",
                             "stats",
                             "search customers",
                             "zzzz qqqq",
                             "what is nothing_like_this",
                             "what is orders"};
  for (const char* question : questions) {
    Routed routed = route(snapshot(), question);
    EXPECT_FALSE(routed.answer.summary.empty()) << question;
    EXPECT_EQ(routed.answer.summary.find('\n'), std::string::npos) << question;
    EXPECT_LE(routed.answer.blocks.size(), 40u) << question;
    for (const auto& message : answer::render_block_kit(routed.answer)) {
      EXPECT_LE(message["blocks"].size(), 50u);
    }
  }
}

TEST_F(RouterTest, AmbiguousNamesListTheCandidates) {
  // `orders` names both the source table shop.orders and the semantic model.
  ASSERT_TRUE(facts().columns.contains("shop.orders"));
  Routed routed = route(snapshot(), "describe orders");
  EXPECT_EQ(routed.intent, "describe");
  EXPECT_TRUE(routed.focus.empty());
  std::set<std::string> values;
  for (const auto& button : buttons_of(routed.answer)) {
    EXPECT_EQ(button.action, "steward.describe");
    values.insert(button.value);
  }
  EXPECT_TRUE(values.contains("source." + facts().project + ".shop.orders"));
  EXPECT_TRUE(values.contains("semantic_model." + facts().project + ".orders"));
}

} // namespace
} // namespace steward::router

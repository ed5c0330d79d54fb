// Thread memory, grounding, rendering and lesson selection: the agent's pure
// helpers.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/agent/grounding.hpp"
#include "core/agent/lessons.hpp"
#include "core/agent/memory.hpp"
#include "core/agent/render.hpp"
#include "core/knowledge/snapshot.hpp"
#include "tests/support/fixtures.hpp"

namespace steward::agent {
namespace {

const knowledge::Snapshot& shop() {
  static const std::shared_ptr<const knowledge::Snapshot> snapshot = [] {
    auto built = knowledge::build_snapshot(steward::testing::source_dir() / "examples" / "shop", {});
    EXPECT_TRUE(built.has_value()) << built.error().to_string();
    return *built;
  }();
  return *snapshot;
}

std::string words(std::size_t count, const std::string& word) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) {
    text += (i == 0 ? "" : " ") + word;
  }
  return text;
}

TEST(AgentMemory, EverythingFitsAsWholeAlternatingTurns) {
  const std::vector<HistoryTurn> history{{true, "q1"}, {false, "a1"}, {true, "q2"}, {false, "a2"}};
  const std::vector<llm::Message> messages = history_messages(history, 1000);
  ASSERT_EQ(messages.size(), 4U);
  EXPECT_EQ(messages[0].role, llm::Role::user);
  EXPECT_EQ(messages[0].text, "q1");
  EXPECT_EQ(messages[3].role, llm::Role::assistant);
  EXPECT_EQ(messages[3].text, "a2");
}

TEST(AgentMemory, OldTurnsAreSummarisedNeverCut) {
  const std::string long_answer = words(400, "lorem"); // ~600 tokens
  const std::vector<HistoryTurn> history{
      {true, "what is fct_orders?"}, {false, long_answer},     {true, "and who owns dim_customers?"},
      {false, long_answer},          {true, "what feeds it?"}, {false, "short answer"}};
  const std::vector<llm::Message> messages = history_messages(history, 1000);
  ASSERT_FALSE(messages.empty());
  EXPECT_EQ(messages[0].role, llm::Role::user);
  EXPECT_EQ(messages[0].text.rfind("Earlier in this thread (", 0), 0U) << messages[0].text;
  EXPECT_NE(messages[0].text.find("“what is fct_orders?”"), std::string::npos);
  std::int64_t tokens = 0;
  for (const llm::Message& message : messages) {
    tokens += estimate_tokens(message.text);
    // Every kept turn is whole: either the summary or one of the turns verbatim.
    if (message.text.find("Earlier in this thread") == std::string::npos) {
      bool whole = false;
      for (const HistoryTurn& turn : history) {
        whole = whole || message.text.find(turn.text) != std::string::npos;
      }
      EXPECT_TRUE(whole) << message.text.substr(0, 80);
    }
  }
  EXPECT_LE(tokens, 1000);
  EXPECT_EQ(messages.back().text, "short answer");
  for (std::size_t i = 1; i < messages.size(); ++i) {
    EXPECT_NE(messages[i].role, messages[i - 1].role) << i; // alternates
  }
}

TEST(AgentMemory, ALeadingAnswerGetsAUserTurnBeforeIt) {
  const std::vector<llm::Message> messages = history_messages({{false, "an answer"}, {true, "q"}}, 1000);
  ASSERT_EQ(messages.size(), 3U);
  EXPECT_EQ(messages[0].role, llm::Role::user);
  EXPECT_EQ(messages[1].text, "an answer");
}

TEST(AgentMemory, ZeroBudgetKeepsOnlyANote) {
  const std::vector<llm::Message> messages = history_messages({{true, "q1"}, {false, "a1"}}, 0);
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_NE(messages[0].text.find("2 turns not shown"), std::string::npos);
}

TEST(AgentGrounding, KnownNodesColumnsAndQualifiedColumnsPass) {
  const Grounding g = check_grounding(shop().project,
                                      "`fct_orders` has `customer_id`; see `fct_orders.order_id`, "
                                      "model.shop.dim_customers and stg_shop__orders.",
                                      "");
  EXPECT_TRUE(g.unknown.empty()) << (g.unknown.empty() ? "" : g.unknown.front());
  std::vector<std::string> ids;
  for (const Mention& mention : g.known) {
    if (!mention.unique_id.empty()) {
      ids.push_back(mention.unique_id);
    }
  }
  EXPECT_EQ(ids.front(), "model.shop.fct_orders");
  EXPECT_NE(std::find(ids.begin(), ids.end(), "model.shop.dim_customers"), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), "model.shop.stg_shop__orders"), ids.end());
}

TEST(AgentGrounding, InventedNamesAreCaughtWithSuggestions) {
  const Grounding g = check_grounding(
      shop().project, "Use `fct_orderz`, column `fct_orders.revenue_usd` and stg_shop__refunds.", "");
  ASSERT_EQ(g.unknown.size(), 3U);
  EXPECT_EQ(g.unknown[0], "fct_orderz");
  EXPECT_EQ(g.suggestions[0], "fct_orders");
  EXPECT_EQ(g.unknown[1], "fct_orders.revenue_usd");
  EXPECT_EQ(g.unknown[2], "stg_shop__refunds");
}

TEST(AgentGrounding, VocabularySqlAndToolTextAreNotFlagged) {
  const Grounding g = check_grounding(shop().project,
                                      "Filter with `is_incremental`, `select count(*) from x` and "
                                      "`net_margin`.\n```sql\nselect fct_nope from y\n```",
                                      R"({"text": "net_margin is defined in the knowledge base"})");
  EXPECT_TRUE(g.unknown.empty()) << (g.unknown.empty() ? "" : g.unknown.front());
}

TEST(AgentGrounding, FlagMarksEachUnknownName) {
  Grounding g;
  g.unknown = {"fct_orderz"};
  g.suggestions = {"fct_orders"};
  EXPECT_EQ(flag_unknown("see `fct_orderz` now", g), "see `fct_orderz` ⚠️ now");
  EXPECT_NE(correction_note(g).find("did you mean `fct_orders`?"), std::string::npos);
}

TEST(AgentRender, MarkdownBecomesBlocks) {
  const std::vector<answer::Block> blocks =
      markdown_blocks("# Title\nIntro line\n\n1. first\n2. second\n\n```sql\nselect 1\n```\nafter");
  ASSERT_EQ(blocks.size(), 5U);
  EXPECT_EQ(std::get<answer::Paragraph>(blocks[0]).markdown, "**Title**");
  EXPECT_EQ(std::get<answer::Paragraph>(blocks[1]).markdown, "Intro line");
  EXPECT_EQ(std::get<answer::ListBlock>(blocks[2]).items,
            (std::vector<std::string>{"1. first", "2. second"}));
  EXPECT_EQ(std::get<answer::Code>(blocks[3]).language, "sql");
  EXPECT_EQ(std::get<answer::Code>(blocks[3]).text, "select 1");
  EXPECT_EQ(std::get<answer::Paragraph>(blocks[4]).markdown, "after");
}

store::Lesson lesson(store::LessonKind kind, std::string question, std::string text) {
  store::Lesson out;
  out.kind = kind;
  out.question = std::move(question);
  out.text = std::move(text);
  out.models = R"(["model.shop.fct_orders"])";
  return out;
}

TEST(AgentLessons, SimilarExamplesAndRelatedCorrectionsAreChosen) {
  const std::vector<store::Lesson> lessons{
      lesson(store::LessonKind::example, "what feeds fct_orders?", "fct_orders reads int_orders__enriched"),
      lesson(store::LessonKind::example, "who owns dim_customers?", "the growth team"),
      lesson(store::LessonKind::correction, "how is revenue computed?", "actually revenue excludes refunds")};
  const std::vector<Lesson> chosen = relevant_lessons(lessons, "which models feed fct_orders", 4);
  ASSERT_EQ(chosen.size(), 1U);
  EXPECT_EQ(chosen[0].kind, Lesson::Kind::example);
  EXPECT_EQ(chosen[0].models, std::vector<std::string>{"model.shop.fct_orders"});

  const std::vector<Lesson> revenue = relevant_lessons(lessons, "daily revenue by country", 4);
  ASSERT_EQ(revenue.size(), 1U);
  EXPECT_EQ(revenue[0].kind, Lesson::Kind::correction);
  EXPECT_TRUE(relevant_lessons(lessons, "what is the weather", 4).empty());
}

} // namespace
} // namespace steward::agent

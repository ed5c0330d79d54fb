// Terminal rendering of answers: layout per block kind, markup stripped,
// buttons as numbered choices.

#include <gtest/gtest.h>

#include "core/answer/text.hpp"

namespace steward::answer {
namespace {

TEST(AnswerText, ButtonsBecomeNumberedChoicesFromFirstChoiceAndAreAppended) {
  Answer answer;
  answer.summary = "s";
  answer.blocks.emplace_back(Actions{
      {{"Upstream", "steward.upstream", "model.p.a"}, {"Downstream", "steward.downstream", "model.p.a"}}});
  answer.blocks.emplace_back(Paragraph{"between"});
  answer.blocks.emplace_back(Actions{{{"Impact", "steward.impact", "model.p.b"}}});
  std::vector<Choice> choices = {{1, Button{"Earlier", "steward.describe", "x"}}};
  std::string text = render_text(answer, choices, 2);
  ASSERT_EQ(choices.size(), 4u);
  EXPECT_EQ(choices[0].button.label, "Earlier") << "existing choices are kept";
  EXPECT_EQ(choices[1].number, 2);
  EXPECT_EQ(choices[1].button.action, "steward.upstream");
  EXPECT_EQ(choices[2].number, 3);
  EXPECT_EQ(choices[2].button.value, "model.p.a");
  EXPECT_EQ(choices[3].number, 4);
  EXPECT_EQ(choices[3].button.action, "steward.impact");
  EXPECT_NE(text.find("[2] Upstream  [3] Downstream\n"), std::string::npos) << text;
  EXPECT_NE(text.find("[4] Impact\n"), std::string::npos) << text;
}

TEST(AnswerText, LaysOutEachBlockKindAndStripsMarkup) {
  Answer answer;
  answer.blocks.emplace_back(Header{"Café"});
  answer.blocks.emplace_back(Paragraph{"**bold**, _it_, `code` and [docs](https://d.example)"});
  answer.blocks.emplace_back(Fields{{{"Owner", "**finance**"}, {"Tags", "a, b"}}});
  answer.blocks.emplace_back(ListBlock{{"`one`", "two"}});
  answer.blocks.emplace_back(Code{"select 1\n\nfrom t", "sql"});
  answer.blocks.emplace_back(Context{"a hint"});
  answer.blocks.emplace_back(Divider{});
  std::vector<Choice> choices;
  std::string text = render_text(answer, choices);
  EXPECT_NE(text.find("Café\n====\n"), std::string::npos) << "underline as long as the characters: " << text;
  EXPECT_NE(text.find("bold, it, code and docs (https://d.example)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Owner: finance\nTags: a, b\n"), std::string::npos) << text;
  EXPECT_NE(text.find("- one\n- two\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    select 1\n\n    from t\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  a hint\n"), std::string::npos) << text;
  EXPECT_NE(text.find("---\n"), std::string::npos) << text;
  EXPECT_EQ(text.find('*'), std::string::npos) << text;
  EXPECT_EQ(text.find('`'), std::string::npos) << text;
  EXPECT_TRUE(choices.empty());
}

TEST(AnswerText, AnEmptyAnswerShowsItsSummary) {
  std::vector<Choice> choices;
  EXPECT_EQ(render_text(Answer{"Just this", {}}, choices), "Just this\n");
  EXPECT_EQ(render_text(Answer{}, choices), "(no answer)\n");
}

} // namespace
} // namespace steward::answer

// Store conformance, part 3: lessons the feedback loop learned (examples and
// corrections) and the feedback tallies behind `steward feedback stats`.
// Every test runs unchanged against SQLite and PostgreSQL
// (tests/support/store_fixture.hpp).
#include <string>
#include <vector>

#include "tests/support/store_fixture.hpp"

namespace steward::testing {
namespace {

using store::FeedbackKind;
using store::Id;
using store::LessonKind;
using store::NewLesson;
using store::NewTurn;

NewTurn turn_of(std::string role, std::string text) {
  return NewTurn{std::move(role), "U7", std::move(text), "", 3};
}

NewLesson lesson_of(LessonKind kind, Id answer, std::string user, std::string text) {
  return NewLesson{
      kind, answer, std::move(user), "what is fct_orders?", std::move(text), R"(["model.shop.fct_orders"])"};
}

std::vector<Id> ids_of(const std::vector<store::Lesson>& lessons) {
  std::vector<Id> ids;
  for (const auto& lesson : lessons) {
    ids.push_back(lesson.id);
  }
  return ids;
}

class StoreLessons : public StoreTest {
protected:
  /// A new conversation holding one question and its answer; the answer's id.
  Id answered(const std::string& thread, const std::string& question, const std::string& answer) {
    const Id conversation = must(store().conversation({"slack", "T01", "C42", thread}, at(0)));
    must(store().add_turn(conversation, turn_of("user", question), at(1)));
    return must(store().add_turn(conversation, turn_of("assistant", answer), at(2)));
  }
};
STEWARD_STORE_SUITE(StoreLessons);

// --- Lessons

TEST_P(StoreLessons, LessonsComeBackNewestFirstFilteredByKindAndLimited) {
  const Id a = answered("1.0", "q a", "answer a");
  const Id b = answered("2.0", "q b", "answer b");
  const Id first = must(store().add_lesson(lesson_of(LessonKind::example, a, "U1", "answer a"), at(10)));
  const Id second =
      must(store().add_lesson(lesson_of(LessonKind::correction, a, "U2", "it is per line item"), at(20)));
  const Id third = must(store().add_lesson(lesson_of(LessonKind::example, b, "U1", "answer b"), at(30)));

  auto all = must(store().lessons(std::nullopt, 10));
  EXPECT_EQ(ids_of(all), (std::vector<Id>{third, second, first}));
  const store::Lesson& correction = all[1];
  EXPECT_EQ(correction.kind, LessonKind::correction);
  EXPECT_EQ(correction.answer, a);
  EXPECT_EQ(correction.user, "U2");
  EXPECT_EQ(correction.question, "what is fct_orders?");
  EXPECT_EQ(correction.text, "it is per line item");
  EXPECT_EQ(correction.models, R"(["model.shop.fct_orders"])");
  EXPECT_EQ(correction.created_at, at(20));
  EXPECT_EQ(all[0].kind, LessonKind::example);
  EXPECT_EQ(all[0].answer, b);

  EXPECT_EQ(ids_of(must(store().lessons(LessonKind::example, 10))), (std::vector<Id>{third, first}));
  EXPECT_EQ(ids_of(must(store().lessons(LessonKind::correction, 10))), (std::vector<Id>{second}));
  EXPECT_EQ(ids_of(must(store().lessons(std::nullopt, 2))), (std::vector<Id>{third, second}));
  EXPECT_EQ(ids_of(must(store().lessons(LessonKind::example, 1))), (std::vector<Id>{third}));
  EXPECT_TRUE(must(store().lessons(std::nullopt, 0)).empty());
}

TEST_P(StoreLessons, AnExampleIsKeptOncePerAnswerAndUser) {
  const Id a = answered("1.0", "q", "answer a");
  const Id b = answered("2.0", "q", "answer b");
  const Id kept = must(store().add_lesson(lesson_of(LessonKind::example, a, "U1", "first"), at(10)));
  EXPECT_EQ(must(store().add_lesson(lesson_of(LessonKind::example, a, "U1", "second"), at(20))), kept);

  const Id other_user = must(store().add_lesson(lesson_of(LessonKind::example, a, "U2", "by U2"), at(30)));
  const Id other_answer = must(store().add_lesson(lesson_of(LessonKind::example, b, "U1", "on b"), at(40)));
  EXPECT_NE(other_user, kept);
  EXPECT_NE(other_answer, kept);
  EXPECT_NE(other_answer, other_user);

  auto examples = must(store().lessons(LessonKind::example, 10));
  EXPECT_EQ(ids_of(examples), (std::vector<Id>{other_answer, other_user, kept}));
  EXPECT_EQ(examples[2].text, "first"); // the repeat changed nothing
  EXPECT_EQ(examples[2].created_at, at(10));
}

TEST_P(StoreLessons, CorrectionsAreAlwaysAdded) {
  const Id a = answered("1.0", "q", "answer a");
  const Id example = must(store().add_lesson(lesson_of(LessonKind::example, a, "U1", "answer a"), at(5)));
  const Id one = must(store().add_lesson(lesson_of(LessonKind::correction, a, "U1", "fix"), at(10)));
  const Id two = must(store().add_lesson(lesson_of(LessonKind::correction, a, "U1", "fix"), at(20)));
  EXPECT_NE(one, two);
  EXPECT_NE(one, example);
  EXPECT_EQ(ids_of(must(store().lessons(LessonKind::correction, 10))), (std::vector<Id>{two, one}));
  EXPECT_EQ(must(store().lessons(std::nullopt, 10)).size(), 3U);
}

TEST_P(StoreLessons, RetractingAnExampleDeletesOnlyThatUsersExample) {
  const Id a = answered("1.0", "q", "answer a");
  const Id by_u1 = must(store().add_lesson(lesson_of(LessonKind::example, a, "U1", "answer a"), at(10)));
  const Id by_u2 = must(store().add_lesson(lesson_of(LessonKind::example, a, "U2", "answer a"), at(20)));
  const Id fix = must(store().add_lesson(lesson_of(LessonKind::correction, a, "U1", "fix"), at(30)));

  EXPECT_TRUE(must(store().retract_example(a, "U1")));
  EXPECT_FALSE(must(store().retract_example(a, "U1")));
  EXPECT_FALSE(must(store().retract_example(a + 1000, "U2")));
  EXPECT_FALSE(must(store().retract_example(a, "U3")));
  EXPECT_EQ(ids_of(must(store().lessons(std::nullopt, 10))), (std::vector<Id>{fix, by_u2}));

  // A new 👍 after the retraction is a new example.
  const Id again = must(store().add_lesson(lesson_of(LessonKind::example, a, "U1", "answer a"), at(40)));
  EXPECT_NE(again, by_u1);
  EXPECT_EQ(ids_of(must(store().lessons(LessonKind::example, 10))), (std::vector<Id>{again, by_u2}));
}

TEST_P(StoreLessons, ALessonForAMissingAnswerFailsAndWritesNothing) {
  const Id a = answered("1.0", "q", "answer a");
  for (const LessonKind kind : {LessonKind::example, LessonKind::correction}) {
    auto added = store().add_lesson(lesson_of(kind, a + 1000, "U1", "x"), at(10));
    ASSERT_FALSE(added.has_value());
    EXPECT_EQ(added.error().key, "store");
    EXPECT_NE(added.error().reason.find("answer " + std::to_string(a + 1000) + " does not exist"),
              std::string::npos)
        << added.error().reason;
  }
  EXPECT_TRUE(must(store().lessons(std::nullopt, 10)).empty());
  // The failure left the store usable.
  EXPECT_GT(must(store().add_lesson(lesson_of(LessonKind::example, a, "U1", "x"), at(20))), 0);
}

TEST_P(StoreLessons, LessonsSurviveReopening) {
  const Id a = answered("1.0", "q", "answer a");
  const Id id = must(store().add_lesson(lesson_of(LessonKind::correction, a, "U1", "fix"), at(10)));
  reopen();
  auto lessons = must(store().lessons(LessonKind::correction, 10));
  ASSERT_EQ(lessons.size(), 1U);
  EXPECT_EQ(lessons[0].id, id);
  EXPECT_EQ(lessons[0].text, "fix");
}

// --- Rated answers and the answer count

TEST_P(StoreLessons, RatedAnswersTallyReactionsButtonsAndComments) {
  const Id a = answered("1.0", "how many orders yesterday?", "42 orders");
  const Id b = answered("2.0", "q b", "answer b");
  answered("3.0", "q c", "never rated");
  must(store().add_feedback({a, "U1", FeedbackKind::reaction, "+1", at(10)}));
  must(store().add_feedback({a, "U2", FeedbackKind::button, "+1", at(11)}));
  must(store().add_feedback({a, "U3", FeedbackKind::button, "+1", at(12)}));
  must(store().add_feedback({a, "U4", FeedbackKind::reaction, "-1", at(13)}));
  must(store().add_feedback({a, "U5", FeedbackKind::button, "-1", at(14)}));
  must(store().add_feedback({a, "U6", FeedbackKind::reaction, "eyes", at(15)}));
  must(store().add_feedback({a, "U4", FeedbackKind::comment, "it counts cancelled orders", at(16)}));
  must(store().add_feedback({a, "U5", FeedbackKind::comment, "+1", at(17)})); // a comment, not a vote
  must(store().add_feedback({b, "U1", FeedbackKind::reaction, "-1", at(5)}));

  auto rated = must(store().rated_answers(10));
  ASSERT_EQ(rated.size(), 2U);
  EXPECT_EQ(rated[0].answer, a);
  EXPECT_EQ(rated[0].question, "how many orders yesterday?");
  EXPECT_EQ(rated[0].text, "42 orders");
  EXPECT_EQ(rated[0].helpful, 3);
  EXPECT_EQ(rated[0].not_helpful, 2);
  EXPECT_EQ(rated[0].comments, (std::vector<std::string>{"it counts cancelled orders", "+1"}));
  EXPECT_EQ(rated[0].last_feedback, at(17));
  EXPECT_EQ(rated[1].answer, b);
  EXPECT_EQ(rated[1].helpful, 0);
  EXPECT_EQ(rated[1].not_helpful, 1);
  EXPECT_TRUE(rated[1].comments.empty());
  EXPECT_EQ(rated[1].last_feedback, at(5));
}

TEST_P(StoreLessons, TheQuestionIsTheNewestEarlierUserTurnOfTheSameConversation) {
  const Id here = must(store().conversation({"slack", "T01", "C42", "1.0"}, at(0)));
  const Id there = must(store().conversation({"slack", "T01", "C42", "2.0"}, at(0)));
  const Id empty = must(store().conversation({"slack", "T01", "C42", "3.0"}, at(0)));
  must(store().add_turn(here, turn_of("user", "first question"), at(1)));
  must(store().add_turn(there, turn_of("user", "a question elsewhere"), at(2)));
  const Id first = must(store().add_turn(here, turn_of("assistant", "first answer"), at(3)));
  must(store().add_turn(here, turn_of("user", "follow-up"), at(4)));
  must(store().add_turn(here, turn_of("assistant", "thinking out loud"), at(5)));
  const Id second = must(store().add_turn(here, turn_of("assistant", "second answer"), at(6)));
  must(store().add_turn(there, turn_of("user", "later elsewhere"), at(7)));
  must(store().add_turn(here, turn_of("user", "a later question"), at(8)));
  const Id lonely = must(store().add_turn(empty, turn_of("assistant", "unprompted"), at(9)));
  must(store().add_turn(empty, turn_of("user", "asked afterwards"), at(10)));

  must(store().add_feedback({first, "U1", FeedbackKind::reaction, "+1", at(30)}));
  must(store().add_feedback({second, "U1", FeedbackKind::reaction, "+1", at(20)}));
  must(store().add_feedback({lonely, "U1", FeedbackKind::reaction, "+1", at(10)}));

  auto rated = must(store().rated_answers(10));
  ASSERT_EQ(rated.size(), 3U);
  EXPECT_EQ(rated[0].answer, first);
  EXPECT_EQ(rated[0].question, "first question");
  EXPECT_EQ(rated[1].answer, second);
  EXPECT_EQ(rated[1].question, "follow-up");
  EXPECT_EQ(rated[1].text, "second answer");
  EXPECT_EQ(rated[2].answer, lonely);
  EXPECT_EQ(rated[2].question, "");
}

TEST_P(StoreLessons, RatedAnswersComeLatestFeedbackFirstAndLimited) {
  const Id a = answered("1.0", "q a", "answer a");
  const Id b = answered("2.0", "q b", "answer b");
  const Id c = answered("3.0", "q c", "answer c");
  // a was rated first but also last; b's only rating is older than c's.
  must(store().add_feedback({a, "U1", FeedbackKind::reaction, "+1", at(10)}));
  must(store().add_feedback({b, "U1", FeedbackKind::reaction, "+1", at(20)}));
  must(store().add_feedback({c, "U1", FeedbackKind::comment, "hm", at(30)}));
  must(store().add_feedback({a, "U2", FeedbackKind::button, "-1", at(40)}));

  auto answers_of = [](const std::vector<store::RatedAnswer>& rated) {
    std::vector<Id> ids;
    for (const auto& one : rated) {
      ids.push_back(one.answer);
    }
    return ids;
  };
  EXPECT_EQ(answers_of(must(store().rated_answers(10))), (std::vector<Id>{a, c, b}));
  auto top = must(store().rated_answers(2));
  EXPECT_EQ(answers_of(top), (std::vector<Id>{a, c}));
  EXPECT_EQ(top[0].helpful, 1);
  EXPECT_EQ(top[0].not_helpful, 1);
  EXPECT_EQ(top[1].comments, (std::vector<std::string>{"hm"}));
  EXPECT_TRUE(must(store().rated_answers(0)).empty());
}

TEST_P(StoreLessons, NoFeedbackMeansNoRatedAnswers) {
  answered("1.0", "q", "a");
  EXPECT_TRUE(must(store().rated_answers(10)).empty());
}

TEST_P(StoreLessons, AnswerCountCountsAssistantTurns) {
  EXPECT_EQ(must(store().answer_count()), 0);
  answered("1.0", "q", "a");
  answered("2.0", "q", "b");
  const Id conversation = must(store().conversation({"slack", "T01", "C42", "1.0"}, at(0)));
  must(store().add_turn(conversation, turn_of("user", "more?"), at(3)));
  must(store().add_turn(conversation, turn_of("assistant", "more"), at(4)));
  must(store().add_turn(conversation, turn_of("user", "thanks"), at(5)));
  EXPECT_EQ(must(store().answer_count()), 3);
}

} // namespace
} // namespace steward::testing

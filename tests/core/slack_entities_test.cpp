// Slack's escaping of typed text undone for code (SQL, specs).

#include <gtest/gtest.h>

#include "core/slack/entities.hpp"

namespace steward::slack {
namespace {

TEST(SlackEntitiesTest, TypedBracketsAndAmpersandsComeBack) {
  EXPECT_EQ(decode_entities("select * from t where a &gt; 1 and b &lt;&gt; 'x &amp; y'"),
            "select * from t where a > 1 and b <> 'x & y'");
  EXPECT_EQ(decode_entities("SAT_ORDER }o--|| HUB_ORDER : &quot;has&quot;"),
            "SAT_ORDER }o--|| HUB_ORDER : &quot;has&quot;")
      << "other entities are kept";
  EXPECT_EQ(decode_entities("&amp;lt;"), "&lt;") << "one pass: what was typed";
  EXPECT_EQ(decode_entities("a & b &"), "a & b &");
  EXPECT_EQ(decode_entities(""), "");
}

} // namespace
} // namespace steward::slack

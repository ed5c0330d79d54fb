#include <gtest/gtest.h>

#include "core/slack/form.hpp"
#include "tests/core/slack_payloads.hpp"

namespace steward::slack {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

TEST(SlackForm, ParsesSlashCommandVector) {
  const auto fields = parse_form(payloads::k_slash_command_form);
  ASSERT_TRUE(fields.has_value());
  ASSERT_EQ(fields->size(), 11U);
  EXPECT_EQ((*fields)[0], (std::pair<std::string, std::string>{"token", "xyzz0WbapA4vBCDEFasx0q6G"}));
  EXPECT_EQ((*fields)[7], (std::pair<std::string, std::string>{"command", "/webhook-collect"}));
  EXPECT_EQ((*fields)[8], (std::pair<std::string, std::string>{"text", ""}));
  EXPECT_EQ((*fields)[9].second,
            "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN");
  EXPECT_EQ((*fields)[10].first, "trigger_id");
}

TEST(SlackForm, PlusIsSpaceAndEscapesDecode) {
  EXPECT_EQ(parse_form("text=what+feeds%20orders%2B%3F&x=%C3%A9"),
            (Fields{{"text", "what feeds orders+?"}, {"x", "\xc3\xa9"}}));
  EXPECT_EQ(url_decode("a+b%2Bc", /*plus_is_space=*/false), "a+b+c");
  EXPECT_EQ(url_decode("a+b"), "a b");
  EXPECT_EQ(url_decode("%41%6a%6A"), "Ajj");
}

TEST(SlackForm, EmptyPiecesAndMissingValues) {
  EXPECT_EQ(parse_form(""), Fields{});
  EXPECT_EQ(parse_form("a=1&&b=2&"), (Fields{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(parse_form("flag&k="), (Fields{{"flag", ""}, {"k", ""}}));
  EXPECT_EQ(parse_form("k=a=b"), (Fields{{"k", "a=b"}}));
}

TEST(SlackForm, RejectsMalformedEscapes) {
  for (const std::string_view bad : {"%", "%4", "a=%zz", "a=%G1", "a=b%", "%%", "a=%4x&b=1"}) {
    EXPECT_FALSE(parse_form(bad).has_value()) << bad;
    EXPECT_FALSE(url_decode(bad.substr(bad.find('=') + 1)).has_value()) << bad;
  }
}

TEST(SlackForm, EncodesEverythingButUnreserved) {
  EXPECT_EQ(url_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(url_encode("a b/c?d=e&f+"), "a%20b%2Fc%3Fd%3De%26f%2B");
  EXPECT_EQ(url_encode("\xc3\xa9"), "%C3%A9");
  EXPECT_EQ(url_encode(""), "");
}

TEST(SlackForm, EncodeDecodeRoundTripsEveryByte) {
  std::string all;
  for (int byte = 0; byte < 256; ++byte) {
    all.push_back(static_cast<char>(byte));
  }
  const std::string encoded = url_encode(all);
  EXPECT_EQ(url_decode(encoded), all);
  EXPECT_EQ(url_decode(encoded, false), all);
  const auto fields = parse_form("k=" + encoded);
  ASSERT_TRUE(fields.has_value());
  EXPECT_EQ(fields->at(0).second, all);
}

} // namespace
} // namespace steward::slack

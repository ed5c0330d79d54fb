#include <cctype>
#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

#include "adapters/slack/signature.hpp"

namespace steward::slack {
namespace {

// Slack's official vector ("Verifying requests from Slack"; reference §1).
constexpr std::string_view k_secret = "8f742231b10e8888abcd99yyyzzz85a5";
constexpr std::string_view k_timestamp = "1531420618";
constexpr std::int64_t k_now = 1531420618;
constexpr std::string_view k_body =
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&"
    "channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&"
    "response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%"
    "2F96rGlfmibIGlgcZRskXaIFfN&"
    "trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
constexpr std::string_view k_signature =
    "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

Verdict verify(std::string_view body, std::string_view signature, std::int64_t now = k_now,
               std::string_view timestamp = k_timestamp) {
  return verify_signature(k_secret, timestamp, signature, body, now);
}

TEST(SlackSignature, OfficialVectorVerifies) {
  EXPECT_EQ(verify(k_body, k_signature), Verdict::ok);
  EXPECT_EQ(sign(k_secret, k_timestamp, k_body), k_signature);
}

TEST(SlackSignature, ExtraVectors) {
  const std::string_view challenge =
      R"({"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"})";
  const std::string_view challenge_signature =
      "v0=f9bd80929259f3f6d5fe3a3186c453c89cd1ad4862815a15837584f31c993652";
  const std::string_view empty_signature =
      "v0=55f41ec73231010289b54e669149ea021fccab11b5524355523533ce930cb739";
  EXPECT_EQ(verify(challenge, challenge_signature), Verdict::ok);
  EXPECT_EQ(verify("", empty_signature), Verdict::ok);
  EXPECT_EQ(sign(k_secret, k_timestamp, challenge), challenge_signature);
  EXPECT_EQ(sign(k_secret, k_timestamp, ""), empty_signature);
  EXPECT_EQ(verify("", challenge_signature), Verdict::mismatch);
}

TEST(SlackSignature, ChangedBodyOrSecretMismatches) {
  EXPECT_EQ(verify(std::string(k_body) + "------", k_signature), Verdict::mismatch);
  EXPECT_EQ(verify(k_body.substr(1), k_signature), Verdict::mismatch);
  EXPECT_EQ(verify_signature("another-secret", k_timestamp, k_signature, k_body, k_now), Verdict::mismatch);
  std::string flipped(k_signature);
  flipped.back() = flipped.back() == '3' ? '4' : '3';
  EXPECT_EQ(verify(k_body, flipped), Verdict::mismatch);
}

TEST(SlackSignature, UppercaseHexIsTheSameSignature) {
  std::string upper(k_signature);
  for (std::size_t i = 3; i < upper.size(); ++i) {
    upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[i])));
  }
  EXPECT_EQ(verify(k_body, upper), Verdict::ok);
}

TEST(SlackSignature, ReplayWindowIsFiveMinutesEitherWay) {
  EXPECT_EQ(verify(k_body, k_signature, k_now + 300), Verdict::ok);
  EXPECT_EQ(verify(k_body, k_signature, k_now - 300), Verdict::ok);
  EXPECT_EQ(verify(k_body, k_signature, k_now + 301), Verdict::stale);
  EXPECT_EQ(verify(k_body, k_signature, k_now - 301), Verdict::stale);
  EXPECT_EQ(verify(k_body, k_signature, 0), Verdict::stale);
  EXPECT_EQ(verify(k_body, k_signature, std::numeric_limits<std::int64_t>::min()), Verdict::stale);
  EXPECT_EQ(verify(k_body, k_signature, std::numeric_limits<std::int64_t>::max()), Verdict::stale);
  EXPECT_EQ(verify(k_body, k_signature, k_now, "9223372036854775807"), Verdict::stale);
}

TEST(SlackSignature, MissingHeaders) {
  EXPECT_EQ(verify_signature(k_secret, std::nullopt, k_signature, k_body, k_now), Verdict::missing);
  EXPECT_EQ(verify_signature(k_secret, k_timestamp, std::nullopt, k_body, k_now), Verdict::missing);
  EXPECT_EQ(verify_signature(k_secret, std::nullopt, std::nullopt, k_body, k_now), Verdict::missing);
  EXPECT_EQ(verify_signature(k_secret, "", k_signature, k_body, k_now), Verdict::missing);
  EXPECT_EQ(verify_signature(k_secret, k_timestamp, "", k_body, k_now), Verdict::missing);
}

TEST(SlackSignature, MalformedHeaders) {
  const std::string hex(k_signature.substr(3));
  EXPECT_EQ(verify(k_body, "v1=" + hex), Verdict::malformed);
  EXPECT_EQ(verify(k_body, hex), Verdict::malformed);
  EXPECT_EQ(verify(k_body, k_signature.substr(0, k_signature.size() - 1)), Verdict::malformed);
  EXPECT_EQ(verify(k_body, std::string(k_signature) + "0"), Verdict::malformed);
  EXPECT_EQ(verify(k_body, "v0=" + hex.substr(0, 63) + "g"), Verdict::malformed);
  EXPECT_EQ(verify(k_body, "v0=" + hex.substr(0, 63) + " "), Verdict::malformed);
  EXPECT_EQ(verify(k_body, k_signature, k_now, "15314206l8"), Verdict::malformed);
  EXPECT_EQ(verify(k_body, k_signature, k_now, "-1531420618"), Verdict::malformed);
  EXPECT_EQ(verify(k_body, k_signature, k_now, " 1531420618"), Verdict::malformed);
  EXPECT_EQ(verify(k_body, k_signature, k_now, "1531420618.5"), Verdict::malformed);
  EXPECT_EQ(verify(k_body, k_signature, k_now, "99999999999999999999999"), Verdict::malformed);
}

} // namespace
} // namespace steward::slack

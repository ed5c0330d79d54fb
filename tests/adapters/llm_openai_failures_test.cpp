// The OpenAI-compatible Chat Completions provider's failure paths against the
// fake LLM over loopback HTTP: timeouts, 5xx retried and running out, 429
// with Retry-After, 401 not retried (and the key never shown), malformed
// answers, an unreachable port and bad options, each with a clear error.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/llm/llm.hpp"
#include "tests/support/fake_llm.hpp"
#include "tests/support/llm_harness.hpp"
#include "tests/support/net_harness.hpp"

namespace steward::llm {
namespace {

using namespace std::chrono_literals;
using steward::testing::FakeLlm;
using steward::testing::IoThread;
using steward::testing::question;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using Clock = std::chrono::steady_clock;

constexpr const char* k_path = "/v1/chat/completions";
class OpenAiFailureTest : public steward::testing::LanguageModelTest {
protected:
  OpenAiFailureTest() : LanguageModelTest("openai", "gpt-test") {}
};

TEST_F(OpenAiFailureTest, TimeoutIsAnErrorNamingTheLimit) {
  FakeLlm::Reply slow;
  slow.delay = 1500ms;
  m_fake.push(slow);
  Request request = question("hi");
  request.timeout = 300ms;
  const auto start = Clock::now();
  auto response = model().complete(request);
  const auto elapsed = Clock::now() - start;
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().key, "llm");
  EXPECT_EQ(response.error().reason, "openai timed out after 300 ms");
  EXPECT_LT(elapsed, 1200ms);
  EXPECT_EQ(counted("timeout"), 1);
}

TEST_F(OpenAiFailureTest, ServerErrorIsRetriedThenSucceeds) {
  FakeLlm::Reply failure;
  failure.status = 500;
  failure.error_message = "The server had an error while processing your request.";
  FakeLlm::Reply answer;
  answer.text = "recovered";
  m_fake.push(failure);
  m_fake.push(answer);
  auto response = model().complete(question("hi"));
  ASSERT_TRUE(response) << response.error().to_string();
  EXPECT_EQ(response->text, "recovered");
  EXPECT_EQ(m_fake.requests(k_path).size(), 2U);
  EXPECT_EQ(counted("http_500"), 1);
  EXPECT_EQ(counted("ok"), 1);
}

TEST_F(OpenAiFailureTest, ServerErrorsUntilAttemptsRunOutGiveTheProviderMessage) {
  FakeLlm::Reply failure;
  failure.status = 503;
  failure.error_message = "The engine is currently overloaded.";
  for (int i = 0; i < 4; ++i) {
    m_fake.push(failure);
  }
  auto response = model().complete(question("hi")); // three attempts
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().key, "llm");
  EXPECT_THAT(response.error().reason,
              StartsWith("openai returned HTTP 503: The engine is currently overloaded."));
  EXPECT_THAT(response.error().reason, HasSubstr("3 attempts"));
  EXPECT_EQ(m_fake.requests(k_path).size(), 3U);
  EXPECT_EQ(counted("http_503"), 3);
}

TEST_F(OpenAiFailureTest, RateLimitWaitsForRetryAfter) {
  FakeLlm::Reply limited;
  limited.status = 429;
  limited.error_message = "Rate limit reached for requests";
  limited.retry_after = "1";
  m_fake.push(limited);
  const auto start = Clock::now();
  auto response = model().complete(question("hi"));
  const auto elapsed = Clock::now() - start;
  ASSERT_TRUE(response) << response.error().to_string();
  EXPECT_GE(elapsed, 950ms); // the back-off alone would be 20 ms
  EXPECT_EQ(m_fake.requests(k_path).size(), 2U);
  EXPECT_EQ(counted("http_429"), 1);
}

TEST_F(OpenAiFailureTest, RateLimitBeyondTheDeadlineGivesUpAtOnce) {
  FakeLlm::Reply limited;
  limited.status = 429;
  limited.error_message = "Rate limit reached for requests";
  limited.retry_after = "30";
  m_fake.push(limited);
  const auto start = Clock::now();
  auto response = model().complete(question("hi"));
  ASSERT_FALSE(response);
  EXPECT_LT(Clock::now() - start, 1s);
  EXPECT_THAT(response.error().reason,
              StartsWith("openai returned HTTP 429: Rate limit reached for requests"));
  EXPECT_THAT(response.error().reason, HasSubstr("30 s"));
  EXPECT_EQ(m_fake.requests(k_path).size(), 1U);
}

TEST_F(OpenAiFailureTest, UnauthorizedIsNotRetriedAndNeverShowsTheKey) {
  ProviderOptions settings = options();
  settings.api_key = "sk-wrong-0123456789abcdef";
  auto response = model(settings).complete(question("hi"));
  ASSERT_FALSE(response);
  EXPECT_THAT(response.error().reason, StartsWith("openai returned HTTP 401: Incorrect API key provided"));
  EXPECT_THAT(response.error().to_string(), Not(HasSubstr(settings.api_key)));
  EXPECT_EQ(m_fake.requests(k_path).size(), 1U);
  // The fake did echo the key: the adapter took it out.
  EXPECT_EQ(m_fake.requests(k_path)[0].header("authorization"), "Bearer " + settings.api_key);
  EXPECT_EQ(counted("http_401"), 1);
}

TEST_F(OpenAiFailureTest, MalformedJsonIsAnError) {
  FakeLlm::Reply broken;
  broken.raw_body = R"({"choices": [{"message": )";
  m_fake.push(broken);
  auto response = model().complete(question("hi"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().to_string(), "llm: openai sent a malformed response: the body is not JSON");
  EXPECT_EQ(counted("malformed"), 1);
  EXPECT_EQ(m_fake.requests(k_path).size(), 1U);
}

TEST_F(OpenAiFailureTest, AnswerWithoutChoicesIsMalformed) {
  FakeLlm::Reply empty;
  empty.raw_body = R"({"id":"x","choices":[]})";
  m_fake.push(empty);
  auto response = model().complete(question("hi"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().reason, "openai sent a malformed response: $.choices missing");
}

TEST_F(OpenAiFailureTest, ToolCallWithoutANameIsMalformedNotPartial) {
  FakeLlm::Reply nameless;
  nameless.text = "calling";
  nameless.tool_calls = {{"call_1", "get_node", "{}"}, {"call_2", "", "{}"}};
  m_fake.push(nameless);
  auto response = model().complete(question("hi"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().reason,
            "openai sent a malformed response: $.choices[0].message.tool_calls[1].function.name missing");
  EXPECT_EQ(counted("malformed"), 1);
  EXPECT_EQ(counted("ok"), 0);
}

TEST_F(OpenAiFailureTest, ErrorInsideA200AnswerIsReported) {
  FakeLlm::Reply proxied;
  proxied.raw_body = R"({"error":{"message":"Provider returned error","code":502}})";
  m_fake.push(proxied);
  auto response = model().complete(question("hi"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().reason, "openai returned an error: Provider returned error");
}

TEST_F(OpenAiFailureTest, UnreachablePortFailsAfterTheAttempts) {
  ProviderOptions settings = options();
  const unsigned short port = steward::testing::unused_port();
  settings.base_url = "http://127.0.0.1:" + std::to_string(port) + "/v1";
  settings.max_attempts = 2;
  auto response = model(settings).complete(question("hi"));
  ASSERT_FALSE(response);
  EXPECT_THAT(response.error().reason,
              StartsWith("openai is unreachable at 127.0.0.1:" + std::to_string(port)));
  EXPECT_THAT(response.error().reason, HasSubstr("2 attempts"));
  EXPECT_EQ(counted("unreachable"), 2);
}

TEST(OpenAiOptionsTest, RefusesBadOptionsWithTheConfigKey) {
  IoThread io;
  ProviderOptions options;
  options.provider = "openai";
  options.model = "gpt-test";
  for (const char* url :
       {"ftp://example.com/v1", "example.com/v1", "http://", "http://user:hunter2@example.com/v1",
        "http://example.com:99999/v1", "http://exa mple.com/v1"}) {
    options.base_url = url;
    auto made = make_language_model(io.executor(), options);
    ASSERT_FALSE(made) << url;
    EXPECT_EQ(made.error().key, "llm.base_url") << url;
    EXPECT_THAT(made.error().reason, Not(HasSubstr("hunter2")));
  }
  options.base_url.clear(); // the default, https://api.openai.com/v1
  EXPECT_TRUE(make_language_model(io.executor(), options));
  options.model.clear();
  EXPECT_EQ(make_language_model(io.executor(), options).error().key, "llm.model");
  options.model = "gpt-test";
  options.provider = "gemini";
  auto unknown = make_language_model(io.executor(), options);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().to_string(),
            R"(llm.provider: unknown provider "gemini" (expected openai or anthropic))");
}

} // namespace
} // namespace steward::llm

// The fake LLM itself, spoken to with the raw HTTP client: its routing and
// authentication, the protocol of each path, scripted replies (queue and
// responder) and its deterministic embeddings.

#include <cmath>

#include <gtest/gtest.h>

#include "adapters/http/client.hpp"
#include "tests/support/fake_llm.hpp"
#include "tests/support/net_harness.hpp"

namespace steward::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

class FakeLlmTest : public ::testing::Test {
protected:
  http::ClientResponse post(const std::string& path, const json& body, http::Headers headers) {
    http::ClientRequest request;
    request.url = "http://127.0.0.1:" + std::to_string(m_fake.port()) + path;
    request.headers = std::move(headers);
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = body.dump();
    auto response = m_io.await(m_client->send(std::move(request)));
    if (!response) {
      throw std::runtime_error(response.error().error.to_string());
    }
    return std::move(*response);
  }

  FakeLlm m_fake;
  IoThread m_io;
  std::unique_ptr<http::Client> m_client = http::make_client(m_io.executor());
};

const http::Headers k_openai_auth = {{"Authorization", "Bearer sk-test"}};
const http::Headers k_anthropic_auth = {{"x-api-key", "sk-test"}, {"anthropic-version", "2023-06-01"}};

TEST_F(FakeLlmTest, ChecksEachProtocolsCredentials) {
  const json body = {{"model", "m"}, {"messages", json::array()}};
  auto missing = post("/v1/chat/completions", body, {});
  EXPECT_EQ(missing.status, 401);
  EXPECT_TRUE(json::parse(missing.body)["error"].contains("message"));
  auto no_version = post("/v1/messages", body, {{"x-api-key", "sk-test"}});
  EXPECT_EQ(no_version.status, 401);
  EXPECT_EQ(json::parse(no_version.body)["type"], "error");
  EXPECT_EQ(post("/v1/messages", body, k_anthropic_auth).status, 200);
  EXPECT_EQ(post("/v1/chat/completions", body, k_openai_auth).status, 200);
  EXPECT_EQ(post("/v1/unknown", body, k_openai_auth).status, 404);
  EXPECT_EQ(m_fake.requests().size(), 5U);
  EXPECT_EQ(m_fake.requests("/v1/messages").size(), 2U);
}

TEST_F(FakeLlmTest, RendersOneScriptInEitherProtocol) {
  FakeLlm::Reply reply;
  reply.text = "hi";
  reply.tool_calls = {{"id1", "get_node", R"({"name":"a"})"}};
  m_fake.push(reply);
  m_fake.push(reply);
  const json body = {{"model", "m"}, {"messages", json::array()}};
  const json openai = json::parse(post("/v1/chat/completions", body, k_openai_auth).body);
  EXPECT_EQ(openai["choices"][0]["finish_reason"], "tool_calls");
  EXPECT_EQ(openai["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"], R"({"name":"a"})");
  EXPECT_EQ(openai["usage"]["prompt_tokens"], 50);
  const json anthropic = json::parse(post("/v1/messages", body, k_anthropic_auth).body);
  EXPECT_EQ(anthropic["stop_reason"], "tool_use");
  EXPECT_EQ(anthropic["content"][1]["input"], json({{"name", "a"}}));
  EXPECT_EQ(anthropic["usage"]["output_tokens"], 20);
}

TEST_F(FakeLlmTest, ResponderComesBeforeTheQueue) {
  FakeLlm::Reply queued;
  queued.text = "queued";
  m_fake.push(queued);
  m_fake.set_responder([](const FakeLlm::Request& request) -> std::optional<FakeLlm::Reply> {
    if (request.json["messages"].empty()) {
      return std::nullopt;
    }
    FakeLlm::Reply reply;
    reply.text = "responder";
    return reply;
  });
  const json asked = {{"model", "m"}, {"messages", json::array({{{"role", "user"}, {"content", "x"}}})}};
  const json empty = {{"model", "m"}, {"messages", json::array()}};
  auto text = [&](const json& body) {
    return json::parse(
        post("/v1/chat/completions", body, k_openai_auth).body)["choices"][0]["message"]["content"];
  };
  EXPECT_EQ(text(asked), "responder");
  EXPECT_EQ(text(empty), "queued");
  EXPECT_EQ(text(empty), "fake answer");
}

TEST(FakeLlmEmbeddingTest, SharedWordsMakeTextsSimilar) {
  const auto orders = FakeLlm::embedding_of("Customer orders");
  EXPECT_EQ(orders.size(), FakeLlm::k_embedding_dimensions);
  EXPECT_EQ(orders, FakeLlm::embedding_of("customer ORDERS!"));
  auto cosine = [](const std::vector<float>& a, const std::vector<float>& b) {
    double dot = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      dot += static_cast<double>(a[i]) * b[i];
    }
    return dot;
  };
  EXPECT_NEAR(cosine(orders, orders), 1.0, 1e-5);
  EXPECT_GT(cosine(orders, FakeLlm::embedding_of("orders per customer")),
            cosine(orders, FakeLlm::embedding_of("refund policy")));
}

} // namespace
} // namespace steward::testing

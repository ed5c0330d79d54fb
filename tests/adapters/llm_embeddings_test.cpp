// The OpenAI-compatible embedder against the fake LLM over loopback HTTP: one
// vector per text in order, the model and key sent, large inputs split into
// batches, its own base URL and key when configured, Azure OpenAI URLs, and
// failures (retried 5xx, attempts running out, malformed answers) each with
// a clear error.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/http/server.hpp"
#include "adapters/llm/llm.hpp"
#include "tests/support/fake_llm.hpp"
#include "tests/support/llm_harness.hpp"
#include "tests/support/net_harness.hpp"

namespace steward::llm {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using steward::testing::fake_options;
using steward::testing::FakeLlm;
using steward::testing::IoThread;
using steward::testing::requests_counted;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* k_path = "/v1/embeddings";

class EmbeddingsTest : public ::testing::Test {
protected:
  static ProviderOptions options(const FakeLlm& fake) {
    ProviderOptions options = fake_options(fake, "openai", "gpt-test");
    options.embeddings_model = "text-embedding-test";
    return options;
  }

  Embedder& embedder(const ProviderOptions& options) {
    auto made = make_embedder(m_io.executor(), options, &m_metrics);
    if (!made) {
      throw std::runtime_error(made.error().to_string());
    }
    m_embedder = std::move(*made);
    return *m_embedder;
  }
  Embedder& embedder() { return embedder(options(m_fake)); }

  double counted(const std::string& outcome) const {
    return requests_counted(m_metrics, "embeddings", outcome);
  }

  FakeLlm m_fake;
  IoThread m_io{2};
  metrics::Registry m_metrics;
  std::unique_ptr<Embedder> m_embedder; ///< after m_io: destroyed before its io_context
};

TEST_F(EmbeddingsTest, EmbedsEachTextInOrderWithTheModelAndKey) {
  const std::vector<std::string> texts = {"customer orders", "refund policy", "orders by customer"};
  auto vectors = embedder().embed(texts, 2s);
  ASSERT_TRUE(vectors) << vectors.error().to_string();
  ASSERT_EQ(vectors->size(), 3U);
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ((*vectors)[i], FakeLlm::embedding_of(texts[i])) << i;
  }
  EXPECT_EQ(embedder().model(), "text-embedding-test");
  const auto sent = m_fake.requests(k_path);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].header("authorization"), "Bearer sk-test");
  EXPECT_EQ(sent[0].json["model"], "text-embedding-test");
  EXPECT_EQ(sent[0].json["input"], json(texts));
  EXPECT_EQ(counted("ok"), 1);
}

TEST_F(EmbeddingsTest, NoTextsMakeNoRequest) {
  auto vectors = embedder().embed({}, 2s);
  ASSERT_TRUE(vectors);
  EXPECT_TRUE(vectors->empty());
  EXPECT_TRUE(m_fake.requests().empty());
}

TEST_F(EmbeddingsTest, SplitsLargeInputsIntoBatchesAndKeepsTheOrder) {
  std::vector<std::string> texts;
  for (int i = 0; i < 300; ++i) {
    texts.push_back("model_" + std::to_string(i) + " column_" + std::to_string(i % 7));
  }
  auto vectors = embedder().embed(texts, 5s);
  ASSERT_TRUE(vectors) << vectors.error().to_string();
  ASSERT_EQ(vectors->size(), texts.size());
  EXPECT_EQ((*vectors)[0], FakeLlm::embedding_of(texts[0]));
  EXPECT_EQ((*vectors)[299], FakeLlm::embedding_of(texts[299]));
  const auto sent = m_fake.requests(k_path);
  ASSERT_GT(sent.size(), 1U);
  std::size_t total = 0;
  for (const auto& request : sent) {
    total += request.json["input"].size();
  }
  EXPECT_EQ(total, texts.size());
}

TEST_F(EmbeddingsTest, UsesItsOwnBaseUrlAndKeyWhenConfigured) {
  FakeLlm other("sk-embed");
  ProviderOptions settings = options(m_fake);
  settings.provider = "anthropic";
  settings.embeddings_base_url = other.base_url();
  settings.embeddings_api_key = "sk-embed";
  auto vectors = embedder(settings).embed(std::vector<std::string>{"orders"}, 2s);
  ASSERT_TRUE(vectors) << vectors.error().to_string();
  EXPECT_EQ(other.requests(k_path).size(), 1U);
  EXPECT_EQ(other.requests(k_path)[0].header("authorization"), "Bearer sk-embed");
  EXPECT_TRUE(m_fake.requests().empty());
}

TEST_F(EmbeddingsTest, AzureDeploymentUrl) {
  ProviderOptions settings = options(m_fake);
  settings.embeddings_base_url =
      "http://127.0.0.1:" + std::to_string(m_fake.port()) + "/openai/deployments/embed-small";
  auto vectors = embedder(settings).embed(std::vector<std::string>{"orders"}, 2s);
  ASSERT_TRUE(vectors) << vectors.error().to_string();
  const auto sent = m_fake.requests();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].target, "/openai/deployments/embed-small/embeddings?api-version=2024-06-01");
  EXPECT_EQ(sent[0].header("api-key"), "sk-test");
}

TEST_F(EmbeddingsTest, RefusesMissingConfiguration) {
  ProviderOptions settings = options(m_fake);
  settings.embeddings_model.clear();
  auto none = make_embedder(m_io.executor(), settings);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().to_string(), "llm.embeddings_model: not configured");

  settings = options(m_fake);
  settings.provider = "anthropic";
  auto anthropic = make_embedder(m_io.executor(), settings);
  ASSERT_FALSE(anthropic);
  EXPECT_EQ(anthropic.error().key, "llm.embeddings_base_url");
  EXPECT_THAT(anthropic.error().reason, HasSubstr("Anthropic has no embeddings endpoint"));

  settings.embeddings_base_url = "not a url";
  EXPECT_EQ(make_embedder(m_io.executor(), settings).error().key, "llm.embeddings_base_url");
}

TEST_F(EmbeddingsTest, ServerErrorIsRetriedThenSucceeds) {
  m_fake.fail_embeddings(1, 503);
  auto vectors = embedder().embed(std::vector<std::string>{"orders"}, 2s);
  ASSERT_TRUE(vectors) << vectors.error().to_string();
  EXPECT_EQ(m_fake.requests(k_path).size(), 2U);
  EXPECT_EQ(counted("http_503"), 1);
  EXPECT_EQ(counted("ok"), 1);
}

TEST_F(EmbeddingsTest, ServerErrorsUntilAttemptsRunOut) {
  m_fake.fail_embeddings(10, 500);
  auto vectors = embedder().embed(std::vector<std::string>{"orders"}, 2s);
  ASSERT_FALSE(vectors);
  EXPECT_EQ(vectors.error().key, "llm");
  EXPECT_THAT(vectors.error().reason, StartsWith("embeddings endpoint returned HTTP 500: scripted failure"));
  EXPECT_THAT(vectors.error().reason, HasSubstr("3 attempts"));
  EXPECT_EQ(m_fake.requests(k_path).size(), 3U);
}

TEST_F(EmbeddingsTest, WrongKeyIsNotRetried) {
  ProviderOptions settings = options(m_fake);
  settings.api_key = "sk-embed-wrong-key";
  auto vectors = embedder(settings).embed(std::vector<std::string>{"orders"}, 2s);
  ASSERT_FALSE(vectors);
  EXPECT_THAT(vectors.error().reason, StartsWith("embeddings endpoint returned HTTP 401"));
  EXPECT_THAT(vectors.error().reason, ::testing::Not(HasSubstr(settings.api_key)));
  EXPECT_EQ(m_fake.requests(k_path).size(), 1U);
}

/// A server that answers every request with `body`.
class CannedServer {
public:
  CannedServer(IoThread& io, std::string body) {
    http::ServerOptions options;
    options.listen = "127.0.0.1:0";
    auto started =
        http::start_server(io.executor(), options,
                           [body = std::move(body)](http::Request) -> boost::asio::awaitable<http::Response> {
                             co_return http::Response{200, "application/json", body, {}};
                           });
    if (!started) {
      throw std::runtime_error(started.error().to_string());
    }
    m_server = std::move(*started);
  }
  [[nodiscard]] std::string base_url() const {
    return "http://127.0.0.1:" + std::to_string(m_server->port()) + "/v1";
  }

private:
  std::unique_ptr<http::Server> m_server;
};

TEST_F(EmbeddingsTest, MalformedAnswersAreErrors) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"not json", "the body is not JSON"},
      {R"({"object":"list"})", "$.data missing"},
      {R"({"data":[{"index":0,"embedding":[0.1,0.2]}]})", "$.data has 1 embeddings for 2 texts"},
      {R"({"data":[{"index":0,"embedding":[0.1]},{"index":1,"embedding":["x"]}]})",
       "$.data[1].embedding holds something that is not a number"},
      {R"({"data":[{"index":0,"embedding":[0.1]},{"index":1,"embedding":[0.1,0.2]}]})",
       "embeddings of different dimensions"},
      {R"({"data":[{"index":1,"embedding":[0.1]},{"index":1,"embedding":[0.2]}]})",
       "$.data[1].index is out of place"},
  };
  for (const auto& [body, problem] : cases) {
    CannedServer server(m_io, body);
    ProviderOptions settings = options(m_fake);
    settings.embeddings_base_url = server.base_url();
    auto vectors = embedder(settings).embed(std::vector<std::string>{"a", "b"}, 2s);
    ASSERT_FALSE(vectors) << body;
    EXPECT_EQ(vectors.error().reason, "embeddings endpoint sent a malformed response: " + problem) << body;
  }
}

TEST_F(EmbeddingsTest, PlacesVectorsByIndex) {
  CannedServer server(m_io, R"({"data":[{"index":1,"embedding":[2.0]},{"index":0,"embedding":[1.0]}]})");
  ProviderOptions settings = options(m_fake);
  settings.embeddings_base_url = server.base_url();
  auto vectors = embedder(settings).embed(std::vector<std::string>{"a", "b"}, 2s);
  ASSERT_TRUE(vectors) << vectors.error().to_string();
  EXPECT_EQ(*vectors, (std::vector<std::vector<float>>{{1.0F}, {2.0F}}));
}

} // namespace
} // namespace steward::llm

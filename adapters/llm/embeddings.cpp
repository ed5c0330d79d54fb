// OpenAI-compatible embeddings: `POST {base}/embeddings` with `input` as an
// array of texts, answered by `data[].embedding` (placed by `index`).

#include <algorithm>
#include <utility>

#include "adapters/llm/endpoint.hpp"
#include "adapters/llm/providers.hpp"

namespace steward::llm {

namespace {

using nlohmann::json;
using Vectors = std::vector<std::vector<float>>;

constexpr std::size_t k_batch = 128; ///< texts per request

tl::expected<std::vector<float>, std::string> vector_of(const json& item, std::size_t position) {
  const std::string where = "$.data[" + std::to_string(position) + "].embedding";
  const auto embedding = item.is_object() ? item.find("embedding") : item.end();
  if (!item.is_object() || embedding == item.end() || !embedding->is_array() || embedding->empty()) {
    return tl::unexpected(where + " missing");
  }
  std::vector<float> vector;
  vector.reserve(embedding->size());
  for (const json& value : *embedding) {
    if (!value.is_number()) {
      return tl::unexpected(where + " holds something that is not a number");
    }
    vector.push_back(value.get<float>());
  }
  return vector;
}

/// The `count` vectors in `body`, in input order.
tl::expected<Vectors, std::string> parse_vectors(const json& body, std::size_t count) {
  const auto data = body.find("data");
  if (data == body.end() || !data->is_array()) {
    return tl::unexpected(std::string("$.data missing"));
  }
  if (data->size() != count) {
    return tl::unexpected("$.data has " + std::to_string(data->size()) + " embeddings for " +
                          std::to_string(count) + " texts");
  }
  Vectors vectors(count);
  for (std::size_t i = 0; i < count; ++i) {
    const json& item = (*data)[i];
    const std::int64_t index = item.is_object() && item.contains("index") ? integer_field(item, "index")
                                                                          : static_cast<std::int64_t>(i);
    if (index < 0 || static_cast<std::size_t>(index) >= count || !vectors[index].empty()) {
      return tl::unexpected("$.data[" + std::to_string(i) + "].index is out of place");
    }
    auto vector = vector_of(item, i);
    if (!vector) {
      return tl::unexpected(vector.error());
    }
    vectors[index] = std::move(*vector);
  }
  return vectors;
}

class OpenAiEmbedder final : public Embedder {
public:
  OpenAiEmbedder(boost::asio::any_io_executor executor, const ProviderOptions& options,
                 const std::string& base_url, const std::string& api_key, metrics::Registry* metrics)
      : m_model(options.embeddings_model),
        m_endpoint(openai_endpoint(base_url, "embeddings", api_key, options.api_version)),
        m_transport(std::move(executor), embeddings_transport(options, api_key), metrics) {}

  [[nodiscard]] std::string_view model() const override { return m_model; }

  Result<Vectors> embed(std::span<const std::string> texts, std::chrono::milliseconds timeout) override {
    const Budget budget = Budget::of(timeout);
    Vectors vectors;
    vectors.reserve(texts.size());
    for (std::size_t start = 0; start < texts.size(); start += k_batch) {
      auto batch = embed_batch(texts.subspan(start, std::min(k_batch, texts.size() - start)), budget);
      if (!batch) {
        return tl::unexpected(batch.error());
      }
      for (auto& vector : *batch) {
        if (!vectors.empty() && vector.size() != vectors.front().size()) {
          return tl::unexpected(m_transport.malformed("embeddings of different dimensions"));
        }
        vectors.push_back(std::move(vector));
      }
    }
    return vectors;
  }

private:
  static TransportOptions embeddings_transport(const ProviderOptions& options, const std::string& api_key) {
    TransportOptions transport = transport_options("embeddings endpoint", options, api_key);
    transport.label = "embeddings";
    return transport;
  }

  Result<Vectors> embed_batch(std::span<const std::string> texts, const Budget& budget) {
    json input = json::array();
    for (const std::string& text : texts) {
      input.push_back(text.empty() ? std::string(" ") : text); // empty inputs are refused
    }
    const json body = {{"model", m_model}, {"input", std::move(input)}};
    auto answer = m_transport.post(m_endpoint.url, m_endpoint.headers, to_text(body), budget);
    if (!answer) {
      return tl::unexpected(answer.error());
    }
    auto vectors = parse_vectors(*answer, texts.size());
    if (!vectors) {
      return tl::unexpected(m_transport.malformed(vectors.error()));
    }
    const json usage = answer->value("usage", json::object());
    m_transport.succeeded({integer_field(usage, "prompt_tokens"), 0});
    return std::move(*vectors);
  }

  std::string m_model;
  Endpoint m_endpoint;
  Transport m_transport;
};

} // namespace

std::unique_ptr<Embedder> make_openai_embedder(boost::asio::any_io_executor executor,
                                               const ProviderOptions& options, const std::string& base_url,
                                               const std::string& api_key, metrics::Registry* metrics) {
  return std::make_unique<OpenAiEmbedder>(std::move(executor), options, base_url, api_key, metrics);
}

} // namespace steward::llm

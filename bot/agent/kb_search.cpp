#include "bot/agent/kb_search.hpp"

#include <spdlog/spdlog.h>

namespace steward::bot {

namespace {

constexpr std::size_t k_embed_batch = 64;
constexpr std::size_t k_candidates = 20;
constexpr std::chrono::milliseconds k_batch_timeout{60'000};

store::TimePoint now() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

} // namespace

struct KbSearch::Loaded {
  std::shared_ptr<const kb::Corpus> corpus;
  std::vector<std::optional<std::vector<float>>> vectors; ///< by section; empty without an embedder
  std::size_t embedded = 0;
};

std::string content_hash(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  constexpr std::string_view k_digits = "0123456789abcdef";
  std::string hex(16, '0');
  for (std::size_t i = hex.size(); i-- > 0; hash >>= 4U) {
    hex[i] = k_digits[hash & 0xFU];
  }
  return hex;
}

KbSearch::KbSearch(std::filesystem::path folder, std::unique_ptr<llm::Embedder> embedder,
                   store::EmbeddingCache* cache)
    : m_folder(std::move(folder)), m_embedder(std::move(embedder)), m_cache(cache) {
}

KbSearch::~KbSearch() = default;

Result<bool> KbSearch::reload_if_changed() {
  const std::lock_guard lock(m_mutex);
  const std::uint64_t digest = kb::fingerprint(m_folder);
  if (m_attempted && *m_attempted == digest) {
    return false;
  }
  m_attempted = digest;
  Result<kb::Corpus> corpus = kb::Corpus::load(m_folder);
  if (!corpus) {
    return tl::unexpected(corpus.error());
  }
  auto loaded = std::make_shared<Loaded>();
  loaded->corpus = std::make_shared<const kb::Corpus>(std::move(*corpus));
  if (m_embedder) {
    const std::vector<kb::Section>& sections = loaded->corpus->sections();
    loaded->vectors.resize(sections.size());
    std::vector<std::size_t> missing;
    for (std::size_t i = 0; i < sections.size(); ++i) {
      if (m_cache) {
        Result<std::optional<std::vector<float>>> cached =
            m_cache->embedding(m_embedder->model(), sections[i].hash);
        if (cached && *cached) {
          loaded->vectors[i] = std::move(**cached);
          continue;
        }
      }
      missing.push_back(i);
    }
    m_embed_error.reset();
    for (std::size_t first = 0; first < missing.size(); first += k_embed_batch) {
      std::vector<std::string> texts;
      const std::size_t last = std::min(missing.size(), first + k_embed_batch);
      for (std::size_t j = first; j < last; ++j) {
        const kb::Section& section = sections[missing[j]];
        texts.push_back(section.path + "\n\n" + section.text);
      }
      Result<std::vector<std::vector<float>>> vectors = m_embedder->embed(texts, k_batch_timeout);
      if (!vectors || vectors->size() != texts.size()) {
        m_embed_error =
            vectors ? Error{"llm", "the embeddings server returned a vector count that does not match"}
                    : vectors.error();
        spdlog::warn("knowledge base: {}; those sections are ranked by keywords only",
                     m_embed_error->to_string());
        break;
      }
      for (std::size_t j = first; j < last; ++j) {
        std::vector<float>& vector = (*vectors)[j - first];
        if (m_cache) {
          (void)m_cache->put_embedding(m_embedder->model(), sections[missing[j]].hash, vector, now());
        }
        loaded->vectors[missing[j]] = std::move(vector);
      }
    }
    for (const auto& vector : loaded->vectors) {
      loaded->embedded += vector ? 1 : 0;
    }
  }
  m_loaded.store(std::move(loaded));
  return true;
}

std::shared_ptr<const kb::Corpus> KbSearch::current() const {
  const std::shared_ptr<const Loaded> loaded = m_loaded.load();
  return loaded ? loaded->corpus : nullptr;
}

std::size_t KbSearch::embedded_sections() const {
  const std::shared_ptr<const Loaded> loaded = m_loaded.load();
  return loaded ? loaded->embedded : 0;
}

std::optional<Error> KbSearch::embedding_error() const {
  const std::lock_guard lock(m_mutex);
  return m_embed_error;
}

std::optional<std::vector<float>> KbSearch::query_vector(std::string_view query) const {
  const std::string hash = content_hash(query);
  if (m_cache) {
    Result<std::optional<std::vector<float>>> cached = m_cache->embedding(m_embedder->model(), hash);
    if (cached && *cached) {
      return std::move(**cached);
    }
  }
  const std::vector<std::string> texts{std::string(query)};
  Result<std::vector<std::vector<float>>> vectors = m_embedder->embed(texts, k_query_timeout);
  if (!vectors || vectors->size() != 1) {
    spdlog::warn("knowledge base: query not embedded ({}); ranking by keywords only",
                 vectors ? "no vector returned" : vectors.error().to_string());
    return std::nullopt;
  }
  if (m_cache) {
    (void)m_cache->put_embedding(m_embedder->model(), hash, vectors->front(), now());
  }
  return std::move(vectors->front());
}

std::vector<kb::Hit> KbSearch::search(std::string_view query, std::size_t limit) const {
  const std::shared_ptr<const Loaded> loaded = m_loaded.load();
  if (!loaded) {
    return {};
  }
  std::vector<kb::Hit> keyword = loaded->corpus->search(query, std::max(limit, k_candidates));
  if (!m_embedder || loaded->embedded == 0) {
    keyword.resize(std::min(keyword.size(), limit));
    return keyword;
  }
  const std::optional<std::vector<float>> vector = query_vector(query);
  if (!vector) {
    keyword.resize(std::min(keyword.size(), limit));
    return keyword;
  }
  const std::vector<std::vector<kb::Hit>> rankings{
      std::move(keyword), kb::rank_by_vector(*vector, loaded->vectors, std::max(limit, k_candidates))};
  return kb::fuse(rankings, limit);
}

} // namespace steward::bot

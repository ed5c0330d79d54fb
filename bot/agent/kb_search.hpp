#pragma once

// The knowledge base as the daemon serves it: the Markdown folder's corpus,
// reloaded when the folder changes, and — when an embedder is configured —
// a vector per section (cached in the store by content hash, so a restart or
// an unchanged section costs no embedding call) for hybrid ranking: BM25 and
// cosine similarity fused by reciprocal rank.

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "core/kb/corpus.hpp"
#include "core/ports/llm.hpp"
#include "core/ports/store.hpp"

namespace steward::bot {

/// @par Thread safety
/// All members may be called from any thread; reloads are serialised.
class KbSearch {
public:
  /// `embedder` and `cache` may be null (BM25 alone; no caching).
  KbSearch(std::filesystem::path folder, std::unique_ptr<llm::Embedder> embedder,
           store::EmbeddingCache* cache);
  ~KbSearch();
  KbSearch(const KbSearch&) = delete;
  KbSearch& operator=(const KbSearch&) = delete;
  KbSearch(KbSearch&&) = delete;
  KbSearch& operator=(KbSearch&&) = delete;

  /// Loads the folder when its fingerprint changed since the last attempt,
  /// then embeds the sections that have no cached vector (in batches). True
  /// when a new corpus was swapped in. A failed load keeps the previous
  /// corpus and is reported once; a failed embedding call leaves those
  /// sections to BM25 (`embedding_error()` says why) and is retried at the
  /// next change.
  Result<bool> reload_if_changed();

  /// The current corpus; null before the first successful load.
  [[nodiscard]] std::shared_ptr<const kb::Corpus> current() const;

  /// Up to `limit` sections for `query`: hybrid when vectors exist and the
  /// query embeds within `k_query_timeout`, else BM25 alone.
  [[nodiscard]] std::vector<kb::Hit> search(std::string_view query, std::size_t limit) const;

  [[nodiscard]] std::optional<Error> embedding_error() const;
  [[nodiscard]] const std::filesystem::path& folder() const { return m_folder; }
  /// Sections that have a vector in the current corpus.
  [[nodiscard]] std::size_t embedded_sections() const;

  static constexpr std::chrono::milliseconds k_query_timeout{5'000};

  struct Loaded; ///< corpus + vectors, swapped together

private:
  std::optional<std::vector<float>> query_vector(std::string_view query) const;

  std::filesystem::path m_folder;
  std::unique_ptr<llm::Embedder> m_embedder;
  store::EmbeddingCache* m_cache;
  std::atomic<std::shared_ptr<const Loaded>> m_loaded;
  mutable std::mutex m_mutex;
  std::optional<std::uint64_t> m_attempted;   ///< guarded by m_mutex
  mutable std::optional<Error> m_embed_error; ///< guarded by m_mutex
};

/// FNV-1a 64 of `text` as 16 hex digits: the embedding cache key of a query.
std::string content_hash(std::string_view text);

} // namespace steward::bot

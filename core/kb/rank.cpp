// Ranking helpers for hybrid retrieval: reciprocal rank fusion and cosine
// similarity.

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "core/kb/corpus.hpp"

namespace steward::kb {
namespace {

bool better(const Hit& a, const Hit& b) {
  return a.score != b.score ? a.score > b.score : a.section < b.section;
}

std::vector<Hit> best(std::vector<Hit> hits, std::size_t limit) {
  std::size_t keep = std::min(limit, hits.size());
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(keep), hits.end(), better);
  hits.resize(keep);
  return hits;
}

} // namespace

std::vector<Hit> fuse(std::span<const std::vector<Hit>> rankings, std::size_t limit, double k) {
  std::unordered_map<std::size_t, double> scores;
  for (const auto& ranking : rankings) {
    std::unordered_set<std::size_t> seen; // listed twice in one ranking: counts once, at its best rank
    for (std::size_t rank = 0; rank < ranking.size(); ++rank) {
      if (seen.insert(ranking[rank].section).second) {
        scores[ranking[rank].section] += 1.0 / (k + static_cast<double>(rank + 1));
      }
    }
  }
  std::vector<Hit> hits;
  hits.reserve(scores.size());
  for (const auto& [item, score] : scores) {
    hits.push_back(Hit{item, score});
  }
  return best(std::move(hits), limit);
}

std::vector<Hit> rank_by_vector(std::span<const float> query,
                                std::span<const std::optional<std::vector<float>>> sections,
                                std::size_t limit) {
  double query_norm = 0;
  for (float x : query) {
    query_norm += static_cast<double>(x) * x;
  }
  if (query.empty() || query_norm == 0) {
    return {};
  }
  query_norm = std::sqrt(query_norm);
  std::vector<Hit> hits;
  for (std::size_t i = 0; i < sections.size(); ++i) {
    if (!sections[i] || sections[i]->size() != query.size()) {
      continue;
    }
    double dot = 0;
    double norm = 0;
    for (std::size_t d = 0; d < query.size(); ++d) {
      dot += static_cast<double>(query[d]) * (*sections[i])[d];
      norm += static_cast<double>((*sections[i])[d]) * (*sections[i])[d];
    }
    if (norm > 0) {
      hits.push_back(Hit{i, dot / (query_norm * std::sqrt(norm))});
    }
  }
  return best(std::move(hits), limit);
}

} // namespace steward::kb

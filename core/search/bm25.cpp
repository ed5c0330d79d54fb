#include "core/search/bm25.hpp"

#include <algorithm>
#include <cmath>

namespace steward::search {

double bm25_idf(std::size_t df, std::size_t documents) {
  const auto n = static_cast<double>(documents);
  const auto d = static_cast<double>(df);
  return std::log(1.0 + (n - d + 0.5) / (d + 0.5));
}

std::uint32_t PostingsBuilder::begin_document() {
  m_lengths.push_back(Lengths{});
  m_first.push_back(static_cast<std::uint32_t>(m_occurrences.size()));
  return static_cast<std::uint32_t>(m_lengths.size() - 1);
}

std::size_t Postings::find(std::uint32_t term, std::uint32_t doc) const {
  std::span<const Posting> postings = of(term);
  auto it =
      std::lower_bound(postings.begin(), postings.end(), doc,
                       [](const Posting& posting, std::uint32_t wanted) { return posting.doc() < wanted; });
  if (it == postings.end() || it->doc() != doc) {
    return entries.size();
  }
  return offsets[term] + static_cast<std::size_t>(it - postings.begin());
}

void PostingsBuilder::add(std::uint32_t term, Field field, std::uint16_t item) {
  const auto doc_plus_one = static_cast<std::uint32_t>(m_lengths.size());
  const auto f = static_cast<std::size_t>(field);
  ++m_lengths.back()[f];
  if (term >= m_seen.size()) {
    m_seen.resize(std::max<std::size_t>(term + 1, m_seen.size() * 2));
  }
  Seen& seen = m_seen[term];
  if (seen.doc_plus_one != doc_plus_one) {
    seen.doc_plus_one = doc_plus_one;
    seen.occurrence = static_cast<std::uint32_t>(m_occurrences.size());
    m_occurrences.push_back(Occurrence{term, 0, k_no_item});
  }
  Occurrence& occurrence = m_occurrences[seen.occurrence];
  if (occurrence.tf_of(f) < 0xFU) {
    occurrence.tf = static_cast<std::uint16_t>(occurrence.tf + (1U << (4 * f)));
  }
  if (item != k_no_item && (occurrence.item == k_no_item ||
                            ((occurrence.item & k_item_in_name) == 0 && (item & k_item_in_name) != 0))) {
    occurrence.item = item;
  }
}

float PostingsBuilder::weight(const Occurrence& occurrence, const std::array<double, k_field_count>& norms) {
  // BM25F: per-field frequencies are length-normalised and boosted, summed,
  // then saturated once.
  static_assert(k_field_count == 4);
  const double tf = occurrence.tf_of(0) * norms[0] + occurrence.tf_of(1) * norms[1] +
                    occurrence.tf_of(2) * norms[2] + occurrence.tf_of(3) * norms[3];
  return static_cast<float>(tf * (k_bm25_k1 + 1.0) / (tf + k_bm25_k1));
}

Postings PostingsBuilder::finish(std::size_t term_count) && {
  Postings out;
  out.documents = m_lengths.size();
  std::array<double, k_field_count> average{};
  for (const Lengths& lengths : m_lengths) {
    for (std::size_t f = 0; f < k_field_count; ++f) {
      average[f] += lengths[f];
    }
  }
  for (double& sum : average) {
    sum = out.documents > 0 ? sum / static_cast<double>(out.documents) : 0.0;
  }
  out.offsets.assign(term_count + 1, 0);
  for (const Occurrence& occurrence : m_occurrences) {
    ++out.offsets[occurrence.term + 1];
  }
  out.idf.resize(term_count);
  for (std::size_t term = 0; term < term_count; ++term) {
    out.idf[term] = static_cast<float>(bm25_idf(out.offsets[term + 1], out.documents));
    out.offsets[term + 1] += out.offsets[term];
  }
  // Occurrences are in document order, so each term's postings come out sorted.
  std::vector<std::uint32_t> cursor(out.offsets.begin(), out.offsets.end() - 1);
  out.entries.resize(m_occurrences.size());
  out.items.resize(m_occurrences.size());
  m_first.push_back(static_cast<std::uint32_t>(m_occurrences.size()));
  for (std::uint32_t doc = 0; doc < out.documents; ++doc) {
    // Each field's boost over its length normalisation, for this document.
    std::array<double, k_field_count> norms{};
    for (std::size_t f = 0; f < k_field_count; ++f) {
      const double relative = average[f] > 0 ? m_lengths[doc][f] / average[f] : 1.0;
      norms[f] = k_field_boost[f] / (1.0 - k_bm25_b + k_bm25_b * relative);
    }
    for (std::uint32_t i = m_first[doc]; i < m_first[doc + 1]; ++i) {
      const Occurrence& occurrence = m_occurrences[i];
      const unsigned tf = occurrence.tf;
      const auto fields =
          static_cast<std::uint8_t>(((tf & 0x000FU) != 0 ? 1U : 0U) | ((tf & 0x00F0U) != 0 ? 2U : 0U) |
                                    ((tf & 0x0F00U) != 0 ? 4U : 0U) | ((tf & 0xF000U) != 0 ? 8U : 0U));
      const std::uint32_t at = cursor[occurrence.term]++;
      out.entries[at] = Posting(doc, weight(occurrence, norms), fields);
      out.items[at] = occurrence.item;
    }
  }
  m_occurrences = {};
  m_seen = {};
  return out;
}

} // namespace steward::search

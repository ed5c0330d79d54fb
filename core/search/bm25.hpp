#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace steward::search {

/// The weighted fields of a search document, strongest first.
enum class Field : std::uint8_t { name, description, columns, tags };

inline constexpr std::size_t k_field_count = 4;

/// BM25 term-frequency saturation.
inline constexpr double k_bm25_k1 = 1.2;
/// BM25 length normalisation.
inline constexpr double k_bm25_b = 0.75;
/// Field boosts, by `Field`: name > label/description > columns > tags/path.
inline constexpr std::array<double, k_field_count> k_field_boost{5.0, 2.0, 1.0, 0.5};

/// Bit of `Posting::fields` for `field`.
constexpr std::uint8_t field_bit(Field field) {
  return static_cast<std::uint8_t>(1U << static_cast<unsigned>(field));
}

/// Most documents one index holds: a posting keeps the document number in 28
/// bits and the fields in the other 4.
inline constexpr std::size_t k_max_documents = std::size_t{1} << 28;

/// One document that holds a term, with the term's BM25F weight in it (the
/// saturated, length-normalised, boosted frequency; multiply by the term's
/// idf for its score) and the fields it occurs in. Eight bytes.
struct Posting {
  std::uint32_t packed = 0; ///< document number, then `field_bit`s in the top 4 bits
  float weight = 0;

  Posting() = default;
  Posting(std::uint32_t doc, float w, std::uint8_t fields)
      : packed(doc | (static_cast<std::uint32_t>(fields) << 28)), weight(w) {}
  [[nodiscard]] std::uint32_t doc() const { return packed & 0x0FFFFFFFU; }
  [[nodiscard]] std::uint8_t fields() const { return static_cast<std::uint8_t>(packed >> 28); }
};

/// Which column of a document a term came from: the column's index (columns
/// first, then semantic fields) in the low 15 bits, plus `k_item_in_name` when
/// the term is in that column's name. `k_no_item` when not from a column.
inline constexpr std::uint16_t k_no_item = 0xFFFF;
inline constexpr std::uint16_t k_item_in_name = 0x8000;
inline constexpr std::uint16_t k_max_item = 0x7FFE;

/// Frozen postings: for each term, its postings in ascending document order,
/// in one flat array.
struct Postings {
  std::vector<std::uint32_t> offsets; ///< term id -> first posting; one extra at the end
  std::vector<Posting> entries;
  /// Parallel to `entries`: the column the term came from, preferring one
  /// whose name holds it over one whose description does (first such column).
  std::vector<std::uint16_t> items;
  std::vector<float> idf; ///< by term id
  std::size_t documents = 0;

  [[nodiscard]] std::span<const Posting> of(std::uint32_t term) const {
    return std::span<const Posting>(entries).subspan(offsets[term], offsets[term + 1] - offsets[term]);
  }
  [[nodiscard]] std::size_t df(std::uint32_t term) const { return offsets[term + 1] - offsets[term]; }
  /// The index in `entries` of `term`'s posting for `doc`, or `entries.size()`.
  [[nodiscard]] std::size_t find(std::uint32_t term, std::uint32_t doc) const;
};

/// BM25 inverse document frequency of a term found in `df` of `documents`:
/// ln(1 + (N - df + 0.5) / (df + 0.5)), always positive.
double bm25_idf(std::size_t df, std::size_t documents);

/// Collects term occurrences document by document, then computes BM25F weights.
///
/// Usage: for each document `begin_document()`, `add(term, field)` per
/// occurrence, `end_document()`; then `std::move(builder).finish(term_count)`.
/// Documents are numbered 0, 1, ... in the order they are begun; at most
/// `k_max_documents` of them.
class PostingsBuilder {
public:
  /// Makes room for about `occurrences` distinct (document, term) pairs in
  /// all; an estimate that saves regrowing a large array.
  void reserve(std::size_t occurrences) { m_occurrences.reserve(occurrences); }
  /// Starts the next document and returns its number.
  std::uint32_t begin_document();
  [[nodiscard]] std::size_t documents() const { return m_lengths.size(); }
  /// Counts one occurrence of `term` in `field` of the current document;
  /// `item` says which column it came from (see `k_no_item`).
  void add(std::uint32_t term, Field field, std::uint16_t item = k_no_item);
  void end_document() {}

  /// Postings for terms `0 .. term_count - 1`; every added term must be below
  /// `term_count`.
  Postings finish(std::size_t term_count) &&;

private:
  /// A term's frequencies in one document: four bits per field (saturating
  /// at 15, far past where BM25 saturates), so an occurrence takes 8 bytes.
  struct Occurrence {
    std::uint32_t term = 0;
    std::uint16_t tf = 0; ///< field f in bits 4f .. 4f+3
    std::uint16_t item = k_no_item;

    [[nodiscard]] unsigned tf_of(std::size_t field) const { return (tf >> (4 * field)) & 0xFU; }
  };
  /// Where a term was last seen.
  struct Seen {
    std::uint32_t doc_plus_one = 0; ///< 0: not yet
    std::uint32_t occurrence = 0;
  };
  using Lengths = std::array<std::uint32_t, k_field_count>;

  static float weight(const Occurrence& occurrence, const std::array<double, k_field_count>& norms);

  std::vector<Occurrence> m_occurrences; ///< grouped by document, in document order
  std::vector<std::uint32_t> m_first;    ///< by document: its first occurrence
  std::vector<Lengths> m_lengths;        ///< tokens per field, by document
  std::vector<Seen> m_seen;              ///< by term
};

} // namespace steward::search

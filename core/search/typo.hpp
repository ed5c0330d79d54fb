#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace steward::search {

/// Longest key, in bytes, that typo matching considers.
inline constexpr std::size_t k_max_fuzzy_bytes = 64;

/// Largest edit distance typo matching supports.
inline constexpr std::size_t k_max_fuzzy_distance = 2;

/// Optimal-string-alignment distance (Levenshtein plus adjacent
/// transpositions) between `a` and `b` when it is at most `limit`, otherwise
/// `limit + 1`. Byte-wise and case-sensitive. Allocation-free and banded, so
/// it costs O(max(|a|, |b|) · limit); `limit` is clamped to
/// `k_max_fuzzy_distance`, and strings longer than `k_max_fuzzy_bytes` are only
/// ever equal (distance 0) or too far.
std::size_t bounded_distance(std::string_view a, std::string_view b, std::size_t limit);

/// A set of short keys searchable by edit distance.
///
/// Keys are grouped by length and carry a 64-bit signature of the characters
/// they contain, so a lookup only runs `bounded_distance` on keys of a nearby
/// length whose character sets differ by at most two characters per edit.
///
/// @par Thread safety
/// `find` may run concurrently once `finish` has returned.
class FuzzySet {
public:
  struct Match {
    std::uint32_t id = 0;
    std::uint32_t distance = 0;
  };

  /// Adds `key` with payload `id`. `key` must outlive the set; keys that are
  /// empty or longer than `k_max_fuzzy_bytes` are ignored.
  void add(std::string_view key, std::uint32_t id);

  /// Orders the keys for lookup; call once after the last `add`.
  void finish();

  /// Appends to `out` every key within `limit` edits of `query` (exact
  /// matches included, with distance 0), in length-then-insertion order.
  void find(std::string_view query, std::size_t limit, std::vector<Match>& out) const;

  [[nodiscard]] std::size_t size() const { return m_entries.size(); }

private:
  struct Entry {
    std::uint64_t signature = 0;
    std::string_view key;
    std::uint32_t id = 0;
  };

  std::vector<Entry> m_entries;              ///< sorted by key length after `finish`
  std::vector<std::uint32_t> m_length_start; ///< first entry of each length, plus an end
};

} // namespace steward::search

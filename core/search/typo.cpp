#include "core/search/typo.hpp"

#include <algorithm>
#include <array>

namespace steward::search {
namespace {

using Row = std::array<std::uint8_t, k_max_fuzzy_bytes + 2>;

unsigned signature_bit(char c) {
  auto byte = static_cast<unsigned char>(c);
  if (byte >= 'a' && byte <= 'z') {
    return byte - 'a';
  }
  if (byte >= '0' && byte <= '9') {
    return 26 + (byte - '0');
  }
  if (byte == '_') {
    return 36;
  }
  if (byte == '.') {
    return 37;
  }
  return 38 + byte % 26;
}

// Portable popcount that stays inline when the target lacks a popcnt
// instruction (std::popcount then calls into libgcc).
unsigned bit_count(std::uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<unsigned>((x * 0x0101010101010101ULL) >> 56);
}

std::uint64_t signature(std::string_view text) {
  std::uint64_t bits = 0;
  for (char c : text) {
    bits |= std::uint64_t{1} << signature_bit(c);
  }
  return bits;
}

} // namespace

std::size_t bounded_distance(std::string_view a, std::string_view b, std::size_t limit) {
  if (a == b) {
    return 0;
  }
  limit = std::min(limit, k_max_fuzzy_distance);
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  const std::size_t gap = n > m ? n - m : m - n;
  if (gap > limit || n > k_max_fuzzy_bytes || m > k_max_fuzzy_bytes) {
    return limit + 1;
  }
  const auto far = static_cast<std::uint8_t>(limit + 1);
  Row rows[3];
  Row* before = &rows[0];
  Row* prev = &rows[1];
  Row* cur = &rows[2];
  for (std::size_t j = 0; j <= std::min(m, limit + 1); ++j) {
    (*prev)[j] = static_cast<std::uint8_t>(std::min<std::size_t>(j, far));
  }
  for (std::size_t i = 1; i <= n; ++i) {
    const std::size_t lo = i > limit ? i - limit : 1;
    const std::size_t hi = std::min(m, i + limit);
    (*cur)[lo - 1] = lo == 1 ? static_cast<std::uint8_t>(std::min<std::size_t>(i, far)) : far;
    std::uint8_t row_min = (*cur)[lo - 1];
    for (std::size_t j = lo; j <= hi; ++j) {
      std::uint8_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      std::uint8_t best =
          std::min({static_cast<std::uint8_t>((*prev)[j] + 1), static_cast<std::uint8_t>((*cur)[j - 1] + 1),
                    static_cast<std::uint8_t>((*prev)[j - 1] + cost)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        best = std::min(best, static_cast<std::uint8_t>((*before)[j - 2] + 1));
      }
      (*cur)[j] = std::min(best, far);
      row_min = std::min(row_min, (*cur)[j]);
    }
    if (hi + 1 <= m) {
      (*cur)[hi + 1] = far;
    }
    if (row_min >= far) {
      return far;
    }
    Row* recycled = before;
    before = prev;
    prev = cur;
    cur = recycled;
  }
  return (*prev)[m];
}

void FuzzySet::add(std::string_view key, std::uint32_t id) {
  if (key.empty() || key.size() > k_max_fuzzy_bytes) {
    return;
  }
  m_entries.push_back(Entry{signature(key), key, id});
}

void FuzzySet::finish() {
  // Counting sort by length (keys are at most k_max_fuzzy_bytes long), stable.
  m_length_start.assign(k_max_fuzzy_bytes + 2, 0);
  for (const Entry& entry : m_entries) {
    ++m_length_start[entry.key.size() + 1];
  }
  for (std::size_t length = 1; length < m_length_start.size(); ++length) {
    m_length_start[length] += m_length_start[length - 1];
  }
  std::vector<Entry> sorted(m_entries.size());
  std::vector<std::uint32_t> cursor(m_length_start.begin(), m_length_start.end() - 1);
  for (const Entry& entry : m_entries) {
    sorted[cursor[entry.key.size()]++] = entry;
  }
  m_entries = std::move(sorted);
}

void FuzzySet::find(std::string_view query, std::size_t limit, std::vector<Match>& out) const {
  limit = std::min(limit, k_max_fuzzy_distance);
  if (query.empty() || query.size() > k_max_fuzzy_bytes || m_length_start.empty()) {
    return;
  }
  const std::uint64_t wanted = signature(query);
  const std::size_t shortest = query.size() > limit ? query.size() - limit : 1;
  const std::size_t longest = std::min(query.size() + limit, k_max_fuzzy_bytes);
  for (std::size_t i = m_length_start[shortest]; i < m_length_start[longest + 1]; ++i) {
    const Entry& entry = m_entries[i];
    // Each edit changes at most two members of the character set.
    if (static_cast<std::size_t>(bit_count(entry.signature ^ wanted)) > 2 * limit) {
      continue;
    }
    std::size_t distance = bounded_distance(query, entry.key, limit);
    if (distance <= limit) {
      out.push_back(Match{entry.id, static_cast<std::uint32_t>(distance)});
    }
  }
}

} // namespace steward::search

#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/util/string_arena.hpp"

namespace steward::search {

/// Interned search terms: each distinct text gets a dense id, in first-seen
/// order (so building from the same input always gives the same ids).
///
/// An open-addressing hash table over ids; term text lives in the
/// vocabulary's own arena.
///
/// @par Thread safety
/// `find` and `text` may run concurrently once building (`intern`) is done.
class Vocabulary {
public:
  static constexpr std::uint32_t k_absent = UINT32_MAX;

  /// The id of `term`, adding it (with a copy of its text) when new.
  std::uint32_t intern(std::string_view term);

  /// The id of `term`, or `k_absent`.
  [[nodiscard]] std::uint32_t find(std::string_view term) const;

  /// The text of term `id`; `id` must be below `size()`.
  [[nodiscard]] std::string_view text(std::uint32_t id) const { return m_text[id]; }

  [[nodiscard]] std::size_t size() const { return m_text.size(); }

private:
  static std::uint64_t hash(std::string_view term);
  void grow();

  StringArena m_arena;
  std::vector<std::string_view> m_text;
  std::vector<std::uint64_t> m_hash; ///< by id
  /// Per slot: the high half of the hash, then id + 1 in the low half (0 when
  /// empty), so most probes never touch the term text. A power of two in size.
  std::vector<std::uint64_t> m_slots;
};

} // namespace steward::search

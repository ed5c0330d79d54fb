#include "core/util/string_arena.hpp"

#include <cstring>

namespace steward {

std::string_view StringArena::store(std::string_view text) {
  if (text.empty()) {
    return {};
  }
  char* out = reserve(text.size());
  std::memcpy(out, text.data(), text.size());
  return commit(out, text.size(), text.size());
}

char* StringArena::reserve(std::size_t size) {
  if (size > k_block_size / 4) {
    // Large strings get their own block so the current block is not wasted.
    // Blocks are left uninitialised: zeroing them would only cost page faults.
    m_blocks.emplace_back(new char[size]);
    m_reserved += size;
    return m_blocks.back().get();
  }
  if (size > m_left) {
    m_blocks.emplace_back(new char[k_block_size]);
    m_cursor = m_blocks.back().get();
    m_left = k_block_size;
    m_reserved += k_block_size;
  }
  return m_cursor;
}

std::string_view StringArena::commit(char* start, std::size_t used, std::size_t reserved) {
  if (start == m_cursor && reserved <= m_left) {
    m_cursor += used;
    m_left -= used;
  }
  return {start, used};
}

} // namespace steward

#include "core/search/vocabulary.hpp"

namespace steward::search {
namespace {

constexpr std::uint64_t k_id_mask = 0xFFFFFFFFULL;

std::uint64_t slot_value(std::uint64_t hash, std::uint32_t id) {
  return (hash & ~k_id_mask) | (std::uint64_t{id} + 1);
}

} // namespace

std::uint64_t Vocabulary::hash(std::string_view term) {
  // FNV-1a with a final mix: terms are short, and this is stable everywhere.
  std::uint64_t h = 14695981039346656037ULL;
  for (char c : term) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ULL;
  return h ^ (h >> 32);
}

std::uint32_t Vocabulary::find(std::string_view term) const {
  if (m_slots.empty()) {
    return k_absent;
  }
  const std::uint64_t h = hash(term);
  const std::size_t mask = m_slots.size() - 1;
  for (std::size_t slot = h & mask;; slot = (slot + 1) & mask) {
    const std::uint64_t entry = m_slots[slot];
    if (entry == 0) {
      return k_absent;
    }
    const auto id = static_cast<std::uint32_t>((entry & k_id_mask) - 1);
    if ((entry & ~k_id_mask) == (h & ~k_id_mask) && m_text[id] == term) {
      return id;
    }
  }
}

std::uint32_t Vocabulary::intern(std::string_view term) {
  if ((m_text.size() + 1) * 4 > m_slots.size() * 3) {
    grow();
  }
  const std::uint64_t h = hash(term);
  const std::size_t mask = m_slots.size() - 1;
  std::size_t slot = h & mask;
  for (;; slot = (slot + 1) & mask) {
    const std::uint64_t entry = m_slots[slot];
    if (entry == 0) {
      break;
    }
    const auto id = static_cast<std::uint32_t>((entry & k_id_mask) - 1);
    if ((entry & ~k_id_mask) == (h & ~k_id_mask) && m_text[id] == term) {
      return id;
    }
  }
  const auto id = static_cast<std::uint32_t>(m_text.size());
  m_text.push_back(m_arena.store(term));
  m_hash.push_back(h);
  m_slots[slot] = slot_value(h, id);
  return id;
}

void Vocabulary::grow() {
  const std::size_t capacity = m_slots.empty() ? 1024 : m_slots.size() * 2;
  m_slots.assign(capacity, 0);
  const std::size_t mask = capacity - 1;
  for (std::uint32_t id = 0; id < m_text.size(); ++id) {
    std::size_t slot = m_hash[id] & mask;
    while (m_slots[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    m_slots[slot] = slot_value(m_hash[id], id);
  }
}

} // namespace steward::search

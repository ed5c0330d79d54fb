#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace steward {

/// Append-only storage for the strings of one immutable snapshot.
///
/// `store` copies its argument into a block owned by the arena and returns a
/// view that stays valid, at the same address, for the arena's lifetime (moving
/// the arena keeps views valid; blocks never move). Not thread-safe for writers;
/// once building is done the stored strings may be read from any thread.
class StringArena {
public:
  StringArena() = default;
  StringArena(const StringArena&) = delete;
  StringArena& operator=(const StringArena&) = delete;
  StringArena(StringArena&& other) noexcept { *this = std::move(other); }
  StringArena& operator=(StringArena&& other) noexcept {
    m_blocks = std::move(other.m_blocks);
    m_cursor = std::exchange(other.m_cursor, nullptr);
    m_left = std::exchange(other.m_left, 0);
    m_reserved = std::exchange(other.m_reserved, 0);
    return *this;
  }
  ~StringArena() = default;

  /// Copies `text` into the arena; the empty string costs nothing.
  std::string_view store(std::string_view text);

  /// Stores a string of at most `max_size` bytes written by `fill(char* out)`,
  /// which returns how many bytes it wrote (or a negative number to store
  /// nothing and return an empty view with `ok = false`).
  template <typename Fill>
  std::string_view store_with(std::size_t max_size, Fill&& fill, bool& ok) {
    char* out = reserve(max_size);
    auto used = fill(out);
    ok = used >= 0;
    if (!ok) {
      return {};
    }
    return commit(out, static_cast<std::size_t>(used), max_size);
  }

  /// Bytes held in blocks (what the arena costs in memory).
  [[nodiscard]] std::size_t bytes_reserved() const { return m_reserved; }

private:
  char* reserve(std::size_t size);
  std::string_view commit(char* start, std::size_t used, std::size_t reserved);

  static constexpr std::size_t k_block_size = std::size_t{256} * 1024;

  std::vector<std::unique_ptr<char[]>> m_blocks;
  char* m_cursor = nullptr;
  std::size_t m_left = 0;
  std::size_t m_reserved = 0;
};

} // namespace steward

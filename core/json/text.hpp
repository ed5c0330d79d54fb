#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace steward::json {

/// A JSON document's bytes, followed by the zeroed padding simdjson may read
/// past the end.
///
/// The bytes are writable so parsers can decode strings in place. Memory comes
/// from `operator new[]`, which Steward's executables route to huge pages for
/// large blocks (bot/large_allocations.cpp).
class Text {
public:
  Text() = default;
  /// `size` bytes of uninitialised text (fill them through `data()`).
  explicit Text(std::size_t size);
  /// A copy of `text`. Implicit, so a `std::string` can be passed where a
  /// `Text` is expected.
  Text(std::string_view text);                                    // NOLINT(google-explicit-constructor)
  Text(const std::string& text) : Text(std::string_view(text)) {} // NOLINT(google-explicit-constructor)

  [[nodiscard]] char* data() { return m_data.get(); }
  [[nodiscard]] const char* data() const { return m_data.get(); }
  [[nodiscard]] std::size_t size() const { return m_size; }
  /// Bytes readable from `data()`: the text plus its padding.
  [[nodiscard]] std::size_t capacity() const { return m_capacity; }

private:
  struct Free {
    void operator()(const char* block) const;
  };
  std::unique_ptr<char, Free> m_data;
  std::size_t m_size = 0;
  std::size_t m_capacity = 0;
};

} // namespace steward::json

#include "core/json/text.hpp"

#include <cstring>

#include <simdjson.h>

namespace steward::json {

void Text::Free::operator()(const char* block) const {
  delete[] block;
}

Text::Text(std::size_t size) : m_size(size), m_capacity(size + simdjson::SIMDJSON_PADDING) {
  m_data.reset(new char[m_capacity]);
  std::memset(m_data.get() + m_size, 0, m_capacity - m_size);
}

Text::Text(std::string_view text) : Text(text.size()) {
  if (!text.empty()) {
    std::memcpy(m_data.get(), text.data(), text.size());
  }
}

} // namespace steward::json

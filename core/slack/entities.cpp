#include "core/slack/entities.hpp"

#include <array>
#include <utility>

namespace steward::slack {

std::string decode_entities(std::string_view text) {
  constexpr std::array<std::pair<std::string_view, char>, 3> k_entities = {
      {{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}}};
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    bool decoded = false;
    if (text[i] == '&') {
      for (const auto& [entity, character] : k_entities) {
        if (text.substr(i, entity.size()) == entity) {
          out += character;
          i += entity.size();
          decoded = true;
          break;
        }
      }
    }
    if (!decoded) {
      out += text[i++];
    }
  }
  return out;
}

} // namespace steward::slack

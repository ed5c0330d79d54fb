#include "core/util/text.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace steward {
namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = lower(c);
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

std::string_view trim(std::string_view text) {
  const char* spaces = " \t\r\n\f\v";
  std::size_t begin = text.find_first_not_of(spaces);
  if (begin == std::string_view::npos) {
    return {};
  }
  std::size_t end = text.find_last_not_of(spaces);
  return text.substr(begin, end - begin + 1);
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  std::size_t size_gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (size_gap > limit) {
    return limit + 1;
  }
  std::vector<std::size_t> before(b.size() + 1);
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    previous[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    std::size_t row_min = current[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      std::size_t best = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1])) {
        best = std::min(best, before[j - 2] + 1);
      }
      current[j] = best;
      row_min = std::min(row_min, best);
    }
    if (row_min > limit) {
      return limit + 1;
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return std::min(previous[b.size()], limit + 1);
}

std::vector<std::string> closest(std::string_view query, const std::vector<std::string_view>& candidates,
                                 std::size_t count) {
  std::string needle = to_lower(query);
  std::size_t limit = std::max<std::size_t>(2, needle.size() / 3);
  std::vector<std::pair<std::size_t, std::string_view>> scored;
  for (std::string_view candidate : candidates) {
    std::string hay = to_lower(candidate);
    std::size_t distance = edit_distance(needle, hay, limit);
    if (distance > limit && needle.size() >= 3 &&
        (hay.find(needle) != std::string::npos || needle.find(hay) != std::string::npos)) {
      distance = limit; // containment counts as close, ranked after true near-misses
    }
    if (distance <= limit) {
      scored.emplace_back(distance, candidate);
    }
  }
  std::sort(scored.begin(), scored.end());
  scored.erase(std::unique(scored.begin(), scored.end()), scored.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && out.size() < count; ++i) {
    out.emplace_back(scored[i].second);
  }
  return out;
}

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  for (char c : text) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char buffer[8];
        static_cast<void>(std::snprintf(buffer, sizeof(buffer), "\\u%04x", static_cast<unsigned>(c)));
        out += buffer;
      } else {
        out.push_back(c);
      }
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) {
      out += separator;
    }
    out += item;
  }
  return out;
}

} // namespace steward

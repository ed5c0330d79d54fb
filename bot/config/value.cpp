#include "bot/config/value.hpp"

#include <algorithm>
#include <charconv>

#include "bot/config/schema.hpp"
#include "core/util/text.hpp"

namespace steward::config {
namespace {

using std::chrono::milliseconds;

// Durations beyond about 30 years are certainly mistakes.
constexpr std::int64_t k_max_duration_ms = 1'000'000'000'000;

struct Unit {
  std::string_view suffix;
  std::int64_t ms;
};
constexpr Unit k_units[] = {{"ms", 1}, {"h", 3'600'000}, {"m", 60'000}, {"s", 1'000}};

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

tl::expected<std::int64_t, std::string> parse_integer(std::string_view text) {
  std::int64_t number = 0;
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, number);
  if (text.empty() || error != std::errc() || stop != end) {
    return tl::unexpected("must be an integer (got " + quote(text) + ")");
  }
  return number;
}

Parsed parse_bool(std::string_view text) {
  for (std::string_view yes : {"true", "yes", "on", "1"}) {
    if (iequals(text, yes)) {
      return Value(true);
    }
  }
  for (std::string_view no : {"false", "no", "off", "0"}) {
    if (iequals(text, no)) {
      return Value(false);
    }
  }
  return tl::unexpected("must be true or false (got " + quote(text) + ")");
}

Parsed parse_choice(const KeySpec& spec, std::string_view text) {
  for (const std::string& choice : spec.choices) {
    if (iequals(text, choice)) {
      return Value(choice);
    }
  }
  std::string reason = "must be one of " + join(spec.choices, ", ") + " (got " + quote(text) + ")";
  std::vector<std::string_view> candidates(spec.choices.begin(), spec.choices.end());
  std::vector<std::string> near = closest(text, candidates, 1);
  if (!near.empty()) {
    reason += "; did you mean " + near.front() + "?";
  }
  return tl::unexpected(std::move(reason));
}

Parsed parse_ranged_integer(const KeySpec& spec, std::string_view text) {
  auto number = parse_integer(text);
  if (!number) {
    return tl::unexpected(number.error());
  }
  if (*number < spec.min || *number > spec.max) {
    return tl::unexpected("must be between " + std::to_string(spec.min) + " and " + std::to_string(spec.max) +
                          " (got " + std::string(text) + ")");
  }
  return Value(*number);
}

Parsed parse_ranged_duration(const KeySpec& spec, std::string_view text) {
  auto duration = parse_duration(text);
  if (!duration) {
    return tl::unexpected(duration.error());
  }
  if (duration->count() < spec.min || duration->count() > spec.max) {
    auto bound = [](std::int64_t ms) {
      return ms < 0 ? std::string("0s") : format_duration(milliseconds(std::min(ms, k_max_duration_ms)));
    };
    return tl::unexpected("must be between " + bound(spec.min) + " and " + bound(spec.max) + " (got " +
                          std::string(text) + ")");
  }
  return Value(*duration);
}

std::filesystem::path absolute_path(std::string_view text, const std::filesystem::path& base_dir) {
  std::filesystem::path path = std::filesystem::path(text);
  if (path.is_relative()) {
    path = base_dir / path;
  }
  path = path.lexically_normal();
  if (path.filename().empty() && path.has_relative_path()) {
    path = path.parent_path(); // `/a/b/` → `/a/b`
  }
  return path;
}

Value parse_list(std::string_view text) {
  std::vector<std::string> items;
  for (std::string_view item : split(text, ',')) {
    item = trim(item);
    if (!item.empty()) {
      items.emplace_back(item);
    }
  }
  return {std::move(items)};
}

} // namespace

Parsed parse_text(const KeySpec& spec, std::string_view text, const std::filesystem::path& base_dir) {
  switch (spec.type) {
  case KeyType::string: return Value(std::string(text));
  case KeyType::path:
    if (text.empty()) {
      return tl::unexpected(std::string("must not be empty"));
    }
    return Value(absolute_path(text, base_dir));
  case KeyType::boolean: return parse_bool(trim(text));
  case KeyType::integer: return parse_ranged_integer(spec, trim(text));
  case KeyType::duration: return parse_ranged_duration(spec, trim(text));
  case KeyType::enumeration: return parse_choice(spec, trim(text));
  case KeyType::string_list: return parse_list(text);
  case KeyType::secret:
    if (text.empty()) {
      return tl::unexpected(std::string("is empty"));
    }
    return Value(Secret(std::string(text)));
  }
  return tl::unexpected(std::string("has an unknown type"));
}

tl::expected<milliseconds, std::string> parse_duration(std::string_view text) {
  auto invalid = [&] {
    return tl::unexpected("must be a duration such as 250ms, 30s, 5m, 1h or 1h30m (got " + quote(text) + ")");
  };
  std::string_view rest = text;
  std::int64_t total = 0;
  if (rest.empty()) {
    return invalid();
  }
  while (!rest.empty()) {
    std::size_t digits = 0;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') {
      ++digits;
    }
    if (digits == 0 || digits > 13) {
      return invalid();
    }
    std::int64_t number = 0;
    std::from_chars(rest.data(), rest.data() + digits, number);
    rest.remove_prefix(digits);
    const Unit* unit = nullptr;
    for (const Unit& candidate : k_units) {
      if (rest.starts_with(candidate.suffix)) {
        unit = &candidate;
        break;
      }
    }
    if (unit == nullptr || number > k_max_duration_ms / unit->ms) {
      return invalid();
    }
    rest.remove_prefix(unit->suffix.size());
    total += number * unit->ms;
    if (total > k_max_duration_ms) {
      return invalid();
    }
  }
  return milliseconds(total);
}

std::string format_duration(milliseconds value) {
  std::int64_t rest = value.count();
  if (rest <= 0) {
    return rest == 0 ? "0s" : std::to_string(rest) + "ms";
  }
  std::string out;
  for (const Unit& unit : {k_units[1], k_units[2], k_units[3], k_units[0]}) {
    if (rest >= unit.ms) {
      out += std::to_string(rest / unit.ms);
      out += unit.suffix;
      rest %= unit.ms;
    }
  }
  return out;
}

std::string display(const Value& value) {
  struct Visitor {
    std::string operator()(std::monostate) const { return "(unset)"; }
    std::string operator()(const std::string& text) const { return text; }
    std::string operator()(const std::filesystem::path& path) const { return path.string(); }
    std::string operator()(bool flag) const { return flag ? "true" : "false"; }
    std::string operator()(std::int64_t number) const { return std::to_string(number); }
    std::string operator()(milliseconds duration) const { return format_duration(duration); }
    std::string operator()(const std::vector<std::string>& items) const {
      return "[" + join(items, ", ") + "]";
    }
    std::string operator()(const Secret& secret) const { return std::string(secret.redacted()); }
  };
  return std::visit(Visitor{}, value);
}

std::string describe(const KeySpec& spec) {
  switch (spec.type) {
  case KeyType::string: return "a string";
  case KeyType::path: return "a path";
  case KeyType::boolean: return "true or false";
  case KeyType::integer: return "an integer";
  case KeyType::duration: return "a duration such as 30s";
  case KeyType::enumeration: return "one of " + join(spec.choices, ", ");
  case KeyType::string_list: return "a list of strings";
  case KeyType::secret: return "a secret";
  }
  return "a value";
}

std::string escape_control(std::string_view text) {
  constexpr std::string_view k_hex = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out.push_back(k_hex[byte >> 4U]);
      out.push_back(k_hex[byte & 0xfU]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string quote(std::string_view text) {
  constexpr std::size_t k_limit = 80;
  std::string out = "'" + escape_control(text.substr(0, k_limit));
  out += text.size() > k_limit ? "'..." : "'";
  return out;
}

} // namespace steward::config

#include "core/json/reader.hpp"

#include <charconv>
#include <cstring>

#include "core/json/unescape.hpp"

namespace steward::json {
namespace {

/// Raw scalar tokens carry the whitespace up to the next token; drop it.
std::string_view trim_token(std::string_view token) {
  while (!token.empty() &&
         (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' || token.back() == '\t')) {
    token.remove_suffix(1);
  }
  return token;
}

} // namespace

std::string_view type_name(od::json_type type) {
  switch (type) {
  case od::json_type::object: return "an object";
  case od::json_type::array: return "an array";
  case od::json_type::string: return "a string";
  case od::json_type::number: return "a number";
  case od::json_type::boolean: return "a boolean";
  case od::json_type::null: return "null";
  }
  return "an unknown value";
}

void Reader::fail(std::string reason) const {
  throw ReadFailure{path(), std::move(reason)};
}

void Reader::check(simdjson::error_code error) const {
  if (error == simdjson::SUCCESS) {
    return;
  }
  if (error == simdjson::INCOMPLETE_ARRAY_OR_OBJECT || error == simdjson::TAPE_ERROR) {
    fail(std::string("malformed or truncated JSON (") + simdjson::error_message(error) + ")");
  }
  fail(std::string("invalid JSON (") + simdjson::error_message(error) + ")");
}

std::string Reader::path() const {
  std::string out = "$";
  for (const auto& segment : m_path) {
    if (!segment.is_key) {
      out += "[" + std::to_string(segment.index) + "]";
      continue;
    }
    bool plain = !segment.key.empty();
    for (char c : segment.key) {
      bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      plain = plain && word;
    }
    if (plain) {
      out += "." + std::string(segment.key);
    } else {
      out += "[\"" + std::string(segment.key) + "\"]";
    }
  }
  return out;
}

od::json_type Reader::type_of(od::value& value) const {
  od::json_type type{};
  check(value.type().get(type));
  return type;
}

od::object Reader::object_of(od::value& value) {
  od::json_type type = type_of(value);
  if (type != od::json_type::object) {
    fail(std::string("expected an object, found ") + std::string(type_name(type)));
  }
  od::object object;
  check(value.get_object().get(object));
  return object;
}

od::array Reader::array_of(od::value& value) {
  od::json_type type = type_of(value);
  if (type != od::json_type::array) {
    fail(std::string("expected an array, found ") + std::string(type_name(type)));
  }
  od::array array;
  check(value.get_array().get(array));
  return array;
}

std::string_view Reader::field_key(od::field& field) const {
  // The key's raw text sits in the input buffer right after its opening quote.
  // Keys are short and rarely escaped; an escaped key keeps its escapes, which
  // only matters for path rendering and for keys the parsers never look up.
  const char* start = field.key().raw();
  const char* end = start;
  while (*end != '"') {
    end += (*end == '\\' && end[1] != '\0') ? 2 : 1;
  }
  return {start, static_cast<std::size_t>(end - start)};
}

std::string_view Reader::string(od::value value) {
  std::string_view token = value.raw_json_token();
  if (token.empty()) {
    fail("missing value");
  }
  if (token.front() != '"') {
    od::json_type type = type_of(value);
    if (type == od::json_type::null) {
      return {};
    }
    fail(std::string("expected a string, found ") + std::string(type_name(type)));
  }
  // The token runs from the opening quote to the next structural character, so
  // the last quote in it closes the string. Decoding straight into the arena
  // skips simdjson's own unescape buffer (one copy instead of two).
  std::size_t end = token.find_last_of('"');
  if (end == 0) {
    fail("unterminated string");
  }
  std::string_view body = token.substr(1, end - 1);
  if (body.find('\\') == std::string_view::npos) {
    return body;
  }
  // The document buffer belongs to the parser's caller and only the bytes of
  // this string's body change; simdjson navigates by structural positions
  // computed before, which are never inside a string.
  char* writable = const_cast<char*>(body.data()); // NOLINT(cppcoreguidelines-pro-type-const-cast)
  std::ptrdiff_t size = unescape(body, writable);
  if (size < 0) {
    fail("invalid escape sequence in string");
  }
  return {writable, static_cast<std::size_t>(size)};
}

std::string_view Reader::scalar(od::value value) {
  od::json_type type = type_of(value);
  switch (type) {
  case od::json_type::string: return string(value);
  case od::json_type::null: skip(value); return {};
  case od::json_type::number:
  case od::json_type::boolean: return trim_token(value.raw_json_token());
  default: fail(std::string("expected a string or number, found ") + std::string(type_name(type)));
  }
}

std::vector<std::string_view> Reader::strings(od::value value) {
  std::vector<std::string_view> out;
  od::json_type type = type_of(value);
  if (type == od::json_type::string) {
    out.push_back(string(value));
    return out;
  }
  elements(value, [&](std::size_t, od::value item) { out.push_back(scalar(item)); });
  return out;
}

std::string_view Reader::raw(od::value value) {
  od::json_type type = type_of(value);
  std::string_view text;
  if (type == od::json_type::object) {
    od::object object = object_of(value);
    check(object.raw_json().get(text));
  } else if (type == od::json_type::array) {
    od::array array = array_of(value);
    check(array.raw_json().get(text));
  } else {
    text = trim_token(value.raw_json_token());
    skip(value);
  }
  if (text == "null" || text == "{}" || text == "[]") {
    return {};
  }
  return text;
}

std::optional<double> Reader::number(od::value value) {
  od::json_type type = type_of(value);
  if (type == od::json_type::null) {
    skip(value);
    return std::nullopt;
  }
  if (type != od::json_type::number) {
    fail(std::string("expected a number, found ") + std::string(type_name(type)));
  }
  double out = 0;
  check(value.get_double().get(out));
  return out;
}

std::optional<long long> Reader::integer(od::value value) {
  od::json_type type = type_of(value);
  if (type == od::json_type::null) {
    return std::nullopt;
  }
  if (type == od::json_type::string) {
    // Hand-edited and older artifacts put numbers (or prose) in strings.
    std::string_view text = string(value);
    long long out = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (error != std::errc() || end != text.data() + text.size()) {
      return std::nullopt;
    }
    return out;
  }
  if (type != od::json_type::number) {
    fail(std::string("expected an integer, found ") + std::string(type_name(type)));
  }
  std::int64_t whole = 0;
  if (value.get_int64().get(whole) == simdjson::SUCCESS) {
    return whole;
  }
  double out = 0;
  check(value.get_double().get(out));
  return static_cast<long long>(out);
}

std::optional<bool> Reader::boolean(od::value value) {
  od::json_type type = type_of(value);
  switch (type) {
  case od::json_type::null: return std::nullopt;
  case od::json_type::number: return number(value).value_or(0) != 0;
  case od::json_type::string: {
    std::string_view text = string(value);
    if (text == "true" || text == "false") {
      return text == "true";
    }
    return std::nullopt;
  }
  case od::json_type::boolean: {
    bool out = false;
    check(value.get_bool().get(out));
    return out;
  }
  default: fail(std::string("expected true or false, found ") + std::string(type_name(type)));
  }
}

void Reader::skip(od::value /*value*/) {
  // On-Demand skips whatever a visitor left unread when the enclosing object or
  // array iteration advances, so dropping a value needs no work here.
}

} // namespace steward::json

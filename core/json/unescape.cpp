#include "core/json/unescape.hpp"

#include <cstdint>

namespace steward::json {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

/// Reads the four hex digits at `body[at..at+4)`; -1 when they are not hex.
long read_hex4(std::string_view body, std::size_t at) {
  if (at + 4 > body.size()) {
    return -1;
  }
  long value = 0;
  for (std::size_t i = at; i < at + 4; ++i) {
    int digit = hex_value(body[i]);
    if (digit < 0) {
      return -1;
    }
    value = value * 16 + digit;
  }
  return value;
}

char* put_utf8(char* out, std::uint32_t code) {
  if (code < 0x80) {
    *out++ = static_cast<char>(code);
  } else if (code < 0x800) {
    *out++ = static_cast<char>(0xC0 | (code >> 6));
    *out++ = static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (code >> 12));
    *out++ = static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (code & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (code >> 18));
    *out++ = static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (code & 0x3F));
  }
  return out;
}

/// Decodes the `\u` escape starting at `body[i]` (the backslash); advances `i`
/// past it. Returns false on malformed hex.
bool decode_unicode(std::string_view body, std::size_t& i, char*& out) {
  long high = read_hex4(body, i + 2);
  if (high < 0) {
    return false;
  }
  i += 6;
  auto code = static_cast<std::uint32_t>(high);
  if (code >= 0xD800 && code <= 0xDBFF) {
    long low = (i + 1 < body.size() && body[i] == '\\' && body[i + 1] == 'u') ? read_hex4(body, i + 2) : -1;
    if (low >= 0xDC00 && low <= 0xDFFF) {
      code = 0x10000 + ((code - 0xD800) << 10) + (static_cast<std::uint32_t>(low) - 0xDC00);
      i += 6;
    } else {
      code = 0xFFFD;
    }
  } else if (code >= 0xDC00 && code <= 0xDFFF) {
    code = 0xFFFD;
  }
  out = put_utf8(out, code);
  return true;
}

} // namespace

std::ptrdiff_t unescape(std::string_view body, char* out) {
  char* const start = out;
  std::size_t i = 0;
  while (i < body.size()) {
    char c = body[i];
    if (c != '\\') {
      if (static_cast<unsigned char>(c) < 0x20) {
        return -1;
      }
      *out++ = c;
      ++i;
      continue;
    }
    if (i + 1 >= body.size()) {
      return -1;
    }
    char kind = body[i + 1];
    char plain = 0;
    switch (kind) {
    case '"': plain = '"'; break;
    case '\\': plain = '\\'; break;
    case '/': plain = '/'; break;
    case 'b': plain = '\b'; break;
    case 'f': plain = '\f'; break;
    case 'n': plain = '\n'; break;
    case 'r': plain = '\r'; break;
    case 't': plain = '\t'; break;
    case 'u':
      if (!decode_unicode(body, i, out)) {
        return -1;
      }
      continue;
    default: return -1;
    }
    *out++ = plain;
    i += 2;
  }
  return out - start;
}

} // namespace steward::json

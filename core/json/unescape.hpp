#pragma once

#include <cstddef>
#include <string_view>

namespace steward::json {

/// Decodes the body of a JSON string (the bytes between its quotes) into
/// `out`, which must have room for `body.size()` bytes (decoding never grows
/// the text). Handles `\" \\ \/ \b \f \n \r \t` and `\uXXXX`, including
/// surrogate pairs, as UTF-8; a lone surrogate becomes U+FFFD. Returns the
/// number of bytes written, or -1 for an invalid escape or a raw control
/// character.
std::ptrdiff_t unescape(std::string_view body, char* out);

} // namespace steward::json

#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace steward::slack {

/// Decodes `application/x-www-form-urlencoded` text (`+` is a space, `%XX`
/// bytes). Returns nothing when a `%` escape is malformed.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_form(std::string_view body);

/// Percent-decodes one component; nothing when malformed.
std::optional<std::string> url_decode(std::string_view text, bool plus_is_space = true);

/// Percent-encodes everything except unreserved characters (RFC 3986).
std::string url_encode(std::string_view text);

} // namespace steward::slack

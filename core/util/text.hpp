#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace steward {

/// ASCII lower-casing; bytes outside A-Z are kept as they are.
std::string to_lower(std::string_view text);

/// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b);

/// Splits `text` on `separator`, keeping empty pieces.
std::vector<std::string_view> split(std::string_view text, char separator);

/// `text` without leading and trailing ASCII whitespace.
std::string_view trim(std::string_view text);

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions),
/// giving up early: returns `limit + 1` as soon as the distance must exceed
/// `limit`. O(|a|·|b|) time, O(|b|) space.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

/// Up to `count` entries of `candidates` closest to `query` by edit distance
/// (case-insensitive), nearest first, ties by name; candidates further than
/// max(2, |query|/3) edits are left out unless one contains the other.
std::vector<std::string> closest(std::string_view query, const std::vector<std::string_view>& candidates,
                                 std::size_t count);

/// `items` joined with `separator` ("a, b, c").
std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");

/// Escapes `text` as the inside of a JSON string.
std::string json_escape(std::string_view text);

} // namespace steward

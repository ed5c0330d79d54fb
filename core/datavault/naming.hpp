#pragma once

// Naming templates (`naming.*`): expanding placeholders, checking templates,
// identifier case.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/datavault/spec.hpp"

namespace steward::datavault {

/// Values for a template's placeholders; empty ones are not offered.
struct Placeholders {
  std::string source{};
  std::string entity{};
  std::string relationship{};
  std::string group{};
};

/// `template_text` with `{name}` replaced by the lower-cased value and
/// `{NAME}` by the upper-cased one. A placeholder without a value, or
/// unknown, stays as written (`check_template` reports those).
std::string expand(std::string_view template_text, const Placeholders& values);

/// Placeholder names (lower-cased) used in `template_text`, in order.
std::vector<std::string> placeholders_in(std::string_view template_text);

/// Problems with `template_text` for `naming.<key>`: empty, an unknown or
/// unavailable placeholder (with "did you mean"), a `required` one missing
/// (every model would get the same name), braces left open. Empty when fine.
std::vector<std::string> check_template(std::string_view template_text,
                                        std::initializer_list<std::string_view> allowed,
                                        std::initializer_list<std::string_view> required);

/// `identifier` in `wanted` case.
std::string apply_case(std::string_view identifier, IdentifierCase wanted);

/// A plain SQL identifier: a letter or `_`, then letters, digits and `_`.
bool is_identifier(std::string_view text);

/// The fixed text before a template's first placeholder (`h_` of
/// `h_{entity}`) and after its last (`_hk` of `{entity}_hk`).
std::string template_prefix(std::string_view template_text);
std::string template_suffix(std::string_view template_text);

} // namespace steward::datavault

#pragma once

// Internal to core/fix: the fixers of each failure kind. Each returns its
// options in the catalogue's order; `propose_fixes` sorts them by risk.

#include <vector>

#include "core/fix/context.hpp"

namespace steward::fix::detail {

std::vector<FixOption> accepted_values_fixes(const Context& ctx);
std::vector<FixOption> not_null_fixes(const Context& ctx);
std::vector<FixOption> unique_fixes(const Context& ctx);
std::vector<FixOption> relationships_fixes(const Context& ctx);
std::vector<FixOption> freshness_fixes(const Context& ctx);

/// Appends `option` to `options` when it is set.
inline void add(std::vector<FixOption>& options, std::optional<FixOption> option) {
  if (option) {
    options.push_back(std::move(*option));
  }
}

} // namespace steward::fix::detail

#pragma once

// Private: pieces of Prometheus' text exposition format 0.0.4.

#include <string>
#include <string_view>

#include "core/metrics/registry.hpp"

namespace steward::metrics::detail {

/// `name` with every character outside `[a-zA-Z0-9_:]` (and a leading digit)
/// replaced by `_`, so the output always parses.
std::string metric_name(std::string_view name);

/// HELP text with `\` and newlines escaped.
std::string escape_help(std::string_view help);

/// `{a="x",b="y"}` (values escaped: `\\`, `\"`, `\n`), with `le="<le>"` last
/// when `le` is not empty; "" for no labels at all.
std::string label_set(const Labels& labels, std::string_view le = {});

/// A sample value: shortest round-trip decimal, `+Inf`, `-Inf` or `NaN`.
std::string format_number(double value);

} // namespace steward::metrics::detail

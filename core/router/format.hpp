#pragma once

// Private to the router: small pieces of wording every answer shares.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/answer/answer.hpp"
#include "core/dbt/project.hpp"
#include "core/router/router.hpp"

namespace steward::router::detail {

/// Most items a list in an answer shows before "and N more".
inline constexpr std::size_t k_list_cap = 30;

/// The name a person would type for `node`: `source_name.table` for sources,
/// else its name.
std::string display_name(const dbt::Node& node);

/// `text` as an inline code span (backticks inside are dropped).
std::string code(std::string_view text);

/// The human spelling of `type`: "model", "semantic model", "unit test".
std::string type_name(dbt::ResourceType type);

/// "1 model", "3 semantic models", "2 analyses".
std::string count_of(std::size_t count, dbt::ResourceType type);

/// The plural heading for `type`: "Models", "Saved queries".
std::string type_heading(dbt::ResourceType type);

/// "1 node" / "2 nodes" for any noun with a regular plural.
std::string plural(std::size_t count, std::string_view noun);

/// The first non-empty line of `text` as plain text (markup removed),
/// whitespace-trimmed, cut to `width` bytes with "…".
std::string first_line(std::string_view text, std::size_t width);

/// `text` on one line (runs of whitespace become one space), cut to `width`
/// bytes with "…".
std::string squeezed(std::string_view text, std::size_t width);

/// A list item for a node: "`name` (type) — first line of its description".
std::string node_item(const dbt::Node& node, bool with_description = true);

/// Navigation buttons for `node` (Describe, Upstream, Downstream, Impact),
/// leaving out the one whose action is `current`.
answer::Actions node_buttons(const dbt::Node& node, std::string_view current);

/// A duration such as "0.82s" (two decimals).
std::string seconds(double value);

/// "and 12 more" (as an italic list item) when `hidden` is non-zero.
std::string and_more(std::size_t hidden);

/// A `Routed` reporting `intent`, about `focus` (null when about no single
/// node), which it cites first.
Routed routed(answer::Answer answer, std::string_view intent, const dbt::Node* focus);

/// Adds `unique_id` to `routed.cited` unless it is there already.
void cite(Routed& routed, std::string_view unique_id);

/// The owner recorded for `node` ("Finance data team (finance-data@...)"),
/// falling back to the owner of its group; empty when none is recorded.
std::string owner_of(const dbt::Project& project, const dbt::Node& node);

} // namespace steward::router::detail

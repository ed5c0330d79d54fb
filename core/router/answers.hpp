#pragma once

// Private to the router: the answers it gives, one function per kind. Each
// takes the snapshot and what the question named, and returns the answer
// with its intent and focus. None of them fails.

#include <string_view>

#include "core/dbt/resolve.hpp"
#include "core/lineage/graph.hpp"
#include "core/router/intent.hpp"
#include "core/router/router.hpp"

namespace steward::router::detail {

using knowledge::Snapshot;

// Node answers (node_answers.cpp).
Routed describe_answer(const Snapshot& snapshot, dbt::NodeId id);
Routed columns_answer(const Snapshot& snapshot, dbt::NodeId id);
/// `column` must be one of node `id`'s columns.
Routed column_answer(const Snapshot& snapshot, dbt::NodeId id, const dbt::Column& column);
/// Node `id` has no column `column`: says so and lists close names.
Routed no_column_answer(const Snapshot& snapshot, dbt::NodeId id, std::string_view column);

// Lineage answers (lineage_answers.cpp).
Routed lineage_answer(const Snapshot& snapshot, dbt::NodeId id);
Routed upstream_answer(const Snapshot& snapshot, dbt::NodeId id);
Routed downstream_answer(const Snapshot& snapshot, dbt::NodeId id);
Routed impact_answer(const Snapshot& snapshot, dbt::NodeId id);

// Project answers (project_answers.cpp).
Routed tests_answer(const Snapshot& snapshot, dbt::NodeId id);
Routed failures_answer(const Snapshot& snapshot);
Routed stats_answer(const Snapshot& snapshot);

// Search and misses (search_answers.cpp).
Routed search_answer(const Snapshot& snapshot, std::string_view query);
/// `name` did not resolve (`resolution` is `not_found` or `ambiguous`).
Routed unresolved_answer(const Snapshot& snapshot, std::string_view name, const dbt::Resolution& resolution,
                         Intent intent);
/// The question needs a node but named none and the conversation has no focus.
Routed need_subject_answer(Intent intent);

} // namespace steward::router::detail

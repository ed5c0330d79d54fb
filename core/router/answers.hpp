#pragma once

// Private to the router: the answers it gives, one function per kind. Each
// takes the snapshot and what the question named, and returns the answer
// with its intent and focus. None of them fails.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

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

// Impact of a change (impact_answers.cpp).
Routed impact_answer(const Snapshot& snapshot, dbt::NodeId id);

// Paths between two nodes (path_answers.cpp). `from` is the end the question
// names as upstream; the answer also finds a path the other way round.
// `yes_no` answers "is X upstream of Y?" with a yes or a no first.
Routed path_answer(const Snapshot& snapshot, dbt::NodeId from, dbt::NodeId to, bool yes_no);

// Ownership (owner_answers.cpp).
Routed owner_answer(const Snapshot& snapshot, dbt::NodeId id);
/// The nodes whose owner, owner email or group matches `owner`.
Routed owned_by_answer(const Snapshot& snapshot, std::string_view owner);

// Columns across the project (column_search.cpp).
/// Nodes (not tests) holding a column named `name` (case-insensitive), with it.
struct ColumnHit {
  dbt::NodeId node;
  const dbt::Column* column;
};
std::vector<ColumnHit> nodes_with_column(const dbt::Project& project, std::string_view name);
/// Which nodes have column `name`; when none does, the closest column name's
/// nodes, or null when no column name is close.
std::optional<Routed> column_search_answer(const Snapshot& snapshot, std::string_view name);

// Lists of nodes (list_answers.cpp).
/// Every node of the kind `kind_words` names ("sources", "semantic models");
/// none when the words name no kind.
std::optional<Routed> list_answer(const Snapshot& snapshot, std::string_view kind_words);
/// The models no test covers.
Routed untested_answer(const Snapshot& snapshot);

// Project answers (project_answers.cpp).
Routed tests_answer(const Snapshot& snapshot, dbt::NodeId id);
/// The last run's problems with their messages; with `about`, only those of
/// that node and its tests.
Routed failures_answer(const Snapshot& snapshot, std::optional<dbt::NodeId> about = std::nullopt);
Routed stats_answer(const Snapshot& snapshot);

// Search and misses (search_answers.cpp).
/// Whether a search answer says the question was not understood.
enum class Hint : std::uint8_t { none, unrecognised };
Routed search_answer(const Snapshot& snapshot, std::string_view query, Hint hint = Hint::none);
/// `name` did not resolve (`resolution` is `not_found` or `ambiguous`).
Routed unresolved_answer(const Snapshot& snapshot, std::string_view name, const dbt::Resolution& resolution,
                         Intent intent);
/// The question needs a node but named none and the conversation has no focus.
Routed need_subject_answer(Intent intent);

} // namespace steward::router::detail

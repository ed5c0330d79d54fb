#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/dbt/project.hpp"

namespace steward::search {

namespace detail {
struct IndexData; // defined in core/search/index_data.hpp
} // namespace detail

/// One ranked result.
struct Hit {
  dbt::NodeId node = 0;
  double score = 0; ///< BM25F score (plus name bonuses); higher is better
  /// The column (or semantic entity, dimension or measure) that matched best,
  /// when a query term matched the node through its columns but not its name;
  /// empty otherwise.
  std::string_view column;
};

/// Ranked retrieval over a project's models, seeds, snapshots, sources,
/// columns, metrics, semantic models, saved queries, exposures and docs
/// blocks. Tests, unit tests, macros, groups, analyses and disabled nodes are
/// never indexed.
///
/// One document per node, scored with BM25F (k1 1.2, b 0.75) over weighted
/// fields: name (plus an alias that differs, and a source's source name and
/// identifier) > label and description > columns and semantic fields (names
/// and descriptions) > tags, path, package, resource type, owner. Terms come
/// from `Tokenizer`: snake_case, camelCase and dotted names are split and also
/// kept whole, layer prefixes (`stg_`, `int_`, `fct_`, `dim_`, `rpt_`, `src_`)
/// match their words, and singular/plural forms match. A query term missing
/// from the vocabulary matches terms within 1 edit (terms of 4+ bytes) or 2
/// edits (8+ bytes), at a reduced weight.
///
/// Names get bonuses on top of BM25, scaled by the most BM25 the query could
/// score, so an exact name always ranks above any document without one. A
/// query naming a node, case-insensitively (the whole query once stopwords are
/// dropped, its words joined by `_`, or any word holding `_` or `.`), adds twice
/// that maximum; nodes also answer to an alias, and sources to
/// `source_name.table`. A name within 1 or 2 edits adds a smaller bonus, so
/// `fct_ordrs` puts `fct_orders` first.
///
/// `Hit::column` is set when some query term matched the node's columns but
/// not its name; it names the column that those terms came from.
///
/// @par Thread safety
/// Immutable after `build`; `search` may run concurrently (each thread keeps
/// its own score accumulators, reused from query to query).
class Index {
public:
  Index() = default;

  /// Indexes every searchable node of `project`. The index refers to nodes by
  /// id and to text in the project's arena, so it must not outlive `project`
  /// (moving the `Project` is fine: its nodes and arena stay where they are).
  static Index build(const dbt::Project& project);

  /// Up to `limit` hits for `query`, best first; ties broken by unique id.
  /// An empty or all-stopword query returns nothing. Any bytes are accepted;
  /// only the first 4 KiB of `query` and its first 32 distinct terms count.
  [[nodiscard]] std::vector<Hit> search(std::string_view query, std::size_t limit) const;

  /// Number of indexed documents.
  [[nodiscard]] std::size_t size() const;

private:
  std::shared_ptr<const detail::IndexData> m_data;
};

} // namespace steward::search

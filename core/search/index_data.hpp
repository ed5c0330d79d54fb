#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/dbt/node.hpp"
#include "core/search/bm25.hpp"
#include "core/search/typo.hpp"
#include "core/search/vocabulary.hpp"
#include "core/util/string_arena.hpp"

namespace steward::search::detail {

/// A lower-cased name a node answers to (its name, or a source's
/// `source_name.table`), and the node's document.
struct NameEntry {
  std::string_view key;
  std::uint32_t doc = 0;
};

/// Everything `Index` holds; immutable once built.
struct IndexData {
  /// The project's nodes. A span over the node vector's buffer, which stays put
  /// when the `Project` itself is moved.
  std::span<const dbt::Node> nodes;
  std::vector<dbt::NodeId> doc_node; ///< document -> node
  Vocabulary vocabulary;
  Postings postings;
  FuzzySet term_typos; ///< vocabulary terms of 3+ bytes; id = term id

  StringArena name_text;        ///< lower-cased copies of names that needed one
  std::vector<NameEntry> names; ///< sorted by (key, doc)
  FuzzySet name_typos;          ///< one entry per distinct key; id = its first index in `names`

  [[nodiscard]] const dbt::Node& node_of(std::uint32_t doc) const { return nodes[doc_node[doc]]; }
};

} // namespace steward::search::detail

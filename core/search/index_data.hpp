#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
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
  std::uint64_t hash = 0; ///< `name_hash(key)`
  std::string_view key;
  std::uint32_t doc = 0;
};

/// The hash `NameEntry` is ordered by.
inline std::uint64_t name_hash(std::string_view key) {
  return std::hash<std::string_view>{}(key);
}

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
  std::vector<NameEntry> names; ///< sorted by (hash, key, doc): equal keys are adjacent
  FuzzySet name_typos;          ///< one entry per distinct key; id = its first index in `names`

  [[nodiscard]] const dbt::Node& node_of(std::uint32_t doc) const { return nodes[doc_node[doc]]; }

  /// The index in `names` of the first entry for `key`, or `names.size()`.
  [[nodiscard]] std::size_t first_named(std::string_view key) const {
    const std::uint64_t hash = name_hash(key);
    auto it =
        std::lower_bound(names.begin(), names.end(), hash,
                         [](const NameEntry& entry, std::uint64_t wanted) { return entry.hash < wanted; });
    for (; it != names.end() && it->hash == hash; ++it) {
      if (it->key == key) {
        return static_cast<std::size_t>(it - names.begin());
      }
    }
    return names.size();
  }
};

} // namespace steward::search::detail

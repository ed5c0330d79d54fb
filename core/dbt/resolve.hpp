#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/dbt/project.hpp"

namespace steward::dbt {

/// The outcome of looking up a node the way a person names it.
struct Resolution {
  enum class Kind : std::uint8_t { found, ambiguous, not_found };
  Kind kind = Kind::not_found;
  NodeId id = 0;                       ///< set when `found`
  std::vector<std::string> candidates; ///< unique ids when ambiguous, close names when not found
};

/// Finds the node `query` names, trying in order:
/// 1. an exact `unique_id`;
/// 2. `source_name.table_name` (a source);
/// 3. `package.name` (a node of that package);
/// 4. a model, seed or snapshot name (versioned models resolve to their latest
///    version, as an unpinned `ref()` does; `name.v2` pins a version);
/// 5. any other resource by name (exposure, metric, semantic model, ...);
/// 6. the same, ignoring case.
/// Several matches at the first step that matches give `ambiguous` with their
/// unique ids; no match gives `not_found` with up to five close names.
Resolution resolve(const Project& project, std::string_view query);

/// Renders a failed resolution as `key: reason` text for errors, e.g.
/// `fct_ordrs: no such node; did you mean fct_orders?`.
std::string describe_failure(std::string_view query, const Resolution& resolution);

} // namespace steward::dbt

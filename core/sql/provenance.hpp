#pragma once

// Private to core/sql: where the values of a query's output columns come
// from, as far as PII is concerned. `trace_outputs` walks libpg_query's parse
// tree of one SELECT (with WITH, set operations, subqueries, joins, VALUES)
// and describes each output either as one column (with the first PII column
// that feeds it) or as a run of columns from a `*` (with the PII columns the
// run may hold, by name). Only PII sources are tracked: a column fed by
// nothing marked has an empty `because`.

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/sql/pii.hpp"

namespace steward::sql::detail {

/// One output column of a query, or a run of columns from `*`.
struct Output {
  // --- One column (`star == false`) ---
  std::string name;    ///< the name the server gives it (PostgreSQL's rules)
  bool named = true;   ///< false when `name` is a guess
  std::string because; ///< first PII source that feeds it ("dim_customers.email"); empty: none

  // --- A run of columns from `*` (`star == true`) ---
  bool star = false;
  /// The run's columns (lower-case) when its width is known (the relation's
  /// columns come from the catalog): exactly these, in an unknown order.
  std::optional<std::set<std::string>> columns;
  std::map<std::string, std::string> pii; ///< lower-case column of the run → why it is PII
  std::string every_relation;             ///< every column is PII, because `every_relation.column`
  std::string every_because;              ///< every column is PII, because this

  bool operator==(const Output&) const = default;
};

/// The outputs of a query, in order.
using Shape = std::vector<Output>;

/// Why `column` of the run `star` is PII; empty when it is not.
std::string star_reason(const Output& star, std::string_view column);

/// The first PII source anywhere in `output`; empty when there is none.
std::string any_reason(const Output& output);

/// Number of result columns `output` stands for; nullopt for a run of
/// unknown width.
std::optional<std::size_t> width_of(const Output& output);

/// The outputs of `statement` (one SELECT, VALUES or TABLE statement, as the
/// guard allowed it), or nullopt when it cannot be analysed (parse failure,
/// a construct the tracer does not understand, an absurd width).
std::optional<Shape> trace_outputs(std::string_view statement, const PiiCatalog& catalog);

/// ASCII lower-case.
std::string lower(std::string_view text);

} // namespace steward::sql::detail

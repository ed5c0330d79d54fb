#pragma once

// PII in query results. The dbt project marks personal data: a column with
// `meta: {pii: true}`, `meta: {contains_pii: true}` or the tag `pii` (the
// meta keys and tags are configurable). A model, seed, snapshot or source
// marked that way as a whole, with none of its columns marked, counts as PII
// in every column. Before a result is shown to anyone or sent to an LLM,
// every result column that may carry a marked column's values is masked,
// hashed or dropped.
//
// Which result columns carry PII is decided on the statement's parse tree
// (libpg_query), not on result column names: a column keeps its PII through
// aliases (`email AS e`), expressions (`upper(email)`, `left(email, 3)`),
// `SELECT *` and `t.*` (expanded from the project's known columns), CTEs,
// subqueries in FROM, scalar subqueries and set operations (`UNION`: a PII
// column in any branch marks that position). The analysis errs towards
// masking: an unqualified column is traced to every relation in scope that
// may have it, and a `*` over a relation whose columns are not all known
// marks by name every result column that matches one of its PII columns.
// `count(x)` is the one expression that never carries `x`'s values.

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/dbt/project.hpp"
#include "core/ports/warehouse.hpp"
#include "core/sql/guard.hpp"

namespace steward::sql {

enum class PiiAction {
  mask, ///< the value becomes `***` (NULL stays NULL)
  hash, ///< the value becomes `Hasher(value)`: equal values stay equal
  drop, ///< the column is removed from the result
};

/// `mask`, `hash` or `drop`.
std::string_view pii_action_name(PiiAction action);

/// The action named `name` (`mask`, `hash`, `drop`; any case), or nullopt.
std::optional<PiiAction> parse_pii_action(std::string_view name);

/// How the project marks PII.
struct PiiMarkers {
  std::set<std::string> tags{"pii"};                      ///< column or node tags
  std::set<std::string> meta_keys{"pii", "contains_pii"}; ///< `meta.KEY: true`
};

/// What the project says about one relation.
struct RelationColumns {
  std::set<std::string> pii;    ///< lower-case names of its PII columns
  std::vector<std::string> all; ///< every known column (lower-case), in order (YAML, then catalog)
  /// `all` comes from the catalog (complete), not YAML alone: catalog.json
  /// had the node (`table_type` set) or some column is known only from the
  /// warehouse (`documented == false`; also a seed's CSV column that YAML
  /// does not describe). Complete means the width of `*` is known; the
  /// order of `all` is not the warehouse's (YAML columns come first), so the
  /// columns of a `*` are still told apart by name.
  bool all_known = false;
  bool whole_relation_pii = false; ///< marked as a whole, no column marked
};

/// The PII columns of a project, by relation. A relation is found by
/// `schema.name` and by bare `name` (lower-case; the warehouse identifier:
/// alias or source identifier). Relations that share a key (a source table
/// and a model both called `customers`) are merged: the union of their PII,
/// `whole_relation_pii` if either is, `all_known` only if their columns agree.
struct PiiCatalog {
  std::map<std::string, RelationColumns> relations;

  /// The entry for `relation` (schema may be empty), or null. A qualified
  /// relation not found as `schema.name` is looked up by bare `name` (a
  /// project read without a profile knows no schemas).
  [[nodiscard]] const RelationColumns* find(const Relation& relation) const;
};

/// Reads the markers off every model, seed, snapshot and source of `project`.
PiiCatalog pii_catalog(const dbt::Project& project, const PiiMarkers& markers);

/// A result column that carries PII, and why.
struct PiiColumn {
  std::size_t index = 0; ///< position in the result
  std::string name;      ///< the result column's name
  std::string because;   ///< "dim_customers.email" (the first marked column that feeds it)
};

/// The result columns of `checked` (a statement the guard allowed, as run)
/// that carry PII, given the names the server reported (`result_columns`).
/// Never throws; a statement it cannot analyse marks every column (`because`
/// then says so). `EXPLAIN` marks nothing: a plan shows no data values.
/// A relation the project does not know carries no marks.
std::vector<PiiColumn> find_pii(const Checked& checked, const PiiCatalog& catalog,
                                const std::vector<warehouse::Column>& result_columns);

/// Keyed one-way function for `PiiAction::hash` (the daemon supplies an HMAC
/// with a per-installation key; core has no cryptography).
using Hasher = std::function<std::string(std::string_view)>;

/// Applies `action` to `columns` of `table` in place. `hasher` is used for
/// `hash` only; without one, `hash` masks.
void apply_pii(warehouse::Table& table, const std::vector<PiiColumn>& columns, PiiAction action,
               const Hasher& hasher = {});

} // namespace steward::sql

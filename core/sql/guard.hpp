#pragma once

// The SQL guard: decides whether a statement may run against the warehouse,
// on PostgreSQL's own parser (libpg_query), before anything is sent. It is
// the first of two locks; the second is the adapter's `BEGIN READ ONLY`
// transaction (adapters/postgres), so a guard bug alone cannot write.
//
// Allowed: exactly one statement that only reads — `SELECT` (with `WITH`,
// set operations, subqueries, window functions), `VALUES`, `TABLE`, and
// `EXPLAIN` (without `ANALYZE`) of one of those. Everything else is rejected
// with a typed reason: other statement kinds (`INSERT`, `COPY`, `SET`, `DO`,
// `CALL`, `LOCK`, transactions, `PREPARE`, ...), data-modifying CTEs,
// `SELECT ... INTO`, locking clauses (`FOR UPDATE/SHARE`), parameters
// (`$1`), and calls to any function not on the allow-list.
//
// Functions: an ALLOW-list, not a deny-list. PostgreSQL has hundreds of
// built-in functions with side effects or server access (`pg_sleep`,
// `pg_read_file`, `lo_import`, `dblink`, `set_config`,
// `pg_terminate_backend`, `pg_advisory_lock`, `nextval`, `txid_*`, ...), new
// ones arrive with every release and extension, and any user-defined
// function can do anything its owner can. A deny-list fails open on the
// first name it misses; an allow-list of the pure functions analysts use
// (aggregates, window, math, string, date/time, JSON, casts) fails closed,
// and the rejection names the function so the list can be extended
// deliberately (`sql.allowed_functions`).
//
// Relations: every table a statement reads (not its own CTEs) must be on the
// relation allow-list when one is given (the dbt project's relations plus
// the configured schemas); system catalogs (`pg_catalog`,
// `information_schema`, `pg_toast`) are refused unless listed explicitly.

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace steward::sql {

/// Why a statement was refused. Every rejection names one.
enum class Reason {
  empty,                ///< no statement at all (blank, only comments)
  too_long,             ///< longer than `Policy::max_bytes`
  too_deep,             ///< nested deeper than `Policy::max_depth`
  parse_error,          ///< PostgreSQL's parser refused it (position given)
  multiple_statements,  ///< more than one statement
  not_a_read,           ///< a statement kind that is not a read (named)
  data_modifying_cte,   ///< `WITH x AS (DELETE ...)`
  select_into,          ///< `SELECT ... INTO t` creates a table
  locking_clause,       ///< `FOR UPDATE`, `FOR SHARE`, ...
  explain_analyze,      ///< `EXPLAIN ANALYZE` executes the statement
  parameter,            ///< `$1`: nothing would bind it
  function_not_allowed, ///< a function not on the allow-list (named)
  relation_not_allowed, ///< a table outside the allow-list (named)
  system_catalog,       ///< `pg_catalog.*`, `information_schema.*`, `pg_toast.*`
};

/// The stable name of `reason` (`data_modifying_cte`), for logs and JSON.
std::string_view reason_name(Reason reason);

/// A refusal a person can read: "`pg_sleep` is not an allowed function".
struct Rejection {
  Reason reason = Reason::parse_error;
  std::string message;
  /// 1-based character offset into the statement, when the parser or the
  /// guard knows where (0: unknown).
  int position = 0;
};

/// A relation a statement reads, as written (lower-cased; quoted names keep
/// their case). `schema` is empty for unqualified names.
struct Relation {
  std::string schema;
  std::string name;
  bool operator==(const Relation&) const = default;
  friend bool operator<(const Relation& a, const Relation& b) {
    return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
  }
};

/// What the guard allows.
struct Policy {
  /// Relations that may be read, as `schema.name` or bare `name`
  /// (lower-case). A qualified reference matches `schema.name`, or `name`
  /// when `schema` is in `schemas`; an unqualified one matches a bare `name`
  /// or `s.name` for any `s`. Empty together with `schemas`: any relation
  /// outside the system catalogs.
  std::set<std::string> relations;
  /// Schemas whose every relation may be read (lower-case).
  std::set<std::string> schemas;
  /// Functions allowed on top of the built-in allow-list (lower-case names,
  /// optionally `schema.name`).
  std::set<std::string> extra_functions;
  std::size_t max_bytes = 100'000;
  int max_depth = 200; ///< nesting of parentheses, before parsing
};

/// A statement the guard allowed.
struct Checked {
  std::string kind;                ///< "select", "values", "table" or "explain"
  std::set<Relation> relations;    ///< tables it reads (CTEs excluded)
  std::set<std::string> functions; ///< functions it calls (lower-case)
  std::string statement;           ///< the statement, trailing `;` and blanks removed
};

/// Checks `statement` against `policy`. Never throws; thread-safe.
/// Returns the rejection when refused.
std::optional<Rejection> check(std::string_view statement, const Policy& policy, Checked* out = nullptr);

/// True when `name` (lower-case, bare) is on the built-in function allow-list.
bool builtin_function_allowed(std::string_view name);

/// `statement` (already checked) wrapped so at most `limit` rows come back,
/// whatever its own LIMIT says: `SELECT * FROM (<statement>) AS steward_limited
/// LIMIT <limit>`. `EXPLAIN` output is returned unwrapped (it cannot be a
/// subquery; its output is a plan, not data).
std::string wrap_with_limit(const Checked& checked, std::size_t limit);

} // namespace steward::sql

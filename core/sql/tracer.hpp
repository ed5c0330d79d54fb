#pragma once

// Private to core/sql: the parse-tree walker behind `trace_outputs`
// (provenance.hpp). Query level (WITH, set operations, FROM, target lists)
// is in tracer.cpp, expressions and column references in tracer_expr.cpp,
// the shape algebra (unions, renames, USING) in shape.cpp.
//
// Anything the walker does not understand throws `NotUnderstood`, which
// `trace_outputs` turns into "mark every column" (fail closed).

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/sql/provenance.hpp"

namespace steward::sql::detail {

using nlohmann::json;

/// A construct the tracer cannot analyse soundly.
class NotUnderstood : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// --- Shape algebra (shape.cpp) ---

/// What a relation's outputs say about one column name.
struct Lookup {
  bool definitely = false; ///< a column of that name is certainly there
  bool maybe = false;      ///< it may be there (a run of unknown columns)
  std::string because;     ///< why it is PII; empty: not PII
};

/// Looks `column` up among `shape`'s outputs (case-insensitively).
Lookup lookup(const Shape& shape, std::string_view column);

/// The first PII source anywhere in `shape` (a whole-row reference).
std::string first_reason(const Shape& shape);

/// `shape` as one run of unknown width that keeps every PII name and, for
/// PII it cannot keep by name, marks every column.
Output blur(const Shape& shape);

/// `shape` with its first outputs renamed to `names` (`AS t(a, b)`).
Shape rename(Shape shape, const std::vector<std::string>& names);

/// Position-wise union of two set-operation branches (names from `left`).
Shape union_positions(Shape left, const Shape& right);

/// `shape` without its output `column` (a `USING` column, shown once).
Shape without_column(Shape shape, const std::string& column);

/// Throws when `shape` is absurdly wide (runaway `*` over CTEs).
void check_size(const Shape& shape);

// --- The walker ---

class Tracer {
public:
  explicit Tracer(const PiiCatalog& catalog) : m_catalog(catalog) {}

  /// The outputs of a `SelectStmt` (its fields), in the current scopes.
  Shape query(const json& select);

private:
  /// A name a FROM item can be referred to by (`t` in `t.col`, `t.*`).
  struct Part {
    std::string name;
    Shape shape;
  };
  /// One entry of a FROM list: what `*` yields, and its names.
  struct FromItem {
    Shape shape;
    std::vector<Part> parts;
  };
  using Scope = std::vector<FromItem>;
  using CteFrame = std::map<std::string, Shape>;

  // tracer.cpp
  Shape set_operation(const json& select);
  Shape simple_select(const json& select);
  Shape values(const json& select);
  void open_with(const json& with);
  void recursive_with(const json& ctes);
  Shape cte_shape(const json& cte);
  FromItem from_item(const json& node);
  FromItem range_var(const json& fields);
  FromItem range_subselect(const json& fields);
  FromItem range_function(const json& fields);
  FromItem join(const json& fields);
  [[nodiscard]] Shape base_relation(const std::string& name, const RelationColumns* columns) const;
  [[nodiscard]] const Shape* cte_named(const std::string& name) const;
  Shape target_list(const json& list);
  Shape star_target(const std::vector<std::string>& qualifier);

  // tracer_expr.cpp
  Output target(const json& res_target);
  std::string expression(const json& node);
  std::string column_ref(const json& fields);
  std::string unqualified(const std::string& column);
  std::string sublink(const json& fields);
  [[nodiscard]] const Part* part_named(const std::string& name) const;
  void step();

  /// Counts one level of recursion for as long as it lives; throws past the bound.
  class Nesting {
  public:
    explicit Nesting(Tracer& tracer);
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    Nesting(Nesting&&) = delete;
    Nesting& operator=(Nesting&&) = delete;
    ~Nesting();

  private:
    Tracer& m_tracer;
  };

  const PiiCatalog& m_catalog;
  std::vector<Scope> m_scopes;  ///< FROM items by query level, innermost last
  std::vector<CteFrame> m_ctes; ///< WITH names in scope, innermost last
  std::size_t m_steps = 0;      ///< work done, bounded
  int m_depth = 0;              ///< current recursion, bounded
};

/// The `String` values of a name list (`fields`, `funcname`, `colnames`);
/// `*` for `A_Star`.
std::vector<std::string> name_list(const json& list);

/// The name PostgreSQL gives an unnamed target `node` (its FigureColname),
/// and whether that is certain.
std::pair<std::string, bool> figure_name(const json& node);

} // namespace steward::sql::detail

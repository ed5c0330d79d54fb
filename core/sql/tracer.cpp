// The PII tracer at query level: WITH (recursive too), set operations,
// VALUES, FROM items (tables, CTEs, subqueries, functions, joins) and
// target lists with `*` and `t.*`.

#include "core/sql/tracer.hpp"

#include <algorithm>
#include <utility>

namespace steward::sql::detail {
namespace {

constexpr int k_recursive_rounds = 8;

/// `fields[key]`, or an empty array when absent.
const json& list_of(const json& fields, const char* key) {
  static const json empty = json::array();
  auto found = fields.find(key);
  return found != fields.end() && found->is_array() ? *found : empty;
}

void append(Shape& to, const Shape& from) {
  to.insert(to.end(), from.begin(), from.end());
  check_size(to);
}

/// The columns a NATURAL join merges, when both sides are plain columns.
std::optional<std::vector<std::string>> natural_columns(const Shape& left, const Shape& right) {
  const auto is_star = [](const Output& output) { return output.star; };
  if (std::any_of(left.begin(), left.end(), is_star) || std::any_of(right.begin(), right.end(), is_star)) {
    return std::nullopt;
  }
  std::vector<std::string> names;
  for (const Output& output : left) {
    if (lookup(right, output.name).definitely) {
      names.push_back(output.name);
    }
  }
  return names;
}

Output column_named(std::string name) {
  Output output;
  output.name = std::move(name);
  return output;
}

} // namespace

Shape Tracer::query(const json& select) {
  const Nesting nesting(*this);
  if (!select.is_object()) {
    throw NotUnderstood("a query that is not a SELECT");
  }
  const bool scoped = select.contains("withClause");
  if (scoped) {
    open_with(select.at("withClause"));
  }
  Shape out;
  if (select.value("op", std::string("SETOP_NONE")) != "SETOP_NONE") {
    out = set_operation(select);
  } else if (select.contains("valuesLists")) {
    out = values(select);
  } else {
    out = simple_select(select);
  }
  if (scoped) {
    m_ctes.pop_back();
  }
  check_size(out);
  return out;
}

Shape Tracer::set_operation(const json& select) {
  Shape left = query(select.at("larg"));
  const Shape right = query(select.at("rarg"));
  return union_positions(std::move(left), right);
}

Shape Tracer::simple_select(const json& select) {
  m_scopes.emplace_back();
  for (const json& item : list_of(select, "fromClause")) {
    FromItem from = from_item(item);
    m_scopes.back().push_back(std::move(from));
  }
  Shape out = target_list(list_of(select, "targetList"));
  m_scopes.pop_back();
  return out;
}

Shape Tracer::values(const json& select) {
  Shape out;
  const json& rows = list_of(select, "valuesLists");
  for (std::size_t row = 0; row < rows.size(); ++row) {
    const json& items = list_of(rows[row].at("List"), "items");
    if (row == 0) {
      for (std::size_t i = 0; i < items.size(); ++i) {
        out.push_back(column_named("column" + std::to_string(i + 1)));
      }
    } else if (items.size() != out.size()) {
      throw NotUnderstood("VALUES lists of different lengths");
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (out[i].because.empty()) {
        out[i].because = expression(items[i]);
      }
    }
  }
  check_size(out);
  return out;
}

void Tracer::open_with(const json& with) {
  const json& fields = with.contains("WithClause") ? with.at("WithClause") : with;
  m_ctes.emplace_back();
  const std::size_t level = m_ctes.size() - 1;
  if (fields.value("recursive", false)) {
    recursive_with(list_of(fields, "ctes"));
    return;
  }
  // Each CTE sees the ones before it; a name not yet defined is a table.
  for (const json& item : list_of(fields, "ctes")) {
    const json& cte = item.at("CommonTableExpr");
    Shape shape = cte_shape(cte);
    m_ctes[level][cte.at("ctename").get<std::string>()] = std::move(shape);
  }
}

/// `WITH RECURSIVE`: every CTE sees every other and itself. Starts from
/// "unknown columns, no PII" and recomputes until nothing changes; PII only
/// grows, so a few rounds settle it.
void Tracer::recursive_with(const json& ctes) {
  const std::size_t level = m_ctes.size() - 1;
  Output unknown;
  unknown.star = true;
  for (const json& item : ctes) {
    m_ctes[level][item.at("CommonTableExpr").at("ctename").get<std::string>()] = Shape{unknown};
  }
  for (int round = 0; round < k_recursive_rounds; ++round) {
    CteFrame next;
    for (const json& item : ctes) {
      const json& cte = item.at("CommonTableExpr");
      next[cte.at("ctename").get<std::string>()] = cte_shape(cte);
    }
    if (next == m_ctes[level]) {
      return;
    }
    m_ctes[level] = std::move(next);
  }
  throw NotUnderstood("a recursive CTE that does not settle");
}

Shape Tracer::cte_shape(const json& cte) {
  Shape shape = query(cte.at("ctequery").at("SelectStmt"));
  return rename(std::move(shape), name_list(list_of(cte, "aliascolnames")));
}

const Shape* Tracer::cte_named(const std::string& name) const {
  for (std::size_t level = m_ctes.size(); level-- > 0;) {
    auto found = m_ctes[level].find(name);
    if (found != m_ctes[level].end()) {
      return &found->second;
    }
  }
  return nullptr;
}

Tracer::FromItem Tracer::from_item(const json& node) {
  const Nesting nesting(*this);
  if (node.contains("RangeVar")) {
    return range_var(node.at("RangeVar"));
  }
  if (node.contains("RangeSubselect")) {
    return range_subselect(node.at("RangeSubselect"));
  }
  if (node.contains("RangeFunction")) {
    return range_function(node.at("RangeFunction"));
  }
  if (node.contains("JoinExpr")) {
    return join(node.at("JoinExpr"));
  }
  if (node.contains("RangeTableSample")) {
    return from_item(node.at("RangeTableSample").at("relation"));
  }
  throw NotUnderstood("a FROM item the tracer does not know");
}

Tracer::FromItem Tracer::range_var(const json& fields) {
  const std::string name = fields.value("relname", std::string());
  const std::string schema = fields.value("schemaname", std::string());
  const Shape* cte = schema.empty() ? cte_named(name) : nullptr;
  Shape shape = cte != nullptr ? *cte : base_relation(name, m_catalog.find(Relation{schema, name}));
  std::string refname = name;
  if (auto alias = fields.find("alias"); alias != fields.end()) {
    refname = alias->value("aliasname", name);
    shape = rename(std::move(shape), name_list(list_of(*alias, "colnames")));
  }
  return FromItem{shape, {Part{refname, shape}}};
}

/// A table of the project: one run of its columns, with its PII by name.
Shape Tracer::base_relation(const std::string& name, const RelationColumns* columns) const {
  Output run;
  run.star = true;
  if (columns == nullptr) {
    return {run}; // not the project's: nothing is marked
  }
  for (const std::string& column : columns->pii) {
    run.pii[column] = name;
    run.pii[column] += "." + column;
  }
  if (columns->whole_relation_pii) {
    run.every_relation = name;
  }
  if (columns->all_known) {
    std::set<std::string> all;
    for (const std::string& column : columns->all) {
      all.insert(lower(column));
    }
    for (const std::string& column : columns->pii) {
      all.insert(column);
    }
    run.columns = std::move(all);
  }
  return {run};
}

Tracer::FromItem Tracer::range_subselect(const json& fields) {
  Shape shape = query(fields.at("subquery").at("SelectStmt"));
  std::string refname;
  if (auto alias = fields.find("alias"); alias != fields.end()) {
    refname = alias->value("aliasname", std::string());
    shape = rename(std::move(shape), name_list(list_of(*alias, "colnames")));
  }
  return FromItem{shape, {Part{refname, shape}}};
}

/// `generate_series(...)`, `unnest(...)`, `jsonb_each(t.col)`: columns of
/// unknown number, fed by whatever the arguments read.
Tracer::FromItem Tracer::range_function(const json& fields) {
  Output run;
  run.star = true;
  run.every_because = expression(list_of(fields, "functions"));
  std::string refname;
  const json& functions = list_of(fields, "functions");
  if (!functions.empty()) {
    const json& items = list_of(functions[0].at("List"), "items");
    if (!items.empty() && items[0].contains("FuncCall")) {
      const auto names = name_list(list_of(items[0].at("FuncCall"), "funcname"));
      refname = names.empty() ? "" : names.back();
    }
  }
  if (auto alias = fields.find("alias"); alias != fields.end()) {
    refname = alias->value("aliasname", refname);
  }
  return FromItem{{run}, {Part{refname, {run}}}};
}

Tracer::FromItem Tracer::join(const json& fields) {
  FromItem left = from_item(fields.at("larg"));
  // A LATERAL right side may read the left one.
  m_scopes.back().push_back(left);
  FromItem right = from_item(fields.at("rarg"));
  m_scopes.back().pop_back();

  std::optional<std::vector<std::string>> merged = name_list(list_of(fields, "usingClause"));
  if (fields.value("isNatural", false)) {
    merged = natural_columns(left.shape, right.shape);
  }
  FromItem out;
  out.parts = std::move(left.parts);
  out.parts.insert(out.parts.end(), right.parts.begin(), right.parts.end());
  if (!merged) {
    Shape both = left.shape;
    append(both, right.shape);
    out.shape = {blur(both)};
  } else {
    Shape shown; // USING columns come first, once, fed by both sides
    for (const std::string& column : *merged) {
      Output output = column_named(column);
      output.because = lookup(left.shape, column).because;
      if (output.because.empty()) {
        output.because = lookup(right.shape, column).because;
      }
      shown.push_back(std::move(output));
      left.shape = without_column(std::move(left.shape), column);
      right.shape = without_column(std::move(right.shape), column);
    }
    if (auto alias = fields.find("join_using_alias"); alias != fields.end()) {
      out.parts.push_back(Part{alias->value("aliasname", std::string()), shown});
    }
    append(shown, left.shape);
    append(shown, right.shape);
    out.shape = std::move(shown);
  }
  if (auto alias = fields.find("alias"); alias != fields.end()) {
    out.shape = rename(std::move(out.shape), name_list(list_of(*alias, "colnames")));
    out.parts.push_back(Part{alias->value("aliasname", std::string()), out.shape});
  }
  return out;
}

Shape Tracer::target_list(const json& list) {
  Shape out;
  for (const json& item : list) {
    const json& target_fields = item.at("ResTarget");
    const json& value = target_fields.at("val");
    if (value.contains("ColumnRef")) {
      std::vector<std::string> names = name_list(list_of(value.at("ColumnRef"), "fields"));
      if (!names.empty() && names.back() == "*") {
        names.pop_back();
        append(out, star_target(names));
        continue;
      }
    }
    out.push_back(target(target_fields));
  }
  check_size(out);
  return out;
}

Shape Tracer::star_target(const std::vector<std::string>& qualifier) {
  Shape out;
  if (qualifier.empty()) {
    if (m_scopes.empty() || m_scopes.back().empty()) {
      throw NotUnderstood("`*` without a FROM clause");
    }
    for (const FromItem& item : m_scopes.back()) {
      append(out, item.shape);
    }
    return out;
  }
  const Part* part = part_named(qualifier.back());
  if (part == nullptr) {
    throw NotUnderstood("`" + qualifier.back() + ".*` names no FROM item");
  }
  return part->shape;
}

} // namespace steward::sql::detail

// The PII tracer at expression level: which marked columns feed a target
// expression (every column reference inside it, through functions, casts,
// CASE, COALESCE and subqueries, except the arguments of `count`), how
// column references resolve through the scopes, and the name PostgreSQL
// gives an unnamed target.

#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "core/sql/tracer.hpp"

namespace steward::sql::detail {
namespace {

constexpr std::size_t k_max_steps = 1'000'000;
constexpr int k_max_depth = 2000;

/// `count(...)`, the aggregate that never carries its argument's values.
bool is_count(const json& fields) {
  auto found = fields.find("funcname");
  const std::vector<std::string> names =
      found != fields.end() ? name_list(*found) : std::vector<std::string>{};
  return !names.empty() && names.back() == "count" &&
         (names.size() == 1 || (names.size() == 2 && names[0] == "pg_catalog"));
}

struct Figured {
  std::string name;
  int strength = 0;    ///< PostgreSQL's confidence: 0 none, 1 second best, 2 good
  bool certain = true; ///< false: a node whose naming the tracer does not model
};

Figured figure(const json& node);

/// The last `String` of `list`, ignoring `*` (a column or field name).
std::string last_name(const json& list) {
  std::string name;
  for (const std::string& part : name_list(list)) {
    if (part != "*") {
      name = part;
    }
  }
  return name;
}

const json& field(const json& fields, const char* key) {
  static const json null;
  auto found = fields.find(key);
  return found != fields.end() ? *found : null;
}

Figured figure_cast(const json& fields) {
  Figured inner = figure(field(fields, "arg"));
  if (inner.strength <= 1) {
    return {last_name(field(field(fields, "typeName"), "names")), 1, inner.certain};
  }
  return inner;
}

Figured figure_sublink(const json& fields) {
  const std::string type = fields.value("subLinkType", std::string());
  if (type == "EXISTS_SUBLINK") {
    return {"exists", 2};
  }
  if (type == "ARRAY_SUBLINK") {
    return {"array", 2};
  }
  if (type == "EXPR_SUBLINK") {
    return {"", 0, false}; // named after the subquery's target (Tracer::target)
  }
  return {};
}

/// PostgreSQL's FigureColnameInternal (parse_target.c) for the nodes that
/// carry data; anything else is uncertain.
Figured figure(const json& node) {
  if (!node.is_object() || node.empty()) {
    return {};
  }
  const std::string& key = node.begin().key();
  const json& fields = node.begin().value();
  if (key == "ColumnRef") {
    std::string name = last_name(field(fields, "fields"));
    return name.empty() ? Figured{} : Figured{std::move(name), 2};
  }
  if (key == "A_Indirection") {
    std::string name = last_name(field(fields, "indirection"));
    return name.empty() ? figure(field(fields, "arg")) : Figured{std::move(name), 2};
  }
  if (key == "FuncCall") {
    return {last_name(field(fields, "funcname")), 2};
  }
  if (key == "A_Expr") {
    return fields.value("kind", std::string()) == "AEXPR_NULLIF" ? Figured{"nullif", 2} : Figured{};
  }
  if (key == "TypeCast") {
    return figure_cast(fields);
  }
  if (key == "CollateClause") {
    return figure(field(fields, "arg"));
  }
  if (key == "SubLink") {
    return figure_sublink(fields);
  }
  if (key == "CaseExpr") {
    Figured result = figure(field(fields, "defresult"));
    return result.strength <= 1 ? Figured{"case", 1, result.certain} : result;
  }
  if (key == "MinMaxExpr") {
    const bool greatest = fields.value("op", std::string()) == "IS_GREATEST";
    return {greatest ? "greatest" : "least", 2};
  }
  static const std::map<std::string, std::string> k_function_like = {{"GroupingFunc", "grouping"},
                                                                     {"A_ArrayExpr", "array"},
                                                                     {"RowExpr", "row"},
                                                                     {"CoalesceExpr", "coalesce"}};
  if (auto found = k_function_like.find(key); found != k_function_like.end()) {
    return {found->second, 2};
  }
  static const std::set<std::string> k_unnamed = {"A_Const", "BoolExpr", "NullTest", "BooleanTest"};
  return {"", 0, k_unnamed.contains(key)};
}

} // namespace

std::vector<std::string> name_list(const json& list) {
  std::vector<std::string> names;
  if (!list.is_array()) {
    return names;
  }
  for (const json& item : list) {
    if (auto string = item.find("String"); string != item.end()) {
      names.push_back(string->value("sval", std::string()));
    } else if (item.contains("A_Star")) {
      names.emplace_back("*");
    }
  }
  return names;
}

std::pair<std::string, bool> figure_name(const json& node) {
  Figured figured = figure(node);
  if (figured.strength == 0) {
    figured.name = "?column?";
  }
  return {std::move(figured.name), figured.certain};
}

void Tracer::step() {
  if (++m_steps > k_max_steps) {
    throw NotUnderstood("the statement is too large to trace");
  }
}

Tracer::Nesting::Nesting(Tracer& tracer) : m_tracer(tracer) {
  tracer.step();
  if (++tracer.m_depth > k_max_depth) {
    throw NotUnderstood("the statement nests too deeply to trace");
  }
}

Tracer::Nesting::~Nesting() {
  --m_tracer.m_depth;
}

Output Tracer::target(const json& res_target) {
  const json& value = res_target.at("val");
  Output out;
  auto sublink = value.find("SubLink");
  if (sublink != value.end() && sublink->value("subLinkType", std::string()) == "EXPR_SUBLINK") {
    // `(select email from ...)`: named after the subquery's one output.
    const Shape shape = query(sublink->at("subselect").at("SelectStmt"));
    out.because = first_reason(shape);
    const bool plain = !shape.empty() && !shape.front().star;
    out.name = plain ? shape.front().name : "?column?";
    out.named = plain && shape.front().named;
  } else {
    out.because = expression(value);
    std::tie(out.name, out.named) = figure_name(value);
  }
  if (auto name = res_target.find("name"); name != res_target.end()) {
    out.name = name->get<std::string>();
    out.named = true;
  }
  return out;
}

std::string Tracer::expression(const json& node) {
  const Nesting nesting(*this);
  if (node.is_array()) {
    for (const json& item : node) {
      if (std::string reason = expression(item); !reason.empty()) {
        return reason;
      }
    }
    return {};
  }
  if (!node.is_object()) {
    return {};
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string& key = it.key();
    std::string reason;
    if (key == "ColumnRef") {
      reason = column_ref(it.value());
    } else if (key == "FuncCall") {
      reason = is_count(it.value()) ? std::string() : expression(it.value());
    } else if (key == "SubLink") {
      reason = sublink(it.value());
    } else if (key == "SelectStmt" || key == "RangeVar" || key == "RangeSubselect") {
      throw NotUnderstood("a query inside an expression outside a subquery");
    } else {
      reason = expression(it.value());
    }
    if (!reason.empty()) {
      return reason;
    }
  }
  return {};
}

/// A subquery in an expression: its outputs feed the value (for EXISTS
/// only through true/false, still counted: only `count` is exempt), and so
/// does the expression it is compared with (`x IN (...)`).
std::string Tracer::sublink(const json& fields) {
  const Shape shape = query(fields.at("subselect").at("SelectStmt"));
  std::string reason = first_reason(shape);
  if (reason.empty()) {
    reason = expression(field(fields, "testexpr"));
  }
  return reason;
}

std::string Tracer::column_ref(const json& fields) {
  const std::vector<std::string> names = name_list(field(fields, "fields"));
  if (names.empty()) {
    throw NotUnderstood("a column reference without a name");
  }
  if (names.back() == "*") { // `t.*` inside an expression: the whole row
    if (names.size() == 1) {
      if (m_scopes.empty()) {
        return {};
      }
      for (const FromItem& item : m_scopes.back()) {
        if (std::string reason = first_reason(item.shape); !reason.empty()) {
          return reason;
        }
      }
      return {};
    }
    const Part* part = part_named(names[names.size() - 2]);
    if (part == nullptr) {
      throw NotUnderstood("`" + names[names.size() - 2] + ".*` names no FROM item");
    }
    return first_reason(part->shape);
  }
  if (names.size() == 1) {
    std::string reason = unqualified(names[0]);
    const Part* part = reason.empty() ? part_named(names[0]) : nullptr;
    return part != nullptr ? first_reason(part->shape) : reason; // `t` may be the whole row
  }
  const std::string& qualifier = names[names.size() - 2];
  if (const Part* part = part_named(qualifier)) {
    const Lookup found = lookup(part->shape, names.back());
    // Not a column of `t`: `t.f` is then `f(t)`, a function of the whole row.
    return found.definitely || found.maybe ? found.because : first_reason(part->shape);
  }
  // `c.field` of a composite column `c`.
  std::string reason = unqualified(qualifier);
  return reason.empty() ? unqualified(names.back()) : reason;
}

/// Every relation in scope that may have `column`, innermost query level
/// first; a level where some relation certainly has it ends the search.
std::string Tracer::unqualified(const std::string& column) {
  std::string reason;
  for (std::size_t level = m_scopes.size(); level-- > 0;) {
    bool found = false;
    for (const FromItem& item : m_scopes[level]) {
      for (const Part& part : item.parts) {
        const Lookup lookup_result = lookup(part.shape, column);
        found = found || lookup_result.definitely;
        if (reason.empty()) {
          reason = lookup_result.because;
        }
      }
    }
    if (found) {
      break;
    }
  }
  return reason;
}

const Tracer::Part* Tracer::part_named(const std::string& name) const {
  for (std::size_t level = m_scopes.size(); level-- > 0;) {
    for (const FromItem& item : m_scopes[level]) {
      for (const Part& part : item.parts) {
        if (part.name == name) {
          return &part;
        }
      }
    }
  }
  return nullptr;
}

} // namespace steward::sql::detail

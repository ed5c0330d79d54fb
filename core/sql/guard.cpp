// The SQL guard's checks over libpg_query's JSON parse tree. The function
// allow-list is in functions.cpp.

#include "core/sql/guard.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <pg_query.h>

namespace steward::sql {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 3> k_system_schemas = {"pg_catalog", "information_schema", "pg_toast"};
constexpr std::array<std::string_view, 4> k_writes = {"InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt"};

/// The SQL a statement node reads as, for "`COPY` is not a read".
std::string statement_name(std::string_view node) {
  static const std::array<std::pair<std::string_view, std::string_view>, 22> names = {{
      {"InsertStmt", "INSERT"},
      {"UpdateStmt", "UPDATE"},
      {"DeleteStmt", "DELETE"},
      {"MergeStmt", "MERGE"},
      {"CopyStmt", "COPY"},
      {"VariableSetStmt", "SET"},
      {"VariableShowStmt", "SHOW"},
      {"DoStmt", "DO"},
      {"CallStmt", "CALL"},
      {"LockStmt", "LOCK"},
      {"TransactionStmt", "a transaction statement (BEGIN, COMMIT, ...)"},
      {"PrepareStmt", "PREPARE"},
      {"ExecuteStmt", "EXECUTE"},
      {"DeallocateStmt", "DEALLOCATE"},
      {"CreateStmt", "CREATE TABLE"},
      {"CreateTableAsStmt", "CREATE TABLE AS"},
      {"DropStmt", "DROP"},
      {"TruncateStmt", "TRUNCATE"},
      {"GrantStmt", "GRANT"},
      {"AlterTableStmt", "ALTER TABLE"},
      {"VacuumStmt", "VACUUM"},
      {"ListenStmt", "LISTEN"},
  }};
  for (const auto& [key, name] : names) {
    if (key == node) {
      return std::string(name);
    }
  }
  std::string out(node);
  if (out.ends_with("Stmt")) {
    out.resize(out.size() - 4);
  }
  return "a " + out + " statement";
}

/// Lower-case ASCII; PostgreSQL already folded unquoted identifiers.
std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return out;
}

int location_of(const json& fields) {
  auto found = fields.find("location");
  return found != fields.end() && found->is_number_integer() ? found->get<int>() + 1 : 0;
}

/// The `String` values of a name list (`funcname`, `names`).
std::vector<std::string> name_parts(const json& list) {
  std::vector<std::string> parts;
  if (!list.is_array()) {
    return parts;
  }
  for (const json& item : list) {
    auto string = item.find("String");
    if (string != item.end() && string->contains("sval")) {
      parts.push_back((*string)["sval"].get<std::string>());
    }
  }
  return parts;
}

class Walker {
public:
  Walker(const Policy& policy, Checked& out) : m_policy(policy), m_out(out) {}

  [[nodiscard]] const std::optional<Rejection>& rejection() const { return m_rejection; }

  /// Walks any node or list, dispatching on node names.
  void walk(const json& node) {
    if (m_rejection) {
      return;
    }
    if (node.is_array()) {
      for (const json& item : node) {
        walk(item);
      }
      return;
    }
    if (!node.is_object()) {
      return;
    }
    for (auto it = node.begin(); it != node.end() && !m_rejection; ++it) {
      visit(it.key(), it.value());
    }
  }

  /// A `SelectStmt` (at the top or nested).
  void select(const json& fields) {
    if (fields.contains("intoClause")) {
      reject(Reason::select_into, "`SELECT ... INTO` creates a table; only reads may run", fields);
      return;
    }
    if (fields.contains("lockingClause")) {
      reject(Reason::locking_clause, "`FOR UPDATE` / `FOR SHARE` lock rows; only plain reads may run",
             fields);
      return;
    }
    const bool scoped = fields.contains("withClause");
    if (scoped) {
      open_with(fields["withClause"]);
    }
    for (auto it = fields.begin(); it != fields.end() && !m_rejection; ++it) {
      if (it.key() != "withClause") {
        walk(it.value());
      }
    }
    if (scoped) {
      m_ctes.pop_back();
    }
  }

private:
  void visit(const std::string& key, const json& value) {
    if (key == "SelectStmt") {
      select(value);
    } else if (std::find(k_writes.begin(), k_writes.end(), key) != k_writes.end()) {
      reject(Reason::data_modifying_cte,
             statement_name(key) + " inside a query changes data; only reads may run", value);
    } else if (key == "RangeVar") {
      relation(value);
    } else if (key == "FuncCall") {
      function(value);
    } else if (key == "ParamRef") {
      reject(Reason::parameter, "parameters like `$1` cannot be bound here; write the value in the query",
             value);
    } else {
      walk(value);
    }
  }

  /// Opens the scope of a WITH clause: its CTE names hide tables of the same
  /// name in this query (and, being recursive-safe, in the CTEs themselves).
  void open_with(const json& with) {
    m_ctes.emplace_back();
    const json& ctes = with.contains("WithClause") ? with["WithClause"]["ctes"] : with["ctes"];
    if (!ctes.is_array()) {
      return;
    }
    for (const json& item : ctes) {
      if (item.contains("CommonTableExpr")) {
        m_ctes.back().insert(item["CommonTableExpr"].value("ctename", ""));
      }
    }
    for (const json& item : ctes) {
      if (!item.contains("CommonTableExpr")) {
        continue;
      }
      const json& cte = item["CommonTableExpr"];
      const json& query = cte.contains("ctequery") ? cte["ctequery"] : json::object();
      for (std::string_view write : k_writes) {
        if (query.contains(write)) {
          reject(Reason::data_modifying_cte,
                 "the CTE `" + cte.value("ctename", "") + "` runs " + statement_name(write) +
                     "; data-modifying CTEs are not reads",
                 cte);
          return;
        }
      }
      walk(query);
    }
  }

  [[nodiscard]] bool is_cte(const std::string& name) const {
    return std::any_of(m_ctes.begin(), m_ctes.end(), [&](const auto& scope) { return scope.contains(name); });
  }

  void relation(const json& fields) {
    Relation rel{fields.value("schemaname", ""), fields.value("relname", "")};
    if (rel.schema.empty() && is_cte(rel.name)) {
      return;
    }
    const std::string shown = rel.schema.empty() ? rel.name : rel.schema + "." + rel.name;
    if (!fields.value("catalogname", "").empty()) {
      reject(Reason::relation_not_allowed,
             "`" + fields.value("catalogname", "") + "." + shown +
                 "` names another database; only this one may be read",
             fields);
      return;
    }
    const bool system = std::find(k_system_schemas.begin(), k_system_schemas.end(), lower(rel.schema)) !=
                            k_system_schemas.end() ||
                        (rel.schema.empty() && (rel.name.starts_with("pg_")));
    if (system && !listed(rel)) {
      reject(Reason::system_catalog,
             "`" + shown + "` is a system catalog; only the project's relations may be read", fields);
      return;
    }
    if (!allowed(rel)) {
      reject(Reason::relation_not_allowed,
             "`" + shown +
                 "` is not one of the project's relations (sql.allowed_relations, sql.allowed_schemas)",
             fields);
      return;
    }
    m_out.relations.insert(std::move(rel));
  }

  /// On the relation list itself (not only through an open policy).
  [[nodiscard]] bool listed(const Relation& rel) const {
    const std::string name = lower(rel.name);
    const std::string schema = lower(rel.schema);
    if (!schema.empty()) {
      return m_policy.relations.contains(schema + "." + name) || m_policy.schemas.contains(schema);
    }
    return m_policy.relations.contains(name);
  }

  [[nodiscard]] bool allowed(const Relation& rel) const {
    if (m_policy.relations.empty() && m_policy.schemas.empty()) {
      return true;
    }
    if (listed(rel)) {
      return true;
    }
    if (!rel.schema.empty()) {
      return false;
    }
    const std::string suffix = "." + lower(rel.name);
    return std::any_of(m_policy.relations.begin(), m_policy.relations.end(),
                       [&](const std::string& entry) { return entry.ends_with(suffix); });
  }

  void function(const json& fields) {
    std::vector<std::string> parts = name_parts(fields.contains("funcname") ? fields["funcname"] : json());
    if (parts.empty()) {
      reject(Reason::function_not_allowed, "a function call without a name", fields);
      return;
    }
    const std::string name = lower(parts.back());
    const std::string schema = parts.size() > 1 ? lower(parts[parts.size() - 2]) : "";
    const std::string full = schema.empty() ? name : schema + "." + name;
    const bool builtin = (schema.empty() || schema == "pg_catalog") && builtin_function_allowed(name);
    const bool extra = m_policy.extra_functions.contains(full) ||
                       (schema.empty() && m_policy.extra_functions.contains(name));
    if (parts.size() > 2 || (!builtin && !extra)) {
      reject(Reason::function_not_allowed,
             "`" + full +
                 "` is not an allowed function (only pure functions may run; see sql.allowed_functions)",
             fields);
      return;
    }
    m_out.functions.insert(full);
    walk(fields);
  }

  void reject(Reason reason, std::string message, const json& fields) {
    if (!m_rejection) {
      m_rejection = Rejection{reason, std::move(message), location_of(fields)};
    }
  }

  const Policy& m_policy;
  Checked& m_out;
  std::optional<Rejection> m_rejection;
  std::vector<std::set<std::string>> m_ctes; ///< CTE names in scope, innermost last
};

/// Nesting of parentheses outside strings is a cheap bound on the parser's
/// recursion; string and comment contents do not count.
/// JSON nesting the walk may recurse through: PostgreSQL's own limit on
/// parentheses (policy.max_depth, 200) needs about 6 levels each.
constexpr std::size_t k_max_tree_depth = 2000;

/// The nesting depth of `root`, measured without recursion.
std::size_t tree_depth(const json& root) {
  std::vector<std::pair<const json*, std::size_t>> pending{{&root, 1}};
  std::size_t deepest = 0;
  while (!pending.empty()) {
    const auto [node, depth] = pending.back();
    pending.pop_back();
    deepest = std::max(deepest, depth);
    if (depth > k_max_tree_depth) {
      break;
    }
    if (node->is_structured()) {
      for (const json& child : *node) {
        pending.emplace_back(&child, depth + 1);
      }
    }
  }
  return deepest;
}

int paren_depth(std::string_view text) {
  int depth = 0;
  int deepest = 0;
  for (char c : text) {
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    deepest = std::max(deepest, depth);
  }
  return deepest;
}

std::string trimmed_statement(std::string_view text) {
  std::size_t end = text.size();
  while (end > 0 && (text[end - 1] == ';' || text[end - 1] == ' ' || text[end - 1] == '\n' ||
                     text[end - 1] == '\t' || text[end - 1] == '\r')) {
    --end;
  }
  std::size_t begin = 0;
  while (begin < end &&
         (text[begin] == ' ' || text[begin] == '\n' || text[begin] == '\t' || text[begin] == '\r')) {
    ++begin;
  }
  return std::string(text.substr(begin, end - begin));
}

struct ParseResultDeleter {
  void operator()(PgQueryParseResult* result) const {
    pg_query_free_parse_result(*result);
    delete result; // NOLINT(cppcoreguidelines-owning-memory)
  }
};

std::optional<Rejection> check_statement(const json& stmt, const Policy& policy, Checked& out) {
  Walker walker(policy, out);
  if (stmt.contains("SelectStmt")) {
    const json& select = stmt["SelectStmt"];
    out.kind = select.contains("valuesLists") ? "values" : "select";
    walker.select(select);
    return walker.rejection();
  }
  if (stmt.contains("ExplainStmt")) {
    const json& explain = stmt["ExplainStmt"];
    for (const json& option : explain.value("options", json::array())) {
      if (option.contains("DefElem") && lower(option["DefElem"].value("defname", "")) == "analyze") {
        return Rejection{Reason::explain_analyze, "`EXPLAIN ANALYZE` runs the statement; use plain `EXPLAIN`",
                         location_of(option["DefElem"])};
      }
    }
    const json& query = explain.value("query", json::object());
    if (!query.contains("SelectStmt")) {
      const std::string kind = query.empty() ? "nothing" : statement_name(query.begin().key());
      return Rejection{Reason::not_a_read, "`EXPLAIN` of " + kind + "; only reads may be explained", 0};
    }
    out.kind = "explain";
    walker.select(query["SelectStmt"]);
    return walker.rejection();
  }
  const std::string kind = stmt.empty() ? "an empty statement" : statement_name(stmt.begin().key());
  return Rejection{Reason::not_a_read,
                   kind + " is not a read; only SELECT, WITH, VALUES, TABLE and EXPLAIN may run", 0};
}

} // namespace

std::string_view reason_name(Reason reason) {
  switch (reason) {
  case Reason::empty: return "empty";
  case Reason::too_long: return "too_long";
  case Reason::too_deep: return "too_deep";
  case Reason::parse_error: return "parse_error";
  case Reason::multiple_statements: return "multiple_statements";
  case Reason::not_a_read: return "not_a_read";
  case Reason::data_modifying_cte: return "data_modifying_cte";
  case Reason::select_into: return "select_into";
  case Reason::locking_clause: return "locking_clause";
  case Reason::explain_analyze: return "explain_analyze";
  case Reason::parameter: return "parameter";
  case Reason::function_not_allowed: return "function_not_allowed";
  case Reason::relation_not_allowed: return "relation_not_allowed";
  case Reason::system_catalog: return "system_catalog";
  }
  return "unknown";
}

std::optional<Rejection> check(std::string_view statement, const Policy& policy, Checked* out) {
  if (statement.size() > policy.max_bytes) {
    return Rejection{Reason::too_long,
                     "the statement is " + std::to_string(statement.size()) + " bytes; at most " +
                         std::to_string(policy.max_bytes) + " may run",
                     0};
  }
  if (statement.find('\0') != std::string_view::npos) {
    return Rejection{Reason::parse_error, "the statement contains a NUL byte", 0};
  }
  if (paren_depth(statement) > policy.max_depth) {
    return Rejection{Reason::too_deep,
                     "the statement nests deeper than " + std::to_string(policy.max_depth) + " parentheses",
                     0};
  }
  const std::string text(statement);
  std::unique_ptr<PgQueryParseResult, ParseResultDeleter> parsed(
      new PgQueryParseResult(pg_query_parse(text.c_str())));
  if (parsed->error != nullptr) {
    return Rejection{Reason::parse_error, std::string("syntax: ") + parsed->error->message,
                     parsed->error->cursorpos};
  }
  json tree = json::parse(parsed->parse_tree, nullptr, false);
  if (tree.is_discarded() || !tree.is_object()) {
    return Rejection{Reason::parse_error, "the parser's output could not be read", 0};
  }
  // Deep trees (a 14,000-term `a || b || ...` is under the byte limit) would
  // overflow the stack of the recursive walk below, so depth is measured
  // first, without recursion; parentheses were counted before parsing.
  if (tree_depth(tree) > k_max_tree_depth) {
    return Rejection{Reason::too_deep, "the statement's expression tree is too deep to check", 0};
  }
  static const json k_none = json::array();
  const json& stmts = tree.contains("stmts") ? tree.at("stmts") : k_none;
  if (stmts.empty()) {
    return Rejection{Reason::empty, "no statement: write one SELECT", 0};
  }
  if (stmts.size() > 1) {
    // The second statement starts after the `;`; point at its first word.
    auto second = static_cast<std::size_t>(std::max(0, stmts[1].value("stmt_location", 0)));
    while (second < statement.size() && std::isspace(static_cast<unsigned char>(statement[second])) != 0) {
      ++second;
    }
    return Rejection{Reason::multiple_statements,
                     std::to_string(stmts.size()) + " statements; exactly one may run at a time",
                     static_cast<int>(second) + 1};
  }
  Checked checked;
  static const json k_no_statement = json::object();
  const json& statement_tree = stmts[0].contains("stmt") ? stmts[0].at("stmt") : k_no_statement;
  if (auto rejected = check_statement(statement_tree, policy, checked)) {
    return rejected;
  }
  // The statement's own text (without the `;` and anything after it).
  const auto begin = static_cast<std::size_t>(std::max(0, stmts[0].value("stmt_location", 0)));
  const auto length = static_cast<std::size_t>(std::max(0, stmts[0].value("stmt_len", 0)));
  checked.statement = trimmed_statement(length == 0 ? statement.substr(std::min(begin, statement.size()))
                                                    : statement.substr(begin, length));
  if (out != nullptr) {
    *out = std::move(checked);
  }
  return std::nullopt;
}

std::string wrap_with_limit(const Checked& checked, std::size_t limit) {
  if (checked.kind == "explain") {
    return checked.statement;
  }
  // A newline before the closing parenthesis ends a trailing `--` comment.
  return "SELECT * FROM (\n" + checked.statement + "\n) AS steward_limited LIMIT " + std::to_string(limit);
}

} // namespace steward::sql

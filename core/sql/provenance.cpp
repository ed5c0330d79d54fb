// `trace_outputs`: parses the statement with libpg_query and runs the
// tracer over its one SELECT. Any failure, including a parse tree of an
// unexpected shape (nlohmann throws on a missing key), means "not analysed".

#include "core/sql/provenance.hpp"

#include <memory>

#include <pg_query.h>

#include "core/sql/tracer.hpp"

namespace steward::sql::detail {
namespace {

struct ParseResultDeleter {
  void operator()(PgQueryParseResult* result) const {
    pg_query_free_parse_result(*result);
    delete result; // NOLINT(cppcoreguidelines-owning-memory)
  }
};

/// The one statement of `statement`'s parse tree, or null JSON.
json parse_one(std::string_view statement) {
  const std::string text(statement);
  const std::unique_ptr<PgQueryParseResult, ParseResultDeleter> parsed(
      new PgQueryParseResult(pg_query_parse(text.c_str())));
  if (parsed->error != nullptr || parsed->parse_tree == nullptr) {
    return {};
  }
  json tree = json::parse(parsed->parse_tree, nullptr, false);
  if (tree.is_discarded() || !tree.is_object()) {
    return {};
  }
  auto stmts = tree.find("stmts");
  if (stmts == tree.end() || !stmts->is_array() || stmts->size() != 1) {
    return {};
  }
  // Moved, not copied: copying a deep tree recurses once per level.
  json& first = (*stmts)[0];
  return first.is_object() && first.contains("stmt") ? std::move(first["stmt"]) : json();
}

} // namespace

std::optional<Shape> trace_outputs(std::string_view statement, const PiiCatalog& catalog) {
  try {
    const json stmt = parse_one(statement);
    if (!stmt.is_object() || !stmt.contains("SelectStmt")) {
      return std::nullopt;
    }
    Tracer tracer(catalog);
    return tracer.query(stmt.at("SelectStmt"));
  } catch (...) { // NotUnderstood, a json type error, bad_alloc: fail closed
    return std::nullopt;
  }
}

} // namespace steward::sql::detail

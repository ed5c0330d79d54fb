// PII in query results: which result columns carry a marked column's values,
// through aliases, `*`, subqueries, CTEs, expressions, scalar subqueries and
// set operations, on examples/shop (read from source) and on small manifests;
// and masking, hashing and dropping them. Every statement goes through the
// guard first, as in production.

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/dbt/artifacts.hpp"
#include "core/dbt/loader.hpp"
#include "core/sql/pii.hpp"
#include "tests/support/fixtures.hpp"

namespace steward::sql {
namespace {

using warehouse::Column;
using Marked = std::map<std::string, std::string>; ///< result column → because

std::vector<Column> columns(const std::vector<std::string>& names) {
  std::vector<Column> out;
  for (const std::string& name : names) {
    out.push_back(Column{name, "text", false});
  }
  return out;
}

/// The guard's verdict, as production gets it (any relation, any function
/// the allow-list has).
Checked checked(const std::string& statement) {
  Checked out;
  const std::optional<Rejection> rejected = check(statement, Policy{}, &out);
  EXPECT_FALSE(rejected) << statement << ": " << (rejected ? rejected->message : "");
  return out;
}

Marked marked(const PiiCatalog& catalog, const std::string& statement,
              const std::vector<std::string>& result) {
  Marked out;
  for (const PiiColumn& column : find_pii(checked(statement), catalog, columns(result))) {
    EXPECT_EQ(column.name, result.at(column.index)) << statement;
    out[column.name] = column.because;
  }
  return out;
}

/// The indices `find_pii` marks (for results with repeated names).
std::vector<std::size_t> marked_at(const PiiCatalog& catalog, const std::string& statement,
                                   const std::vector<std::string>& result) {
  std::vector<std::size_t> out;
  for (const PiiColumn& column : find_pii(checked(statement), catalog, columns(result))) {
    out.push_back(column.index);
  }
  return out;
}

dbt::Project project_from(const std::string& manifest, const std::string& catalog = "") {
  dbt::ProjectBuilder builder;
  auto parsed = dbt::parse_manifest(manifest, "manifest.json", builder);
  EXPECT_TRUE(parsed) << parsed.error().to_string();
  if (!catalog.empty()) {
    auto read = dbt::parse_catalog(catalog, "catalog.json", builder);
    EXPECT_TRUE(read) << read.error().to_string();
  }
  return std::move(builder).finish();
}

// dim_customers' columns in examples/shop/models/marts/core/_core.yml.
const std::vector<std::string> k_dim_customers = {"customer_id",
                                                  "first_name",
                                                  "last_name",
                                                  "email",
                                                  "country_code",
                                                  "country_name",
                                                  "region",
                                                  "created_at",
                                                  "first_order_date",
                                                  "most_recent_order_date",
                                                  "order_count",
                                                  "customer_lifetime_value",
                                                  "is_repeat_customer"};

class SqlPiiShop : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    auto project = dbt::load_project(steward::testing::source_dir() / "examples" / "shop");
    ASSERT_TRUE(project) << project.error().to_string();
    s_catalog =
        new PiiCatalog(pii_catalog(*project, PiiMarkers{})); // NOLINT(cppcoreguidelines-owning-memory)
  }
  static void TearDownTestSuite() {
    delete s_catalog; // NOLINT(cppcoreguidelines-owning-memory)
    s_catalog = nullptr;
  }
  static Marked pii(const std::string& statement, const std::vector<std::string>& result) {
    return marked(*s_catalog, statement, result);
  }
  static std::vector<std::size_t> pii_at(const std::string& statement,
                                         const std::vector<std::string>& result) {
    return marked_at(*s_catalog, statement, result);
  }

  static PiiCatalog* s_catalog; // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)
};

PiiCatalog* SqlPiiShop::s_catalog = nullptr; // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)

TEST_F(SqlPiiShop, CatalogReadsTheShopsMarkers) {
  const std::set<std::string> people = {"first_name", "last_name", "email"};
  for (const char* name : {"dim_customers", "stg_shop__customers", "customers"}) {
    const RelationColumns* found = s_catalog->find(Relation{"", name});
    ASSERT_NE(found, nullptr) << name;
    EXPECT_EQ(found->pii, people) << name;
    // dim_customers is also marked as a whole, but its columns say which.
    EXPECT_FALSE(found->whole_relation_pii) << name;
  }
  ASSERT_NE(s_catalog->find(Relation{"raw", "customers"}), nullptr); // the source, by schema
  EXPECT_EQ(s_catalog->find(Relation{"raw", "customers"})->pii, people);
  ASSERT_NE(s_catalog->find(Relation{"", "customers_snapshot"}), nullptr);
  EXPECT_EQ(s_catalog->find(Relation{"", "customers_snapshot"})->pii, std::set<std::string>{"email"});
  ASSERT_NE(s_catalog->find(Relation{"analytics", "fct_orders"}), nullptr); // falls back to the bare name
  EXPECT_TRUE(s_catalog->find(Relation{"", "fct_orders"})->pii.empty());
  EXPECT_EQ(s_catalog->find(Relation{"", "raw_events"}), nullptr);
  // Read from source, without a catalog: the YAML columns need not be all.
  EXPECT_FALSE(s_catalog->find(Relation{"", "dim_customers"})->all_known);
}

TEST_F(SqlPiiShop, DirectColumnsAndAliases) {
  EXPECT_EQ(pii("select customer_id, email from dim_customers", {"customer_id", "email"}),
            (Marked{{"email", "dim_customers.email"}}));
  EXPECT_EQ(pii("select d.email as contact, d.customer_id from analytics.dim_customers d",
                {"contact", "customer_id"}),
            (Marked{{"contact", "dim_customers.email"}}));
  EXPECT_EQ(pii("select \"email\" AS \"Contact\" from dim_customers", {"Contact"}),
            (Marked{{"Contact", "dim_customers.email"}}));
  EXPECT_EQ(pii("select id, email from customers_snapshot", {"id", "email"}),
            (Marked{{"email", "customers_snapshot.email"}}));
}

TEST_F(SqlPiiShop, StarAndQualifiedStarExpandOverTheProjectsColumns) {
  const Marked people = {{"first_name", "dim_customers.first_name"},
                         {"last_name", "dim_customers.last_name"},
                         {"email", "dim_customers.email"}};
  EXPECT_EQ(pii("select * from dim_customers", k_dim_customers), people);
  EXPECT_EQ(pii("table dim_customers", k_dim_customers), people);
  std::vector<std::string> result = {"order_id"};
  result.insert(result.end(), k_dim_customers.begin(), k_dim_customers.end());
  EXPECT_EQ(
      pii("select o.order_id, d.* from fct_orders o join dim_customers d on d.customer_id = o.customer_id",
          result),
      people);
  // One `*` of unknown width between known columns: the ends line up by
  // position, so `email` (first) and `id2` (last) are told apart from the run.
  result = {"email"};
  result.insert(result.end(), k_dim_customers.begin(), k_dim_customers.end());
  result.emplace_back("id2");
  EXPECT_EQ(pii_at("select email, d.*, customer_id as id2 from dim_customers d", result),
            (std::vector<std::size_t>{0, 2, 3, 4}));
}

TEST_F(SqlPiiShop, SubqueriesAndCtesKeepPiiThroughRenames) {
  EXPECT_EQ(pii("select * from (select email as e, customer_id from dim_customers) s", {"e", "customer_id"}),
            (Marked{{"e", "dim_customers.email"}}));
  EXPECT_EQ(pii("select s.e from (select email as e from dim_customers) s", {"e"}),
            (Marked{{"e", "dim_customers.email"}}));
  EXPECT_EQ(pii("with c as (select first_name as who, country_code from dim_customers) "
                "select who, country_code from c",
                {"who", "country_code"}),
            (Marked{{"who", "dim_customers.first_name"}}));
  EXPECT_EQ(
      pii("with c(a, b) as (select customer_id, email from stg_shop__customers) select * from c", {"a", "b"}),
      (Marked{{"b", "stg_shop__customers.email"}}));
  EXPECT_EQ(pii("select x.b from (select customer_id, email from dim_customers) as x(a, b)", {"b"}),
            (Marked{{"b", "dim_customers.email"}}));
  // A CTE hides the table of the same name.
  EXPECT_TRUE(
      pii("with dim_customers as (select 1 as email) select email from dim_customers", {"email"}).empty());
  // Nested CTEs: the inner one sees the outer one.
  EXPECT_EQ(pii("with a as (select email from dim_customers) "
                "select * from (with b as (select email as m from a) select m from b) z",
                {"m"}),
            (Marked{{"m", "dim_customers.email"}}));
}

TEST_F(SqlPiiShop, ExpressionsCarryTheColumnsTheyRead) {
  EXPECT_EQ(pii("select upper(email) from dim_customers", {"upper"}),
            (Marked{{"upper", "dim_customers.email"}}));
  EXPECT_EQ(pii("select concat(first_name, ' ', last_name) as full_name, region from dim_customers",
                {"full_name", "region"}),
            (Marked{{"full_name", "dim_customers.first_name"}}));
  EXPECT_EQ(pii("select case when email like '%@example.com' then 'internal' else 'external' end as kind "
                "from dim_customers",
                {"kind"}),
            (Marked{{"kind", "dim_customers.email"}}));
  EXPECT_EQ(pii("select coalesce(email, 'none'), email::text as t, left(last_name, 1) || '.' as initial "
                "from dim_customers",
                {"coalesce", "t", "initial"}),
            (Marked{{"coalesce", "dim_customers.email"},
                    {"t", "dim_customers.email"},
                    {"initial", "dim_customers.last_name"}}));
  // Aggregates other than count carry values.
  EXPECT_EQ(pii("select min(email), string_agg(first_name, ',') from dim_customers", {"min", "string_agg"}),
            (Marked{{"min", "dim_customers.email"}, {"string_agg", "dim_customers.first_name"}}));
  // Whole-row references carry every column.
  EXPECT_EQ(pii("select row_to_json(d) from dim_customers d", {"row_to_json"}).size(), 1U);
  EXPECT_EQ(pii("select to_jsonb(d.*) as j from dim_customers d", {"j"}).size(), 1U);
}

TEST_F(SqlPiiShop, LessCommonShapesStillCarryPii) {
  EXPECT_EQ(pii("select d from dim_customers d", {"d"}).size(), 1U); // a whole row
  EXPECT_EQ(pii("select x.* from (select upper(email) from dim_customers) x", {"upper"}),
            (Marked{{"upper", "dim_customers.email"}}));
  EXPECT_EQ(pii("select array(select email from dim_customers) as a", {"a"}),
            (Marked{{"a", "dim_customers.email"}}));
  EXPECT_EQ(
      pii("select first_value(email) over (order by created_at) from dim_customers", {"first_value"}).size(),
      1U);
  EXPECT_EQ(pii("select (d).email from dim_customers d", {"email"}).size(), 1U);
  EXPECT_EQ(pii("select j.e from (select email as e from dim_customers) s join lateral "
                "(select s.e) j on true",
                {"e"})
                .size(),
            1U);
  // NATURAL JOIN over relations of unknown width: matched by name.
  std::vector<std::string> result = k_dim_customers;
  result.emplace_back("updated_at");
  EXPECT_EQ(pii_at("select * from dim_customers natural join stg_shop__customers", result),
            (std::vector<std::size_t>{1, 2, 3}));
  // A join alias keeps the columns it renames.
  EXPECT_EQ(
      pii("select j.m from (dim_customers d join fct_orders o using (customer_id)) as j(c, m)", {"m"}).size(),
      1U);
}

TEST_F(SqlPiiShop, CountNeverCarriesValues) {
  EXPECT_TRUE(pii("select count(email), count(distinct email) as n, count(*) from dim_customers",
                  {"count", "n", "count"})
                  .empty());
  EXPECT_TRUE(
      pii("select country_code, count(*) from dim_customers group by 1", {"country_code", "count"}).empty());
  EXPECT_TRUE(pii("select customer_id, order_count from dim_customers where email like '%@example.com' "
                  "order by last_name",
                  {"customer_id", "order_count"})
                  .empty());
}

TEST_F(SqlPiiShop, ScalarAndCorrelatedSubqueries) {
  EXPECT_EQ(pii("select customer_id, (select s.email from stg_shop__customers s "
                "where s.customer_id = d.customer_id) as contact from dim_customers d",
                {"customer_id", "contact"}),
            (Marked{{"contact", "stg_shop__customers.email"}}));
  EXPECT_EQ(pii("select (select max(email) from dim_customers)", {"max"}),
            (Marked{{"max", "dim_customers.email"}}));
  EXPECT_TRUE(
      pii("select customer_id, (select count(*) from fct_orders o where o.customer_id = d.customer_id) "
          "from dim_customers d",
          {"customer_id", "count"})
          .empty());
  // A correlated reference to the outer email inside the subquery's output.
  EXPECT_EQ(pii("select (select d.email) as e from dim_customers d", {"e"}),
            (Marked{{"e", "dim_customers.email"}}));
  EXPECT_EQ(pii("select x.e from dim_customers d, lateral (select d.email as e) x", {"e"}),
            (Marked{{"e", "dim_customers.email"}}));
}

TEST_F(SqlPiiShop, SetOperationsMarkByPosition) {
  // Only the second branch has email; the column is named after the first.
  EXPECT_EQ(pii("select customer_id, country_code from dim_customers "
                "union all select customer_id, email from stg_shop__customers",
                {"customer_id", "country_code"}),
            (Marked{{"country_code", "stg_shop__customers.email"}}));
  EXPECT_EQ(pii("select region from dim_customers except select last_name from customers", {"region"}),
            (Marked{{"region", "customers.last_name"}}));
  EXPECT_TRUE(
      pii("select region from dim_customers intersect select country_code from country_codes", {"region"})
          .empty());
  // Recursive CTEs settle on the PII of every round.
  EXPECT_EQ(pii("with recursive r(n, e) as (select 1, email from dim_customers "
                "union all select n + 1, e from r where n < 3) select n, e from r",
                {"n", "e"}),
            (Marked{{"e", "dim_customers.email"}}));
}

TEST_F(SqlPiiShop, JoinsResolveUnqualifiedColumnsToEveryCandidate) {
  EXPECT_EQ(
      pii("select order_id, email from fct_orders o join dim_customers d on d.customer_id = o.customer_id",
          {"order_id", "email"}),
      (Marked{{"email", "dim_customers.email"}}));
  // USING shows `customer_id` once; two runs of unknown width match by name.
  std::vector<std::string> result = {"customer_id",  "first_name", "last_name", "email",
                                     "country_code", "created_at", "updated_at"};
  result.insert(result.end(), k_dim_customers.begin() + 1, k_dim_customers.end());
  const Marked marked_columns =
      pii("select * from stg_shop__customers s join dim_customers d using (customer_id)", result);
  EXPECT_EQ(marked_columns.size(), 3U);
  EXPECT_EQ(
      pii_at("select * from stg_shop__customers s join dim_customers d using (customer_id)", result).size(),
      6U);
  EXPECT_TRUE(pii("select customer_id, region from dim_customers d join fct_orders o using (customer_id)",
                  {"customer_id", "region"})
                  .empty());
}

TEST_F(SqlPiiShop, NameMatchingWhenRunsOfUnknownWidthMeet) {
  const std::vector<std::string> orders = {"order_id", "customer_id", "status", "order_date"};
  std::vector<std::string> result = k_dim_customers;
  result.emplace_back("s");
  result.insert(result.end(), orders.begin(), orders.end());
  EXPECT_EQ(pii_at("select d.*, upper(o.status) as s, o.* from dim_customers d, fct_orders o", result),
            (std::vector<std::size_t>{1, 2, 3}));
  // A PII expression whose name the tracer only guesses marks every column
  // between the runs.
  result[k_dim_customers.size()] = "email";
  EXPECT_EQ(pii_at("select d.*, (select email from stg_shop__customers limit 1)::text, o.* "
                   "from dim_customers d, fct_orders o",
                   result)
                .size(),
            result.size());
}

TEST_F(SqlPiiShop, ValuesExplainAndUnknownRelationsMarkNothing) {
  EXPECT_TRUE(pii("values (1, 'ana@example.com')", {"column1", "column2"}).empty());
  EXPECT_TRUE(pii("select * from (values (1, 'a')) v(id, email)", {"id", "email"}).empty());
  EXPECT_TRUE(pii("explain select email from dim_customers", {"QUERY PLAN"}).empty());
  EXPECT_TRUE(pii("select * from raw_events", {"id", "email"}).empty());
  EXPECT_TRUE(pii("select i from generate_series(1, 3) g(i)", {"i"}).empty());
  // A function over a PII column is PII, whatever it returns.
  EXPECT_EQ(
      pii("select part from dim_customers d, regexp_split_to_table(d.email, '@') as part", {"part"}).size(),
      1U);
}

TEST_F(SqlPiiShop, WhatCannotBeAnalysedMarksEveryColumn) {
  Checked broken;
  broken.kind = "select";
  broken.statement = "select from from where";
  auto all = find_pii(broken, *s_catalog, columns({"a", "b"}));
  ASSERT_EQ(all.size(), 2U);
  EXPECT_EQ(all[1].index, 1U);
  EXPECT_NE(all[0].because.find("not be analysed"), std::string::npos) << all[0].because;

  Checked table_function;
  table_function.kind = "select";
  table_function.statement = "select * from xmltable('/a' passing '<a/>' columns x int)";
  EXPECT_EQ(find_pii(table_function, *s_catalog, columns({"x"})).size(), 1U);

  // The outputs do not add up to what the server returned: fail closed.
  EXPECT_EQ(pii("select email, customer_id from dim_customers", {"a", "b", "c"}).size(), 3U);
}

TEST_F(SqlPiiShop, HostileStatementsNeverCrashTheTracer) {
  // Statements the guard refuses, handed to find_pii as if allowed: each
  // either marks every column or a subset, and nothing crashes or hangs.
  std::ifstream in(steward::testing::source_dir() / "tests" / "data" / "sql" / "hostile.txt");
  std::stringstream text;
  text << in.rdbuf();
  std::size_t seen = 0;
  std::string entry;
  std::istringstream lines(text.str() + "\n----\n");
  for (std::string line; std::getline(lines, line);) {
    if (line != "----") {
      entry += line.starts_with("expect:") || line.starts_with("#") ? "" : line + "\n";
      continue;
    }
    Checked as_if;
    as_if.kind = "select";
    as_if.statement = entry;
    EXPECT_LE(find_pii(as_if, *s_catalog, columns({"a", "email"})).size(), 2U) << entry;
    entry.clear();
    ++seen;
  }
  EXPECT_GE(seen, 150U);
  // Deep nesting is refused by the tracer, not by the stack.
  std::string deep = "select ";
  for (int i = 0; i < 3000; ++i) {
    deep += "coalesce(";
  }
  deep += "email" + std::string(3000, ')') + " from dim_customers";
  Checked nested;
  nested.kind = "select";
  nested.statement = deep;
  EXPECT_EQ(find_pii(nested, *s_catalog, columns({"coalesce"})).size(), 1U);
  std::string chain = "select email";
  for (int i = 0; i < 5'000; ++i) {
    chain += " || 'x'";
  }
  nested.statement = chain + " from dim_customers";
  EXPECT_EQ(find_pii(nested, *s_catalog, columns({"?column?"})).size(), 1U);
}

TEST(SqlPii, WholeRelationMarksEveryColumn) {
  auto project = project_from(R"({"nodes": {
    "model.p.crm_contacts": {"unique_id": "model.p.crm_contacts", "name": "crm_contacts", "resource_type": "model",
      "schema": "crm", "config": {"materialized": "table"}, "meta": {"contains_pii": true},
      "columns": {"contact_id": {"name": "contact_id"}, "phone": {"name": "phone"}}},
    "model.p.tagged": {"unique_id": "model.p.tagged", "name": "tagged", "resource_type": "model", "tags": ["pii"],
      "columns": {"a": {"name": "a"}, "b": {"name": "b", "meta": {"pii": "true"}}}}}})");
  const PiiCatalog catalog = pii_catalog(project, PiiMarkers{});
  ASSERT_NE(catalog.find(Relation{"crm", "crm_contacts"}), nullptr);
  EXPECT_TRUE(catalog.find(Relation{"crm", "crm_contacts"})->whole_relation_pii);
  EXPECT_EQ(marked(catalog, "select phone from crm.crm_contacts", {"phone"}),
            (Marked{{"phone", "crm_contacts.phone"}}));
  EXPECT_EQ(marked(catalog, "select * from crm_contacts", {"contact_id", "phone", "added_later"}).size(), 3U);
  EXPECT_TRUE(marked(catalog, "select count(*) from crm_contacts", {"count"}).empty());
  // Marked as a whole but with a marked column: only that column.
  EXPECT_FALSE(catalog.find(Relation{"", "tagged"})->whole_relation_pii);
  EXPECT_EQ(marked(catalog, "select * from tagged", {"a", "b"}), (Marked{{"b", "tagged.b"}}));
}

TEST(SqlPii, MarkersAreConfigurable) {
  auto project = project_from(R"({"nodes": {
    "model.p.users": {"unique_id": "model.p.users", "name": "users", "resource_type": "model",
      "columns": {"ssn": {"name": "ssn", "tags": ["sensitive"]}, "dob": {"name": "dob", "meta": {"gdpr": true}},
                  "email": {"name": "email", "meta": {"pii": true}}}}}})");
  const std::string statement = "select ssn, dob, email from users";
  EXPECT_EQ(marked(pii_catalog(project, PiiMarkers{}), statement, {"ssn", "dob", "email"}),
            (Marked{{"email", "users.email"}}));
  PiiMarkers custom;
  custom.tags = {"sensitive"};
  custom.meta_keys = {"gdpr"};
  EXPECT_EQ(marked(pii_catalog(project, custom), statement, {"ssn", "dob", "email"}),
            (Marked{{"ssn", "users.ssn"}, {"dob", "users.dob"}}));
}

TEST(SqlPii, CatalogColumnsGiveTheWidthOfStar) {
  // YAML knows only `email`; the catalog adds the rest in warehouse order.
  auto project = project_from(
      R"({"nodes": {"model.p.people": {"unique_id": "model.p.people", "name": "people", "resource_type": "model",
          "schema": "analytics", "columns": {"email": {"name": "email", "meta": {"pii": true}}}}}})",
      R"({"nodes": {"model.p.people": {"metadata": {"type": "BASE TABLE"}, "columns": {
          "id": {"name": "id", "type": "integer", "index": 1}, "name": {"name": "name", "type": "text", "index": 2},
          "email": {"name": "email", "type": "text", "index": 3}, "city": {"name": "city", "type": "text", "index": 4}}}}})");
  const PiiCatalog catalog = pii_catalog(project, PiiMarkers{});
  ASSERT_NE(catalog.find(Relation{"", "people"}), nullptr);
  EXPECT_TRUE(catalog.find(Relation{"", "people"})->all_known);
  const std::vector<std::string> people = {"id", "name", "email", "city"};
  EXPECT_EQ(marked_at(catalog, "select * from people", people), (std::vector<std::size_t>{2}));
  // The known width places the unknown relation's own `email` after it.
  std::vector<std::string> result = people;
  result.insert(result.end(), {"event_id", "email"});
  EXPECT_EQ(marked_at(catalog, "select * from people p, raw_events e", result),
            (std::vector<std::size_t>{2}));
  // A stale catalog (a column added since): names still find email.
  EXPECT_EQ(marked_at(catalog, "select * from people", {"id", "name", "email", "city", "zip"}),
            (std::vector<std::size_t>{2}));
}

TEST(SqlPii, RelationsSharingANameMergeTheirPii) {
  auto project = project_from(R"({"nodes": {
      "model.p.customers": {"unique_id": "model.p.customers", "name": "customers", "resource_type": "model",
        "schema": "analytics", "columns": {"phone": {"name": "phone", "tags": ["pii"]}}}},
    "sources": {"source.p.raw.customers": {"unique_id": "source.p.raw.customers", "name": "customers",
        "resource_type": "source", "source_name": "raw", "schema": "raw", "identifier": "customers",
        "columns": {"email": {"name": "email", "meta": {"pii": true}}}}}})");
  const PiiCatalog catalog = pii_catalog(project, PiiMarkers{});
  ASSERT_NE(catalog.find(Relation{"", "customers"}), nullptr);
  EXPECT_EQ(catalog.find(Relation{"", "customers"})->pii, (std::set<std::string>{"email", "phone"}));
  EXPECT_EQ(catalog.find(Relation{"raw", "customers"})->pii, std::set<std::string>{"email"});
  EXPECT_EQ(marked(catalog, "select phone, email from raw.customers", {"phone", "email"}),
            (Marked{{"email", "customers.email"}}));
  EXPECT_EQ(marked(catalog, "select phone, email from customers", {"phone", "email"}).size(), 2U);
}

warehouse::Table sample_table() {
  warehouse::Table table;
  table.columns = columns({"id", "email", "country", "phone"});
  table.rows = {{"1", "ana@example.com", "PT", "+351"},
                {"2", std::nullopt, "DE", std::nullopt},
                {"3", "ana@example.com", "FR", "+33"}};
  return table;
}

const std::vector<PiiColumn> k_email_and_phone = {{1, "email", "t.email"}, {3, "phone", "t.phone"}};

TEST(SqlPii, ApplyMasksAndKeepsNull) {
  warehouse::Table table = sample_table();
  apply_pii(table, k_email_and_phone, PiiAction::mask);
  ASSERT_EQ(table.columns.size(), 4U);
  EXPECT_EQ(table.rows[0], (warehouse::Row{"1", "***", "PT", "***"}));
  EXPECT_EQ(table.rows[1], (warehouse::Row{"2", std::nullopt, "DE", std::nullopt}));
}

TEST(SqlPii, ApplyHashesWithTheHasherOrMasksWithout) {
  warehouse::Table table = sample_table();
  apply_pii(table, k_email_and_phone, PiiAction::hash,
            [](std::string_view value) { return "h(" + std::string(value) + ")"; });
  EXPECT_EQ(table.rows[0], (warehouse::Row{"1", "h(ana@example.com)", "PT", "h(+351)"}));
  EXPECT_EQ(table.rows[1][1], std::nullopt);
  EXPECT_EQ(table.rows[0][1], table.rows[2][1]);

  warehouse::Table unkeyed = sample_table();
  apply_pii(unkeyed, k_email_and_phone, PiiAction::hash);
  EXPECT_EQ(unkeyed.rows[2], (warehouse::Row{"3", "***", "FR", "***"}));
}

TEST(SqlPii, ApplyDropsSeveralColumns) {
  warehouse::Table table = sample_table();
  std::vector<PiiColumn> drop = k_email_and_phone;
  drop.push_back(PiiColumn{1, "email", "again"}); // a duplicate
  drop.push_back(PiiColumn{9, "ghost", "out of range"});
  apply_pii(table, drop, PiiAction::drop);
  ASSERT_EQ(table.columns.size(), 2U);
  EXPECT_EQ(table.columns[0].name, "id");
  EXPECT_EQ(table.columns[1].name, "country");
  EXPECT_EQ(table.rows[1], (warehouse::Row{"2", "DE"}));
  EXPECT_EQ(table.rows[2], (warehouse::Row{"3", "FR"}));
}

TEST(SqlPii, ActionNamesRoundTrip) {
  for (PiiAction action : {PiiAction::mask, PiiAction::hash, PiiAction::drop}) {
    EXPECT_EQ(parse_pii_action(pii_action_name(action)), action);
  }
  EXPECT_EQ(parse_pii_action("DROP"), PiiAction::drop);
  EXPECT_EQ(parse_pii_action("redact"), std::nullopt);
}

} // namespace
} // namespace steward::sql

// SQL questions end to end below the chat layer: core's run_query (guard,
// LIMIT wrapper, PII masking) over the PostgreSQL warehouse adapter, against
// the example project's data loaded into the real test server.
// - every legitimate analytic query of tests/data/sql/analytic.txt returns
//   its expected rows;
// - every hostile statement of tests/data/sql/hostile.txt is refused before
//   it reaches the server, and canary tables prove nothing had an effect;
// - PII is masked, hashed or dropped through aliases and `select *`.

#include <map>

#include <pqxx/connection>
#include <pqxx/nontransaction>

#include "adapters/postgres/warehouse.hpp"
#include "core/dbt/loader.hpp"
#include "core/sql/query.hpp"
#include "tests/support/shop_warehouse.hpp"
#include "tests/support/sql_corpus.hpp"

namespace steward::testing {
namespace {

using namespace std::chrono_literals;

class SqlWarehouseTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    auto project = dbt::load_project(source_dir() / "examples" / "shop");
    ASSERT_TRUE(project) << project.error().to_string();
    s_project = std::make_unique<dbt::Project>(std::move(*project));
  }
  static void TearDownTestSuite() { s_project.reset(); }

  void SetUp() override {
    m_server = pg_server();
    STEWARD_REQUIRE_PG(m_server);
  }

  std::unique_ptr<warehouse::Warehouse> open(const std::string& url) {
    postgres::WarehouseOptions options;
    options.url = url;
    options.password = m_server->password;
    auto opened = postgres::open_postgres_warehouse(options);
    EXPECT_TRUE(opened) << opened.error().to_string();
    return opened ? std::move(*opened) : nullptr;
  }

  pqxx::result admin(const std::string& url, const std::string& sql) {
    pqxx::connection connection(pg_admin_url(url, m_server->password));
    pqxx::nontransaction work(connection);
    return work.exec(sql);
  }

  static std::unique_ptr<dbt::Project> s_project;
  std::optional<PgServer> m_server;
};

std::unique_ptr<dbt::Project> SqlWarehouseTest::s_project;

std::vector<std::string> cells_of(const warehouse::Row& row) {
  std::vector<std::string> cells;
  for (const warehouse::Cell& cell : row) {
    cells.push_back(cell ? *cell : "NULL");
  }
  return cells;
}

TEST_F(SqlWarehouseTest, EveryAnalyticQueryReturnsItsExpectedRows) {
  const std::vector<AnalyticCase> cases = analytic_corpus();
  ASSERT_GE(cases.size(), 50U) << "the corpus is read from tests/data/sql/analytic.txt";
  auto warehouse = open(shop_warehouse(*m_server));
  ASSERT_TRUE(warehouse);
  sql::SqlSettings settings;
  settings.limits.max_rows = 1000;
  settings.markers = {{}, {}}; // the corpus states raw values; PII has its own test
  for (const AnalyticCase& c : cases) {
    SCOPED_TRACE("analytic.txt:" + std::to_string(c.line) + " " + c.name);
    auto run = sql::run_query(c.statement, *s_project, settings, *warehouse);
    ASSERT_TRUE(run) << run.error().to_string() << "\n" << c.statement;
    std::vector<std::string> columns;
    for (const warehouse::Column& column : run->table.columns) {
      columns.push_back(column.name);
    }
    EXPECT_EQ(columns, c.columns);
    std::vector<std::vector<std::string>> rows;
    for (const warehouse::Row& row : run->table.rows) {
      rows.push_back(cells_of(row));
    }
    EXPECT_EQ(rows, c.rows) << c.statement;
    EXPECT_FALSE(run->table.more_rows);
  }
}

TEST_F(SqlWarehouseTest, NoHostileStatementReachesTheServerAndTheCanariesSurvive) {
  const std::string url = fresh_pg_database(*m_server);
  admin(url, "create schema analytics;"
             "create table public.orders (id integer primary key, amount numeric);"
             "insert into public.orders select n, n * 10 from generate_series(1, 5) as n;"
             "create table public.customers (id integer primary key, email text);"
             "insert into public.customers values (1, 'a@example.com'), (2, 'b@example.com');"
             "create table analytics.fct_orders as select * from public.orders;"
             "create sequence public.canary_seq;");
  const auto fingerprint = [&] {
    return admin(url,
                 "select (select string_agg(id || ':' || amount, ',' order by id) from public.orders) || '/' "
                 "|| "
                 "(select string_agg(id || ':' || email, ',' order by id) from public.customers) || '/' || "
                 "(select count(*) from analytics.fct_orders) || '/' || "
                 "(select count(*) from pg_class where relnamespace not in "
                 "  (select oid from pg_namespace where nspname in ('pg_catalog', 'information_schema', "
                 "'pg_toast'))) || '/' || "
                 "(select count(*) from pg_proc) || '/' || (select count(*) from pg_roles) || '/' || "
                 "(select is_called from public.canary_seq)")[0][0]
        .as<std::string>();
  };
  const std::string before = fingerprint();
  auto warehouse = open(url);
  ASSERT_TRUE(warehouse);
  sql::SqlSettings settings;
  settings.relations = {"public.orders", "public.customers", "analytics.fct_orders"};
  const std::vector<HostileCase> cases = hostile_corpus();
  ASSERT_GE(cases.size(), 150U);
  for (const HostileCase& c : cases) {
    auto run = sql::run_query(c.statement, *s_project, settings, *warehouse);
    ASSERT_FALSE(run) << "hostile.txt:" << c.line << " ran:\n" << c.statement;
    EXPECT_TRUE(run.error().rejection.has_value())
        << "hostile.txt:" << c.line << " reached the server: " << run.error().to_string();
  }
  EXPECT_EQ(fingerprint(), before);
  EXPECT_TRUE(before.ends_with("/false")) << before;
}

TEST_F(SqlWarehouseTest, ResultsAreCappedByTheWrapperWhateverTheQuerySays) {
  auto warehouse = open(shop_warehouse(*m_server));
  ASSERT_TRUE(warehouse);
  sql::SqlSettings settings;
  settings.limits.max_rows = 7;
  auto run = sql::run_query("select date_day from metricflow_time_spine order by date_day limit 500",
                            *s_project, settings, *warehouse);
  ASSERT_TRUE(run) << run.error().to_string();
  EXPECT_EQ(run->table.rows.size(), 7U);
  EXPECT_TRUE(run->table.more_rows);
  EXPECT_NE(run->sent.find("LIMIT 8"), std::string::npos) << run->sent;
  EXPECT_EQ(run->table.rows[0][0], "2023-01-01") << "the query's own order is kept";
}

/// Index of column `name` in `table`, or -1.
int column_index(const warehouse::Table& table, const std::string& name) {
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (table.columns[i].name == name) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

TEST_F(SqlWarehouseTest, PiiIsMaskedThroughStarAndAliasesBeforeAnyoneSeesIt) {
  auto warehouse = open(shop_warehouse(*m_server));
  ASSERT_TRUE(warehouse);
  sql::SqlSettings settings;
  auto star =
      sql::run_query("select * from dim_customers order by customer_id", *s_project, settings, *warehouse);
  ASSERT_TRUE(star) << star.error().to_string();
  ASSERT_FALSE(star->table.rows.empty());
  for (const std::string name : {"email", "first_name", "last_name"}) {
    const int at = column_index(star->table, name);
    ASSERT_GE(at, 0) << name;
    for (const warehouse::Row& row : star->table.rows) {
      EXPECT_TRUE(!row[at] || *row[at] == "***") << name << " leaked: " << *row[at];
    }
  }
  const int country = column_index(star->table, "country_code");
  ASSERT_GE(country, 0);
  EXPECT_NE(star->table.rows[0][country], "***") << "columns without PII are shown";
  EXPECT_EQ(star->pii.size(), 3U);

  auto aliased = sql::run_query(
      "with c as (select email as contact, upper(first_name) as shout from stg_shop__customers) "
      "select contact, shout, length(contact) as n from c",
      *s_project, settings, *warehouse);
  ASSERT_TRUE(aliased) << aliased.error().to_string();
  for (const warehouse::Row& row : aliased->table.rows) {
    EXPECT_TRUE(!row[0] || *row[0] == "***");
    EXPECT_TRUE(!row[1] || *row[1] == "***");
  }

  settings.pii_action = sql::PiiAction::drop;
  auto dropped =
      sql::run_query("select customer_id, email from dim_customers", *s_project, settings, *warehouse);
  ASSERT_TRUE(dropped) << dropped.error().to_string();
  ASSERT_EQ(dropped->table.columns.size(), 1U);
  EXPECT_EQ(dropped->table.columns[0].name, "customer_id");

  settings.pii_action = sql::PiiAction::hash;
  settings.hasher = [](std::string_view value) {
    return "#" + std::to_string(std::hash<std::string_view>()(value));
  };
  auto hashed = sql::run_query("select email from raw.customers union all select email from raw.customers",
                               *s_project, settings, *warehouse);
  ASSERT_TRUE(hashed) << hashed.error().to_string();
  std::map<std::string, int> seen;
  for (const warehouse::Row& row : hashed->table.rows) {
    ASSERT_TRUE(row[0]);
    EXPECT_TRUE(row[0]->starts_with("#")) << *row[0];
    EXPECT_EQ(row[0]->find('@'), std::string::npos);
    ++seen[*row[0]];
  }
  for (const auto& [value, count] : seen) {
    EXPECT_EQ(count, 2) << "equal values hash equally: " << value;
  }
}

} // namespace
} // namespace steward::testing

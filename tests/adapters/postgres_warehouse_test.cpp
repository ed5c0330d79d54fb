// The PostgreSQL warehouse adapter against the real server the test command
// starts: typed results, the READ ONLY transaction (tested with the SQL guard
// bypassed: statements go straight to the adapter), timeouts, cancellation,
// the row and byte caps, and connection failures.
#include <chrono>
#include <stop_token>
#include <thread>

#include <pqxx/connection>
#include <pqxx/nontransaction>

#include "adapters/postgres/warehouse.hpp"
#include "tests/support/postgres.hpp"

namespace steward::testing {
namespace {

using namespace std::chrono_literals;
using warehouse::Limits;
using warehouse::Table;

class PostgresWarehouseTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_server = pg_server();
    STEWARD_REQUIRE_PG(m_server);
    m_url = fresh_pg_database(*m_server);
    admin("create table canary (id integer primary key, note text);"
          "insert into canary values (1, 'untouched');"
          "create sequence canary_seq;");
  }

  /// Runs `sql` as the database owner, outside the adapter.
  pqxx::result admin(const std::string& sql) {
    pqxx::connection connection(pg_admin_url(m_url, m_server->password));
    pqxx::nontransaction work(connection);
    return work.exec(sql);
  }

  std::unique_ptr<warehouse::Warehouse> open(int pool_size = 1) {
    postgres::WarehouseOptions options;
    options.url = m_url;
    options.password = m_server->password;
    options.pool_size = pool_size;
    options.connect_timeout = 2000ms;
    auto opened = postgres::open_postgres_warehouse(options);
    EXPECT_TRUE(opened) << opened.error().to_string();
    return opened ? std::move(*opened) : nullptr;
  }

  /// The canary row as the owner sees it, and whether the sequence moved.
  void expect_canary_untouched() {
    const pqxx::result rows = admin("select id, note from canary order by id");
    ASSERT_EQ(rows.size(), 1U);
    EXPECT_EQ(rows[0][1].as<std::string>(), "untouched");
    EXPECT_EQ(admin("select is_called from canary_seq")[0][0].as<std::string>(), "f");
    EXPECT_EQ(admin("select count(*) from pg_class where relname = 'steward_made_this'")[0][0].as<int>(), 0);
  }

  std::optional<PgServer> m_server;
  std::string m_url;
};

TEST_F(PostgresWarehouseTest, ReturnsNamedTypedColumnsAndCellsInTextForm) {
  auto warehouse = open();
  ASSERT_TRUE(warehouse);
  auto table = warehouse->query(
      "select 7::integer as n, 2.50::numeric(6,2) as amount, 'shop'::text as name, true as yes, "
      "false as no, null::date as missing, '2023-01-05'::date as day",
      {}, {});
  ASSERT_TRUE(table) << table.error().to_string();
  ASSERT_EQ(table->columns.size(), 7U);
  EXPECT_EQ(table->columns[0].name, "n");
  EXPECT_EQ(table->columns[0].type, "integer");
  EXPECT_TRUE(table->columns[0].numeric);
  EXPECT_EQ(table->columns[1].type, "numeric");
  EXPECT_TRUE(table->columns[1].numeric);
  EXPECT_EQ(table->columns[2].type, "text");
  EXPECT_FALSE(table->columns[2].numeric);
  EXPECT_EQ(table->columns[3].type, "boolean");
  EXPECT_EQ(table->columns[6].type, "date");
  ASSERT_EQ(table->rows.size(), 1U);
  const warehouse::Row& row = table->rows[0];
  EXPECT_EQ(row[0], "7");
  EXPECT_EQ(row[1], "2.50");
  EXPECT_EQ(row[2], "shop");
  EXPECT_EQ(row[3], "true");
  EXPECT_EQ(row[4], "false");
  EXPECT_FALSE(row[5].has_value());
  EXPECT_EQ(row[6], "2023-01-05");
  EXPECT_FALSE(table->more_rows);
  EXPECT_FALSE(table->bytes_capped);
}

TEST_F(PostgresWarehouseTest, EveryQueryRunsInAReadOnlyTransaction) {
  auto warehouse = open();
  ASSERT_TRUE(warehouse);
  auto table = warehouse->query("select current_setting('transaction_read_only') as read_only, "
                                "current_setting('statement_timeout') as timeout",
                                {.max_rows = 10, .max_bytes = 1000, .timeout = 4500ms}, {});
  ASSERT_TRUE(table) << table.error().to_string();
  EXPECT_EQ(table->rows[0][0], "on");
  EXPECT_EQ(table->rows[0][1], "4500ms");
}

TEST_F(PostgresWarehouseTest, WritesAreRefusedByTheServerWithTheGuardBypassed) {
  auto warehouse = open();
  ASSERT_TRUE(warehouse);
  for (const char* write : {
           "insert into canary values (2, 'written')",
           "update canary set note = 'changed'",
           "delete from canary",
           "create table steward_made_this (id integer)",
           "select nextval('canary_seq')",
           "with gone as (delete from canary returning *) select * from gone",
           "select * into steward_made_this from canary",
           "truncate canary",
           "drop table canary",
       }) {
    auto result = warehouse->query(write, {}, {});
    ASSERT_FALSE(result) << write;
    EXPECT_EQ(result.error().key, "warehouse.read_only") << write << " -> " << result.error().to_string();
  }
  // Several statements in one string are refused before any runs: the
  // adapter uses the extended protocol, which takes exactly one.
  for (const char* smuggled : {
           "set transaction read write; insert into canary values (3, 'smuggled')",
           "commit; insert into canary values (3, 'smuggled')",
           "select 1; delete from canary",
       }) {
    auto result = warehouse->query(smuggled, {}, {});
    ASSERT_FALSE(result) << smuggled;
    EXPECT_EQ(result.error().key, "warehouse.query") << smuggled;
    EXPECT_NE(result.error().reason.find("multiple commands"), std::string::npos) << result.error().reason;
  }
  expect_canary_untouched();
  auto after = warehouse->query("select note from canary", {}, {});
  ASSERT_TRUE(after) << after.error().to_string();
  EXPECT_EQ(after->rows.at(0)[0], "untouched");
}

TEST_F(PostgresWarehouseTest, AQueryPastTheTimeoutIsCancelledOnTheServer) {
  auto warehouse = open();
  ASSERT_TRUE(warehouse);
  const auto started = std::chrono::steady_clock::now();
  auto result =
      warehouse->query("select pg_sleep(20)", {.max_rows = 10, .max_bytes = 1000, .timeout = 300ms}, {});
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().key, "warehouse.timeout");
  EXPECT_EQ(result.error().reason, "the query ran longer than 300 ms and was cancelled");
  EXPECT_LT(took, 5s);
  auto next = warehouse->query("select 1 as one", {}, {});
  ASSERT_TRUE(next) << "the connection is usable again: " << next.error().to_string();
  EXPECT_EQ(next->rows[0][0], "1");
}

TEST_F(PostgresWarehouseTest, AStopRequestCancelsTheRunningQuery) {
  auto warehouse = open();
  ASSERT_TRUE(warehouse);
  std::stop_source stop;
  std::jthread canceller([&stop] {
    std::this_thread::sleep_for(300ms);
    stop.request_stop();
  });
  const auto started = std::chrono::steady_clock::now();
  auto result = warehouse->query("select pg_sleep(20)", {}, stop.get_token());
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().key, "warehouse.cancelled");
  EXPECT_LT(took, 5s);
  EXPECT_EQ(admin("select count(*) from pg_stat_activity where query like 'select pg_sleep(20)%' "
                  "and state = 'active'")[0][0]
                .as<int>(),
            0)
      << "nothing is left running on the server";
  auto refused = warehouse->query("select 1", {}, stop.get_token());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().key, "warehouse.cancelled") << "a stopped token runs nothing";
  auto next = warehouse->query("select 2 as two", {}, {});
  ASSERT_TRUE(next) << next.error().to_string();
  EXPECT_EQ(next->rows[0][0], "2");
}

TEST_F(PostgresWarehouseTest, TheRowCapKeepsTheFirstRowsAndSaysThereWereMore) {
  auto warehouse = open();
  ASSERT_TRUE(warehouse);
  auto capped = warehouse->query("select n from generate_series(1, 250) as n order by n",
                                 {.max_rows = 100, .max_bytes = 1 << 20, .timeout = 5s}, {});
  ASSERT_TRUE(capped) << capped.error().to_string();
  ASSERT_EQ(capped->rows.size(), 100U);
  EXPECT_EQ(capped->rows.front()[0], "1");
  EXPECT_EQ(capped->rows.back()[0], "100");
  EXPECT_TRUE(capped->more_rows);
  EXPECT_FALSE(capped->bytes_capped);
  auto exact = warehouse->query("select n from generate_series(1, 100) as n",
                                {.max_rows = 100, .max_bytes = 1 << 20, .timeout = 5s}, {});
  ASSERT_TRUE(exact) << exact.error().to_string();
  EXPECT_EQ(exact->rows.size(), 100U);
  EXPECT_FALSE(exact->more_rows) << "exactly the cap is not more";
}

TEST_F(PostgresWarehouseTest, TheByteCapStopsBeforeTheLimitIsPassed) {
  auto warehouse = open();
  ASSERT_TRUE(warehouse);
  // 100 rows of 1,000 bytes against a 10,500-byte cap: 10 rows fit.
  auto capped = warehouse->query("select repeat('x', 1000) as wide from generate_series(1, 100)",
                                 {.max_rows = 1000, .max_bytes = 10'500, .timeout = 5s}, {});
  ASSERT_TRUE(capped) << capped.error().to_string();
  EXPECT_EQ(capped->rows.size(), 10U);
  EXPECT_TRUE(capped->bytes_capped);
  EXPECT_FALSE(capped->more_rows);
}

TEST_F(PostgresWarehouseTest, ServerErrorsSayWhatIsWrongWithTheStatement) {
  auto warehouse = open();
  ASSERT_TRUE(warehouse);
  auto missing = warehouse->query("select nope from canary", {}, {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().key, "warehouse.query");
  EXPECT_EQ(missing.error().reason, "column \"nope\" does not exist");
  auto table = warehouse->query("select * from no_such_table", {}, {});
  ASSERT_FALSE(table);
  EXPECT_EQ(table.error().reason, "relation \"no_such_table\" does not exist");
}

TEST_F(PostgresWarehouseTest, ALostConnectionIsReplacedWithoutAnError) {
  auto warehouse = open(1);
  ASSERT_TRUE(warehouse);
  ASSERT_TRUE(warehouse->query("select 1", {}, {}));
  const pqxx::result killed = admin(
      "select pg_terminate_backend(pid) from pg_stat_activity "
      "where datname = current_database() and pid <> pg_backend_pid() and application_name = 'steward'");
  ASSERT_EQ(killed.size(), 1U) << "the warehouse's one connection";
  std::this_thread::sleep_for(100ms);
  auto again = warehouse->query("select 'back' as state", {}, {});
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_EQ(again->rows[0][0], "back");
}

TEST_F(PostgresWarehouseTest, ConnectionProblemsNameTheKeyAndNeverThePassword) {
  postgres::WarehouseOptions options;
  options.url = m_url;
  options.password = "definitely-wrong-password";
  options.connect_timeout = 2000ms;
  auto wrong = postgres::open_postgres_warehouse(options);
  ASSERT_TRUE(wrong) << "connections open at the first query";
  auto refused = (*wrong)->query("select 1", {}, {});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().to_string().find("warehouse.password: authentication failed"), std::string::npos)
      << refused.error().to_string();
  EXPECT_EQ(refused.error().to_string().find("definitely-wrong-password"), std::string::npos);

  options.url = "postgresql://steward:hunter2@127.0.0.1:1/steward";
  auto in_url = postgres::open_postgres_warehouse(options);
  ASSERT_FALSE(in_url);
  EXPECT_EQ(in_url.error().key, "warehouse.url");
  EXPECT_EQ(in_url.error().to_string().find("hunter2"), std::string::npos);

  options.url = "postgresql://steward@127.0.0.1:1/steward";
  auto unreachable = postgres::open_postgres_warehouse(options);
  ASSERT_TRUE(unreachable);
  auto down = (*unreachable)->query("select 1", {}, {});
  ASSERT_FALSE(down);
  EXPECT_NE(down.error().to_string().find("warehouse.url: cannot connect to 127.0.0.1:1"), std::string::npos)
      << down.error().to_string();

  options.pool_size = 0;
  auto no_pool = postgres::open_postgres_warehouse(options);
  ASSERT_FALSE(no_pool);
  EXPECT_EQ(no_pool.error().key, "warehouse.pool_size");
}

} // namespace
} // namespace steward::testing

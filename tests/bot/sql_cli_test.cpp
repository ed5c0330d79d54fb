// `steward sql`: one statement against the example project's warehouse in
// the real test PostgreSQL, configured through warehouse.url and a password
// file: rows on stdout in table, CSV or JSON form, notes on stderr, PII
// masked, and exit codes for rejections, warehouse errors and bad settings.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/cli_run.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/shop_warehouse.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward {
namespace {

using testing::CliOutcome;
using testing::run_cli;

class SqlCli : public ::testing::Test {
protected:
  void SetUp() override {
    m_server = testing::pg_server();
    STEWARD_REQUIRE_PG(m_server);
    const auto password = m_dir.write("warehouse_password", m_server->password + "\n");
    m_config = m_dir
                   .write("steward.yaml", "project:\n  path: " + shop() +
                                              "\nstate:\n  dir: " + (m_dir.path() / "state").string() +
                                              "\nwarehouse:\n  url: " + testing::shop_warehouse(*m_server) +
                                              "\n  password_file: " + password.string() + "\n")
                   .string();
  }

  static std::string shop() { return (testing::source_dir() / "examples" / "shop").string(); }

  CliOutcome sql(std::vector<std::string> args) {
    args.insert(args.begin(), "sql");
    args.insert(args.end(), {"--config", m_config});
    return run_cli(args);
  }

  testing::TempDir m_dir;
  std::optional<testing::PgServer> m_server;
  std::string m_config;
};

TEST_F(SqlCli, PrintsTheRowsAsATableAndTheNotesOnStderr) {
  CliOutcome out = sql({"select payment_method, display_name from payment_methods order by payment_method"});
  ASSERT_EQ(out.code, 0) << out.err;
  EXPECT_EQ(out.out, "payment_method | display_name\n"
                     "---------------+--------------\n"
                     "bank_transfer  | Bank transfer\n"
                     "credit_card    | Credit card\n"
                     "debit_card     | Debit card\n"
                     "gift_card      | Gift card\n"
                     "paypal         | PayPal\n")
      << "examples/shop/seeds/payment_methods.csv, in order";
  EXPECT_NE(out.err.find("5 rows in "), std::string::npos) << out.err;
}

TEST_F(SqlCli, CsvAndJsonStayMachineReadableAndPiiIsMasked) {
  CliOutcome csv =
      sql({"select customer_id, email from dim_customers order by customer_id limit 2", "--format", "csv"});
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_TRUE(csv.out.starts_with("customer_id,email\r\n")) << csv.out;
  EXPECT_EQ(csv.out.find('@'), std::string::npos) << "emails never leave masked: " << csv.out;
  EXPECT_NE(csv.out.find(",***\r\n"), std::string::npos) << csv.out;
  EXPECT_NE(csv.err.find("PII masked: `email` (dim_customers.email)"), std::string::npos) << csv.err;

  CliOutcome json = sql({"select count(*) as n from fct_orders", "--json"});
  ASSERT_EQ(json.code, 0) << json.err;
  const nlohmann::json parsed = nlohmann::json::parse(json.out);
  EXPECT_EQ(parsed["columns"][0]["name"], "n");
  EXPECT_EQ(parsed["columns"][0]["type"], "bigint");
  EXPECT_EQ(parsed["row_count"], 1);
}

TEST_F(SqlCli, RejectionsAndWarehouseErrorsExitOneWithTheReason) {
  CliOutcome rejected = sql({"delete from fct_orders"});
  EXPECT_EQ(rejected.code, 1);
  EXPECT_EQ(rejected.out, "");
  EXPECT_EQ(rejected.err.rfind("rejected: not_a_read: ", 0), 0U) << rejected.err;

  CliOutcome missing = sql({"select no_such_column from fct_orders"});
  EXPECT_EQ(missing.code, 1);
  EXPECT_EQ(missing.err, "warehouse.query: column \"no_such_column\" does not exist\n");

  CliOutcome capped = sql({"select date_day from metricflow_time_spine order by 1", "--max-rows", "3"});
  ASSERT_EQ(capped.code, 0) << capped.err;
  EXPECT_NE(capped.err.find("3 rows in "), std::string::npos);
  EXPECT_NE(capped.err.find("the query returned more"), std::string::npos) << capped.err;
}

TEST(SqlCliSettings, WithoutAWarehouseOrWithBadOptionsItIsAUsageError) {
  testing::TempDir dir;
  const auto config = dir.write(
      "steward.yaml", "project:\n  path: " + (testing::source_dir() / "examples" / "shop").string() + "\n");
  CliOutcome none = run_cli({"sql", "select 1", "--config", config.string()});
  EXPECT_EQ(none.code, 2);
  EXPECT_EQ(none.err.rfind("warehouse.url: not set", 0), 0U) << none.err;
  CliOutcome format = run_cli({"sql", "select 1", "--format", "xml", "--config", config.string()});
  EXPECT_EQ(format.code, 2);
  EXPECT_EQ(format.err, "--format: expected table, csv or json, not xml\n");
  CliOutcome rows = run_cli({"sql", "select 1", "--max-rows", "5000", "--config", config.string()});
  EXPECT_EQ(rows.code, 2);
  EXPECT_EQ(rows.err, "--max-rows: expected 1 to 1000, not 5000\n");
  CliOutcome nothing = run_cli({"sql", "--config", config.string()});
  EXPECT_EQ(nothing.code, 2);
  EXPECT_NE(nothing.err.find("missing: steward sql"), std::string::npos) << nothing.err;
}

} // namespace
} // namespace steward

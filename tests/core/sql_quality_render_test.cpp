// Data-quality warnings for the relations a query reads (over a real dbt
// project's manifest and run_results), and how a query result is shown:
// monospace table, CSV, notes and the agent's JSON.

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/dbt/loader.hpp"
#include "core/sql/quality.hpp"
#include "core/sql/render.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::sql {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// jaffle_shop (openlineage/no_test_metadata): the two customer_id tests on
/// `customers` failed; everything else passed.
fs::path jaffle_run() {
  return testing::dbt_fixture("openlineage/no_test_metadata");
}

dbt::Project load(const fs::path& dir) {
  auto project = dbt::load_project(dir / "manifest.json", {});
  EXPECT_TRUE(project) << project.error().to_string();
  return std::move(*project);
}

TEST(SqlQualityTest, FailingTestsOnTheRelationReadAreNamedWithWhenTheyRan) {
  STEWARD_REQUIRE_FIXTURES();
  const dbt::Project project = load(jaffle_run());
  const std::vector<QualityWarning> warnings = quality_warnings(project, {{"", "customers"}});
  ASSERT_EQ(warnings.size(), 2U);
  std::set<std::string> tests;
  for (const QualityWarning& warning : warnings) {
    tests.insert(warning.test);
    EXPECT_EQ(warning.status, "fail");
    EXPECT_EQ(warning.on, "customers");
    EXPECT_EQ(warning.read, "customers");
    EXPECT_FALSE(warning.upstream);
    EXPECT_TRUE(warning.when.starts_with("2021-07-05T11:43:1")) << warning.when;
  }
  EXPECT_EQ(tests, (std::set<std::string>{"unique_customers_customer_id", "not_null_customers_customer_id"}));

  EXPECT_TRUE(quality_warnings(project, {{"", "orders"}}).empty())
      << "orders' own tests passed and customers is not upstream of it";
  EXPECT_EQ(quality_warnings(project, {{"public", "customers"}}).size(), 2U) << "the schema matches";
  EXPECT_TRUE(quality_warnings(project, {{"elsewhere", "customers"}}).empty()) << "another schema's table";
}

TEST(SqlQualityTest, AFailureUpstreamOfTheRelationReadIsReportedAsUpstream) {
  STEWARD_REQUIRE_FIXTURES();
  testing::TempDir dir;
  fs::copy_file(jaffle_run() / "manifest.json", dir.path() / "manifest.json");
  std::ifstream in(jaffle_run() / "run_results.json");
  json run = json::parse(in);
  for (json& result : run["results"]) {
    const std::string id = result.value("unique_id", "");
    if (id.starts_with("test.jaffle_shop.not_null_stg_orders_order_id")) {
      result["status"] = "error";
      result["message"] = "relation stg_orders does not exist";
    } else if (id.starts_with("test.")) {
      result["status"] = "pass";
    }
  }
  dir.write("run_results.json", run.dump());
  const dbt::Project project = load(dir.path());

  const std::vector<QualityWarning> on_orders = quality_warnings(project, {{"", "orders"}});
  ASSERT_EQ(on_orders.size(), 1U);
  EXPECT_EQ(on_orders[0].test, "not_null_stg_orders_order_id");
  EXPECT_EQ(on_orders[0].status, "error");
  EXPECT_EQ(on_orders[0].on, "stg_orders");
  EXPECT_EQ(on_orders[0].read, "orders");
  EXPECT_TRUE(on_orders[0].upstream);
  EXPECT_EQ(on_orders[0].message, "relation stg_orders does not exist");
  EXPECT_TRUE(quality_warnings(project, {{"", "stg_payments"}}).empty());
  EXPECT_EQ(quality_warnings(project, {{"", "orders"}, {"", "customers"}}).size(), 1U)
      << "a test upstream of two relations read is reported once";
}

QueryRun sample_run() {
  QueryRun run;
  run.checked.statement = "select name, amount from t";
  run.table.columns = {{"name", "text", false}, {"amount", "numeric", true}};
  run.table.rows = {{"Ann", "5.00"}, {"Bartholomew", "120.50"}, {std::nullopt, "7"}};
  run.table.elapsed = std::chrono::milliseconds(12);
  return run;
}

TEST(SqlRenderTest, TheTableAlignsColumnsAndRightAlignsNumbers) {
  const QueryRun run = sample_run();
  EXPECT_EQ(table_text(run.table, 10), "name        | amount\n"
                                       "------------+-------\n"
                                       "Ann         |   5.00\n"
                                       "Bartholomew | 120.50\n"
                                       "NULL        |      7\n");
  EXPECT_EQ(table_text(run.table, 1), "name | amount\n-----+-------\nAnn  |   5.00\n");
  warehouse::Table wide;
  wide.columns = {{"note", "text", false}};
  wide.rows = {{"héllo wörld, this is long"}, {"two\nlines"}};
  EXPECT_EQ(table_text(wide, 5, 8), "note\n--------\nhéllo w…\ntwo⏎lin…\n") << "8 characters, the last one …";
}

TEST(SqlRenderTest, CsvQuotesWhatNeedsQuotingAndLeavesNullEmpty) {
  warehouse::Table table;
  table.columns = {{"a", "text", false}, {"b,c", "text", false}};
  table.rows = {{"plain", "has \"quotes\""}, {std::nullopt, "two\nlines"}};
  EXPECT_EQ(table_csv(table), "a,\"b,c\"\r\nplain,\"has \"\"quotes\"\"\"\r\n,\"two\nlines\"\r\n");
}

TEST(SqlRenderTest, NotesSayWhatWasCutMaskedAndSuspect) {
  QueryRun run = sample_run();
  EXPECT_EQ(rows_note(run.table), "3 rows in 12 ms");
  run.table.more_rows = true;
  EXPECT_EQ(rows_note(run.table), "3 rows in 12 ms (the first 3; the query returned more)");
  run.pii = {{0, "name", "customers.first_name"}};
  run.pii_action = PiiAction::hash;
  run.quality = {
      {"not_null_stg_orders_order_id", "fail", "stg_orders", "orders", "2021-07-05T11:43:24Z", "", true}};
  const std::vector<std::string> notes = run_notes(run);
  ASSERT_EQ(notes.size(), 2U);
  EXPECT_EQ(notes[0], "PII hashed: `name` (customers.first_name).");
  EXPECT_EQ(notes[1], "⚠️ Data quality: test `not_null_stg_orders_order_id` on `stg_orders` (upstream of "
                      "`orders`) had status fail in the latest run (2021-07-05T11:43:24Z).");
}

TEST(SqlRenderTest, TheAnswerShowsTheSqlTheFirstRowsAndSaysTheRestIsAttached) {
  QueryRun run = sample_run();
  for (int i = 0; i < 30; ++i) {
    run.table.rows.push_back({"row" + std::to_string(i), std::to_string(i)});
  }
  const answer::Answer shown = render_run(run, {true, 20, true});
  ASSERT_GE(shown.blocks.size(), 3U);
  ASSERT_TRUE(std::holds_alternative<answer::Code>(shown.blocks[0]));
  EXPECT_EQ(std::get<answer::Code>(shown.blocks[0]).text, "select name, amount from t");
  const std::string& table = std::get<answer::Code>(shown.blocks[1]).text;
  EXPECT_NE(table.find("row16"), std::string::npos);
  EXPECT_EQ(table.find("row17"), std::string::npos) << "20 rows: 3 samples and row0..row16";
  EXPECT_EQ(std::get<answer::Context>(shown.blocks[2]).text,
            "33 rows in 12 ms. Showing the first 20; every row is in the attached CSV.");
}

TEST(SqlRenderTest, TheAgentGetsRowsAsJsonWithWhatWasLeftOut) {
  QueryRun run = sample_run();
  run.pii = {{0, "name", "customers.first_name"}};
  const json out = json::parse(run_json(run, 2));
  EXPECT_EQ(out["columns"][1], (json{{"name", "amount"}, {"type", "numeric"}}));
  EXPECT_EQ(out["rows"], json::array({json::array({"Ann", "5.00"}), json::array({"Bartholomew", "120.50"})}));
  EXPECT_EQ(out["row_count"], 3);
  EXPECT_EQ(out["rows_omitted"], 1);
  EXPECT_EQ(out["pii_columns"], json{"name"});
  EXPECT_EQ(json::parse(run_json(run, 5))["rows"][2][0], nullptr);
}

TEST(SqlRenderTest, AFailureShowsTheSqlAndTheTypedReason) {
  QueryFailure rejected{Rejection{Reason::function_not_allowed, "`pg_sleep` is not an allowed function", 8},
                        {}};
  EXPECT_EQ(rejected.to_string(),
            "rejected: function_not_allowed: `pg_sleep` is not an allowed function (at character 8)");
  const answer::Answer shown = render_failure("select pg_sleep(1)", rejected);
  EXPECT_EQ(std::get<answer::Code>(shown.blocks[0]).text, "select pg_sleep(1)");
  EXPECT_NE(std::get<answer::Paragraph>(shown.blocks[1]).markdown.find("function_not_allowed"),
            std::string::npos);
  QueryFailure failed{std::nullopt,
                      Error{"warehouse.timeout", "the query ran longer than 30 s and was cancelled"}};
  EXPECT_EQ(failed.to_string(), "warehouse.timeout: the query ran longer than 30 s and was cancelled");
  const answer::Answer unfinished = render_failure("select 1", failed);
  EXPECT_EQ(unfinished.summary, "The query did not finish");
  EXPECT_NE(
      std::get<answer::Paragraph>(unfinished.blocks[1]).markdown.find("did not finish: **warehouse.timeout"),
      std::string::npos);
  const answer::Answer refused =
      render_failure("select 1", QueryFailure{std::nullopt, Error{"warehouse.permission", "denied"}});
  EXPECT_EQ(refused.summary, "The query failed");
  EXPECT_NE(std::get<answer::Paragraph>(refused.blocks[1]).markdown.find("refused it"), std::string::npos);
}

} // namespace
} // namespace steward::sql

// `steward sql-check`: one line per verdict, exit 0 allowed / 1 rejected /
// 2 usage, statements from an argument or --file, tables checked against the
// project's relations and the config's sql.* allow-lists.

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/cli_run.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward {
namespace {

using Outcome = testing::CliOutcome;

Outcome run(const std::vector<std::string>& args) {
  return testing::run_cli(args);
}

std::string shop() {
  return (testing::source_dir() / "examples" / "shop").string();
}

TEST(SqlCheckCli, AllowedAndRejectedStatementsPrintOneLineAndSetTheExitCode) {
  Outcome allowed =
      run({"sql-check", "select customer_id, count(*) from fct_orders group by 1", "--project", shop()});
  EXPECT_EQ(allowed.code, 0) << allowed.err;
  EXPECT_EQ(allowed.out, "allowed: select reading fct_orders\n");

  Outcome multiple = run({"sql-check", "SELECT 1; DROP TABLE fct_orders", "--project", shop()});
  EXPECT_EQ(multiple.code, 1);
  EXPECT_EQ(multiple.out, "rejected: multiple_statements: 2 statements; exactly one may run at a time "
                          "(at character 11)\n");

  Outcome unknown = run({"sql-check", "select * from payroll", "--project", shop()});
  EXPECT_EQ(unknown.code, 1);
  EXPECT_EQ(unknown.out.rfind("rejected: relation_not_allowed: `payroll`", 0), 0U) << unknown.out;
  EXPECT_EQ(std::count(unknown.out.begin(), unknown.out.end(), '\n'), 1);
}

TEST(SqlCheckCli, StatementsComeFromAFileAndTheConfigWidensTheAllowLists) {
  testing::TempDir dir;
  auto file =
      dir.write("q.sql", "-- weekly revenue\nselect fiscal.quarter_of(ordered_at) from finance.budget;\n");
  Outcome closed = run({"sql-check", "--file", file.string(), "--project", shop()});
  EXPECT_EQ(closed.code, 1);
  EXPECT_NE(closed.out.find("relation_not_allowed: `finance.budget`"), std::string::npos) << closed.out;

  auto config = dir.write("steward.yaml",
                          "sql:\n  allowed_schemas: [finance]\n  allowed_functions: [fiscal.quarter_of]\n");
  Outcome widened =
      run({"sql-check", "--file", file.string(), "--project", shop(), "--config", config.string()});
  EXPECT_EQ(widened.code, 0) << widened.out << widened.err;
  EXPECT_EQ(widened.out, "allowed: select reading finance.budget\n");
}

TEST(SqlCheckCli, UsageErrorsExitTwo) {
  EXPECT_EQ(run({"sql-check"}).code, 2);
  EXPECT_EQ(run({"sql-check", "select 1", "select 2"}).code, 2);
  testing::TempDir dir;
  auto file = dir.write("q.sql", "select 1");
  Outcome both = run({"sql-check", "select 1", "--file", file.string()});
  EXPECT_EQ(both.code, 2);
  EXPECT_NE(both.err.find("--file: give the SQL either"), std::string::npos) << both.err;
  Outcome missing = run({"sql-check", "--file", (dir.path() / "nope.sql").string()});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("nope.sql: cannot read it"), std::string::npos) << missing.err;
  EXPECT_EQ(run({"sql-check", "select 1", "--project", "/nonexistent/project"}).code, 2);
}

} // namespace
} // namespace steward

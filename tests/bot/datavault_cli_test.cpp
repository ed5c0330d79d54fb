// `steward datavault validate|generate`: exit codes (0 ok, 1 spec errors,
// 2 bad input/usage), what is printed, and how files are written: created,
// unchanged, updated when generated and untouched, refused when edited by
// hand or not ours unless --force, stale files listed.

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/cli_run.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward {
namespace {

using Outcome = testing::CliOutcome;

Outcome run(const std::vector<std::string>& args) {
  return testing::run_cli(args);
}

std::string example() {
  return (testing::source_dir() / "examples" / "datavault" / "shop.yaml").string();
}

std::string shop() {
  return (testing::source_dir() / "examples" / "shop").string();
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

constexpr const char* k_small = R"(
entity: {name: customer}
hub: {business_key: [customer_id]}
satellites: [{name: details, attributes: [email]}]
source_mappings:
  crm: {schema: raw, table: customers, key_field: id, load_date: loaded_at}
)";

TEST(DatavaultCli, ValidateTheExampleAgainstTheShopProject) {
  Outcome outcome = run({"datavault", "validate", example(), "--project", shop()});
  EXPECT_EQ(outcome.code, 0) << outcome.err;
  EXPECT_EQ(outcome.out, "shop.yaml: valid: 5 stages, 4 hubs, 3 links, 5 satellites; 0 warnings\n");
}

TEST(DatavaultCli, ValidationErrorsExitOneWithPathsAndLines) {
  testing::TempDir dir;
  auto spec =
      dir.write("bad.yaml", std::string(k_small) + "links: [{name: solo, related_hubs: [custmer]}]\n");
  Outcome outcome = run({"datavault", "validate", spec.string()});
  EXPECT_EQ(outcome.code, 1);
  EXPECT_NE(
      outcome.err.find("bad.yaml: error: entities[0].links[0].related_hubs[0]: unknown hub 'custmer' in link "
                       "solo; did you mean customer? (line 7)\n"),
      std::string::npos)
      << outcome.err;
  EXPECT_NE(outcome.err.find("bad.yaml: 1 error, 0 warnings\n"), std::string::npos) << outcome.err;

  Outcome generate = run({"datavault", "generate", spec.string(), "--out", (dir.path() / "out").string()});
  EXPECT_EQ(generate.code, 1);
  EXPECT_NE(generate.err.find("bad.yaml: not generated: fix the errors above"), std::string::npos)
      << generate.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "out"));

  Outcome json =
      run({"datavault", "generate", spec.string(), "--out", (dir.path() / "out").string(), "--json"});
  EXPECT_EQ(json.code, 1);
  auto parsed = nlohmann::json::parse(json.out);
  EXPECT_EQ(parsed["valid"], false);
  EXPECT_EQ(parsed["diagnostics"][0]["path"], "entities[0].links[0].related_hubs[0]");
  EXPECT_EQ(parsed["diagnostics"][0]["line"], 7);
}

TEST(DatavaultCli, BadInputAndUsageExitTwo) {
  testing::TempDir dir;
  auto broken = dir.write("broken.yaml", "entity: {name: x\n");
  Outcome yaml = run({"datavault", "validate", broken.string()});
  EXPECT_EQ(yaml.code, 2);
  EXPECT_EQ(yaml.err.rfind(broken.string() + ": line ", 0), 0U) << yaml.err;
  EXPECT_NE(yaml.err.find("the YAML does not parse"), std::string::npos) << yaml.err;

  auto json = dir.write("spec.json", "{\"entity\": ");
  EXPECT_NE(run({"datavault", "validate", json.string()}).err.find(json.string() + ": JSON: does not parse"),
            std::string::npos);
  auto mermaid = dir.write("d.mmd", "erDiagram\n  HUB_A {\n");
  EXPECT_NE(run({"datavault", "validate", mermaid.string()})
                .err.find("d.mmd: line 2: the block of HUB_A is not closed"),
            std::string::npos);

  auto good = dir.write("good.yaml", k_small);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"datavault"},
           {"datavault", "check", good.string()},
           {"datavault", "validate"},
           {"datavault", "validate", good.string(), good.string()},
           {"datavault", "validate", (dir.path() / "missing.yaml").string()},
           {"datavault", "validate", good.string(), "--out", "x"},
           {"datavault", "validate", good.string(), "--project", "/nonexistent/project"},
           {"datavault", "generate", good.string(), "--outt", "x"},
       }) {
    Outcome outcome = run(args);
    EXPECT_EQ(outcome.code, 2) << args.size() << " " << outcome.err;
    EXPECT_FALSE(outcome.err.empty());
  }
  EXPECT_NE(run({"datavault", "check", good.string()}).err.find("check: expected validate or generate"),
            std::string::npos);
  EXPECT_NE(run({"datavault", "validate", (dir.path() / "missing.yaml").string()}).err.find("cannot read it"),
            std::string::npos);
  EXPECT_NE(run({"datavault", "validate", good.string(), "--out", "x"})
                .err.find("--out: only for steward datavault "
                          "generate"),
            std::string::npos);
}

TEST(DatavaultCli, GenerateWritesUpdatesAndRefusesHandEdits) {
  testing::TempDir dir;
  auto spec = dir.write("crm.yaml", k_small);
  const std::string out = (dir.path() / "models").string();

  Outcome first = run({"datavault", "generate", spec.string(), "--out", out});
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_EQ(first.out.rfind("Wrote to " + out + ":\n  created     raw_vault/hubs/h_customer.sql\n", 0), 0U)
      << first.out;
  EXPECT_NE(first.out.find("Data Vault from crm.yaml: 1 stage, 1 hub"), std::string::npos) << first.out;
  const auto hub = dir.path() / "models/raw_vault/hubs/h_customer.sql";
  ASSERT_TRUE(std::filesystem::exists(hub));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "models/staging/stg_crm.sql"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "models/raw_vault/satellites/schema.yml"));

  Outcome again = run({"datavault", "generate", spec.string(), "--out", out});
  EXPECT_EQ(again.code, 0);
  EXPECT_NE(again.out.find("  unchanged   raw_vault/hubs/h_customer.sql\n"), std::string::npos) << again.out;

  // A changed spec updates files that are still as generated; a dropped
  // satellite's files stay and are listed as stale.
  dir.write("crm.yaml", R"(
entity: {name: customer, description: Someone who buys.}
hub: {business_key: [customer_id]}
source_mappings:
  crm: {schema: raw, table: customers, key_field: id, load_date: loaded_at}
)");
  Outcome changed = run({"datavault", "generate", spec.string(), "--out", out});
  EXPECT_EQ(changed.code, 0) << changed.err;
  EXPECT_NE(changed.out.find("  updated     raw_vault/hubs/schema.yml\n"), std::string::npos) << changed.out;
  EXPECT_NE(
      changed.out.find("  stale       raw_vault/satellites/s_customer_details_crm.sql (generated before"),
      std::string::npos)
      << changed.out;

  // A hand edit stops the run; nothing is written; --force overwrites.
  std::ofstream(hub, std::ios::app) << "-- tuned by hand\n";
  dir.write("crm.yaml", k_small);
  Outcome refused = run({"datavault", "generate", spec.string(), "--out", out});
  EXPECT_EQ(refused.code, 2);
  EXPECT_NE(refused.err.find(hub.string() + ": edited since it was generated; --force overwrites it"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("nothing written"), std::string::npos);
  EXPECT_NE(read(hub).find("-- tuned by hand"), std::string::npos);
  EXPECT_NE(read(dir.path() / "models/raw_vault/hubs/schema.yml").find("Someone who buys."),
            std::string::npos);

  Outcome forced = run({"datavault", "generate", spec.string(), "--out", out, "--force"});
  EXPECT_EQ(forced.code, 0) << forced.err;
  EXPECT_NE(forced.out.find("  overwritten raw_vault/hubs/h_customer.sql\n"), std::string::npos)
      << forced.out;
  EXPECT_EQ(read(hub).find("-- tuned by hand"), std::string::npos);

  // A file Steward did not write is never overwritten silently either.
  dir.write("models/staging/stg_crm.sql", "select 1\n");
  Outcome foreign = run({"datavault", "generate", spec.string(), "--out", out});
  EXPECT_EQ(foreign.code, 2);
  EXPECT_NE(foreign.err.find("stg_crm.sql: exists and was not written by steward datavault"),
            std::string::npos)
      << foreign.err;
}

TEST(DatavaultCli, JsonOutput) {
  testing::TempDir dir;
  auto spec = dir.write("crm.yaml", k_small);
  Outcome validate = run({"datavault", "validate", spec.string(), "--json"});
  EXPECT_EQ(validate.code, 0);
  auto checked = nlohmann::json::parse(validate.out);
  EXPECT_EQ(checked["valid"], true);
  EXPECT_EQ(checked["diagnostics"].size(), 0U);

  Outcome generate =
      run({"datavault", "generate", spec.string(), "--out", (dir.path() / "m").string(), "--json"});
  ASSERT_EQ(generate.code, 0) << generate.err;
  auto written = nlohmann::json::parse(generate.out);
  EXPECT_EQ(written["files"].size(), 6U);
  EXPECT_EQ(written["files"][0]["action"], "created");
  EXPECT_EQ(written["report"]["spec"], "crm.yaml");
  EXPECT_EQ(written["report"]["created"].size(), 6U);
}

TEST(DatavaultCli, TheExampleGeneratesAndMermaidMarkdownToo) {
  testing::TempDir dir;
  Outcome outcome =
      run({"datavault", "generate", example(), "--project", shop(), "--out", (dir.path() / "v").string()});
  ASSERT_EQ(outcome.code, 0) << outcome.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "v/raw_vault/links/l_order_line.sql"));
  EXPECT_NE(outcome.out.find("Packages (packages.yml):"), std::string::npos);

  auto markdown = dir.write("design.md", R"(# Design

```mermaid
erDiagram
  HUB_CUSTOMER {
    binary customer_hk PK
    string customer_id UK
  }
  SAT_CUSTOMER_DETAILS {
    binary customer_hk FK
    string email
  }
```

```yaml
entities:
  - entity: customer
    source_mappings:
      crm: {schema: raw, table: customers, key_field: id, load_date: loaded_at}
```
)");
  Outcome from_diagram =
      run({"datavault", "generate", markdown.string(), "--out", (dir.path() / "d").string()});
  ASSERT_EQ(from_diagram.code, 0) << from_diagram.err;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "d/raw_vault/satellites/s_customer_details_crm.sql"));
}

TEST(DatavaultCli, HelpTellsTheTruth) {
  Outcome help = run({"datavault", "--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("usage: steward datavault validate SPEC [--project PATH] [--json]"),
            std::string::npos);
  EXPECT_NE(help.out.find("exit: 0 ok, 1 the spec has errors, 2 bad input or usage"), std::string::npos);
  Outcome all = run({"help"});
  EXPECT_NE(all.out.find("  datavault     validate a Data Vault spec"), std::string::npos) << all.out;
}

} // namespace
} // namespace steward

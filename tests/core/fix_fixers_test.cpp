// propose_fixes on a small dbt project written to a temp dir: the exact
// YAML and SQL each option writes, comments and quoting kept, diffs, and the
// patched project still parsing with the test's new config.

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "core/dbt/source_tree.hpp"
#include "core/fix/check.hpp"
#include "core/fix/diff.hpp"
#include "core/fix/fixers.hpp"
#include "tests/support/file_reader.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::fix {
namespace {

namespace fs = std::filesystem;

const char* const k_project = "name: shop\nversion: '1.0'\nconfig-version: 2\nprofile: shop\n"
                              "model-paths: [\"models\"]\n";

const char* const k_schema = R"(version: 2

# Raw tables, loaded by Fivetran.
sources:
  - name: raw
    loader: fivetran
    freshness:  # the loader runs hourly
      warn_after: {count: 12, period: hour}
      error_after: {count: 24, period: hour}
    loaded_at_field: _loaded_at
    tables:
      - name: orders
      - name: payments
        freshness:
          warn_after:
            count: 6
            period: hour

models:
  - name: stg_orders
    description: "Orders, one row per order"  # keep
    columns:
      - name: order_id
        tests:
          - unique
          - not_null
      - name: customer_id
        tests:
          - not_null
          - relationships:
              to: ref('customers')
              field: customer_id
      - name: order_date
      - name: status
        description: 'Where the order is'
        tests:
          # statuses agreed with finance
          - accepted_values:
              values: ['placed', 'shipped', 'completed']  # flow list
      - name: amount
        data_type: numeric
        tests:
          - not_null:
              config:
                severity: error

  - name: customers
    columns:
      - name: customer_id
        tests:
          - unique
      - name: tier
        tests:
          - accepted_values:
              values:
                - gold
                - "silver"
      - name: email
        tests:
          - not_null  # required by the CRM
)";

const char* const k_stg_orders = R"({{ config(materialized='view') }}

with source as (
    select * from {{ source('raw', 'orders') }}
),

renamed as (
    select
        id as order_id,
        user_id as customer_id,
        order_date,
        status,
        amount
    from source
)

select * from renamed
)";

const char* const k_customers = "select 1 as customer_id, 'gold' as tier, 'a@b.c' as email\n";

class FixProject : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir.write("dbt_project.yml", k_project);
    m_dir.write("models/schema.yml", k_schema);
    m_dir.write("models/stg_orders.sql", k_stg_orders);
    m_dir.write("models/customers.sql", k_customers);
    auto project = dbt::parse_source_tree(m_dir.path());
    ASSERT_TRUE(project) << project.error().to_string();
    m_project = std::make_unique<dbt::Project>(std::move(*project));
  }

  [[nodiscard]] ReadFile reader() const { return testing::file_reader(m_dir.path()); }

  /// The unique id of the `test` test on `model`.`column`.
  [[nodiscard]] std::string test_id(std::string_view model, std::string_view column,
                                    std::string_view test) const {
    for (const auto& node : m_project->nodes()) {
      if (node.type == dbt::ResourceType::test && node.test_name == test && node.column_name == column &&
          node.attached_node == "model.shop." + std::string(model)) {
        return std::string(node.unique_id);
      }
    }
    return {};
  }

  [[nodiscard]] std::vector<FixOption> propose(const std::string& node, std::vector<std::string> samples,
                                               std::optional<long long> failures = std::nullopt) const {
    FailureFacts facts;
    facts.node = node;
    facts.status = "fail";
    facts.failures = failures;
    facts.sample_values = std::move(samples);
    return propose_fixes(*m_project, facts, reader());
  }

  /// Writes `option`'s edits into a copy of the project and loads it.
  [[nodiscard]] Result<dbt::Project> patched(const FixOption& option) const {
    for (const auto& edit : option.edits) {
      m_patched.write(edit.path, edit.after);
    }
    for (const char* file :
         {"dbt_project.yml", "models/schema.yml", "models/stg_orders.sql", "models/customers.sql"}) {
      if (!fs::exists(m_patched.path() / file)) {
        std::ifstream in(m_dir.path() / file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        m_patched.write(file, text.str());
      }
    }
    return dbt::parse_source_tree(m_patched.path());
  }

  testing::TempDir m_dir;
  testing::TempDir m_patched;
  std::unique_ptr<dbt::Project> m_project;
};

const FixOption* option(const std::vector<FixOption>& options, std::string_view id) {
  auto it = std::find_if(options.begin(), options.end(), [&](const FixOption& o) { return o.id == id; });
  return it == options.end() ? nullptr : &*it;
}

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::vector<std::string> ids(const std::vector<FixOption>& options) {
  std::vector<std::string> out;
  out.reserve(options.size());
  for (const auto& o : options) {
    out.push_back(o.id);
  }
  return out;
}

TEST_F(FixProject, AcceptedValuesInAFlowListKeepsItsQuotesAndComment) {
  auto options =
      propose(test_id("stg_orders", "status", "accepted_values"), {"returned", "placed", "returned"});
  EXPECT_EQ(ids(options), (std::vector<std::string>{"add_value", "where", "warn"}));
  const FixOption* add = option(options, "add_value");
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->title, "Add 'returned' to the accepted values");
  EXPECT_EQ(add->risk, Risk::low);
  ASSERT_EQ(add->edits.size(), 1U);
  EXPECT_EQ(add->edits[0].path, "models/schema.yml");
  EXPECT_EQ(add->edits[0].before, k_schema);
  EXPECT_EQ(add->edits[0].after,
            replaced(k_schema, "values: ['placed', 'shipped', 'completed']  # flow list",
                     "values: ['placed', 'shipped', 'completed', 'returned']  # flow list"));
  EXPECT_EQ(add->diff, "--- a/models/schema.yml\n+++ b/models/schema.yml\n"
                       "@@ -36,7 +36,7 @@ models:\n"
                       "         tests:\n"
                       "           # statuses agreed with finance\n"
                       "           - accepted_values:\n"
                       "-              values: ['placed', 'shipped', 'completed']  # flow list\n"
                       "+              values: ['placed', 'shipped', 'completed', 'returned']  # flow list\n"
                       "       - name: amount\n"
                       "         data_type: numeric\n"
                       "         tests:\n");
}

TEST_F(FixProject, AcceptedValuesWhereAndWarnGoUnderConfig) {
  auto options = propose(test_id("stg_orders", "status", "accepted_values"), {"returned"});
  const FixOption* where = option(options, "where");
  ASSERT_NE(where, nullptr);
  EXPECT_EQ(where->edits.at(0).after,
            replaced(k_schema, "              values: ['placed', 'shipped', 'completed']  # flow list\n",
                     "              values: ['placed', 'shipped', 'completed']  # flow list\n"
                     "              config:\n"
                     "                where: \"status not in ('returned')\"\n"));
  const FixOption* warn = option(options, "warn");
  ASSERT_NE(warn, nullptr);
  EXPECT_EQ(warn->edits.at(0).after,
            replaced(k_schema, "              values: ['placed', 'shipped', 'completed']  # flow list\n",
                     "              values: ['placed', 'shipped', 'completed']  # flow list\n"
                     "              config:\n"
                     "                severity: warn\n"));
  auto project = patched(*warn);
  ASSERT_TRUE(project) << project.error().to_string();
  auto id = project->find(test_id("stg_orders", "status", "accepted_values"));
  ASSERT_TRUE(id);
  EXPECT_EQ(project->node(*id).severity, "warn");
}

TEST_F(FixProject, AcceptedValuesInABlockListFollowTheLastItemsQuotes) {
  auto options = propose(test_id("customers", "tier", "accepted_values"), {"bronze", "it's"});
  const FixOption* add = option(options, "add_value");
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->edits.at(0).after, replaced(k_schema, "                - \"silver\"\n",
                                             "                - \"silver\"\n"
                                             "                - \"bronze\"\n"
                                             "                - \"it's\"\n"));
  EXPECT_TRUE(check_yaml(add->edits).empty());
  auto project = patched(*add);
  ASSERT_TRUE(project) << project.error().to_string();
  bool found = false;
  for (const auto& node : project->nodes()) {
    if (node.test_name == "accepted_values" && node.column_name == "tier") {
      found = node.test_kwargs_json.find("\"bronze\"") != std::string_view::npos &&
              node.test_kwargs_json.find("it's") != std::string_view::npos;
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(FixProject, CaseAndSpaceDriftIsNormalisedInTheModel) {
  auto options = propose(test_id("stg_orders", "status", "accepted_values"), {"Placed", " shipped "});
  EXPECT_EQ(ids(options), (std::vector<std::string>{"add_value", "normalise", "where", "warn"}));
  const FixOption* normalise = option(options, "normalise");
  ASSERT_NE(normalise, nullptr);
  ASSERT_EQ(normalise->edits.size(), 1U);
  EXPECT_EQ(normalise->edits[0].path, "models/stg_orders.sql");
  EXPECT_EQ(normalise->edits[0].after,
            replaced(k_stg_orders, "        status,\n", "        lower(trim(status)) as status,\n"));
  EXPECT_EQ(normalise->diff, unified_diff("models/stg_orders.sql", k_stg_orders, normalise->edits[0].after));
  // Values that are not a case or space variant of an accepted one: no normalise.
  EXPECT_EQ(
      option(propose(test_id("stg_orders", "status", "accepted_values"), {"Placed", "lost"}), "normalise"),
      nullptr);
}

TEST_F(FixProject, NotNullLeavesTheKnownRowsOutByTheModelsKey) {
  auto options = propose(test_id("stg_orders", "customer_id", "not_null"), {"7", "A-9"}, 2);
  EXPECT_EQ(ids(options), (std::vector<std::string>{"escalate", "where", "warn"}));
  const FixOption* where = option(options, "where");
  ASSERT_NE(where, nullptr);
  EXPECT_EQ(where->edits.at(0).after,
            replaced(k_schema, "      - name: customer_id\n        tests:\n          - not_null\n",
                     "      - name: customer_id\n        tests:\n          - not_null:\n"
                     "              config:\n"
                     "                where: \"order_id not in (7, 'A-9')\"\n"));
  EXPECT_TRUE(check_yaml(where->edits).empty());
  const FixOption* escalate = option(options, "escalate");
  ASSERT_NE(escalate, nullptr);
  EXPECT_TRUE(escalate->edits.empty());
  EXPECT_TRUE(escalate->diff.empty());
  // More failing rows than sampled keys: the filter would not cover them all,
  // so the newest rows are left out instead.
  auto partial = propose(test_id("stg_orders", "customer_id", "not_null"), {"7"}, 40);
  const FixOption* recent = option(partial, "where");
  ASSERT_NE(recent, nullptr);
  EXPECT_NE(recent->edits.at(0).after.find("where: \"order_date < current_date - interval '1 day'\""),
            std::string::npos);
}

TEST_F(FixProject, NotNullWarnReplacesTheSeverityInPlaceAndCoalescesInTheModel) {
  auto options = propose(test_id("stg_orders", "amount", "not_null"), {});
  const FixOption* warn = option(options, "warn");
  ASSERT_NE(warn, nullptr);
  EXPECT_EQ(warn->edits.at(0).after,
            replaced(k_schema, "                severity: error\n", "                severity: warn\n"));
  const FixOption* coalesce = option(options, "coalesce");
  ASSERT_NE(coalesce, nullptr);
  EXPECT_EQ(coalesce->edits.at(0).after,
            replaced(k_stg_orders, "        amount\n", "        coalesce(amount, 0) as amount\n"));
}

TEST_F(FixProject, ABareTestWithACommentGetsABodyAndKeepsTheComment) {
  auto options = propose(test_id("customers", "email", "not_null"), {});
  const FixOption* warn = option(options, "warn");
  ASSERT_NE(warn, nullptr);
  std::string after = warn->edits.at(0).after;
  EXPECT_EQ(after, replaced(k_schema, "          - not_null  # required by the CRM\n",
                            "          - not_null:  # required by the CRM\n"
                            "              config:\n"
                            "                severity: warn\n"));
  auto project = patched(*warn);
  ASSERT_TRUE(project) << project.error().to_string();
  auto id = project->find(test_id("customers", "email", "not_null"));
  ASSERT_TRUE(id);
  EXPECT_EQ(project->node(*id).severity, "warn");
}

TEST_F(FixProject, UniqueDedupesTheModelWithACte) {
  auto options = propose(test_id("stg_orders", "order_id", "unique"), {"3"});
  EXPECT_EQ(ids(options), (std::vector<std::string>{"dedupe", "grain", "warn"}));
  const FixOption* dedupe = option(options, "dedupe");
  ASSERT_NE(dedupe, nullptr);
  std::string body(k_stg_orders);
  body = body.substr(body.find("with source"));
  body.pop_back();
  EXPECT_EQ(dedupe->edits.at(0).after, "{{ config(materialized='view') }}\n\n"
                                       "with model_rows as (\n\n" +
                                           body +
                                           "\n\n),\n\n"
                                           "numbered_rows as (\n\n"
                                           "    select\n"
                                           "        *,\n"
                                           "        row_number() over (\n"
                                           "            partition by order_id\n"
                                           "            order by order_id\n"
                                           "        ) as dedupe_row_number\n"
                                           "    from model_rows\n\n"
                                           ")\n\n"
                                           "select *\n"
                                           "from numbered_rows\n"
                                           "where dedupe_row_number = 1\n");
  // The original lines are untouched: the diff only adds lines.
  std::istringstream diff(dedupe->diff);
  for (std::string line; std::getline(diff, line);) {
    EXPECT_TRUE(line.rfind('-', 0) != 0 || line.rfind("---", 0) == 0) << line;
  }
}

TEST_F(FixProject, UniqueGrainMovesTheTestToTheModelsKeyColumns) {
  auto options = propose(test_id("stg_orders", "order_id", "unique"), {});
  const FixOption* grain = option(options, "grain");
  ASSERT_NE(grain, nullptr);
  std::string expected = replaced(k_schema, "        tests:\n          - unique\n          - not_null\n",
                                  "        tests:\n          - not_null\n");
  expected = replaced(expected, "                severity: error\n\n",
                      "                severity: error\n"
                      "    tests:\n"
                      "      - dbt_utils.unique_combination_of_columns:\n"
                      "          combination_of_columns:\n"
                      "            - order_id\n"
                      "            - customer_id\n\n");
  EXPECT_EQ(grain->edits.at(0).after, expected);
  auto project = patched(*grain);
  ASSERT_TRUE(project) << project.error().to_string();
  std::set<std::string> tests;
  for (const auto& node : project->nodes()) {
    if (node.type == dbt::ResourceType::test && node.attached_node == "model.shop.stg_orders") {
      tests.insert(std::string(node.test_namespace) + "." + std::string(node.test_name) + ":" +
                   std::string(node.column_name));
    }
  }
  EXPECT_EQ(tests.count(".unique:order_id"), 0U);
  EXPECT_EQ(tests.count("dbt_utils.unique_combination_of_columns:"), 1U);
}

TEST_F(FixProject, RelationshipsLeaveLateRowsOut) {
  auto options = propose(test_id("stg_orders", "customer_id", "relationships"), {"11"});
  EXPECT_EQ(ids(options), (std::vector<std::string>{"where", "warn"}));
  EXPECT_EQ(options[0].edits.at(0).after,
            replaced(k_schema, "              field: customer_id\n",
                     "              field: customer_id\n"
                     "              config:\n"
                     "                where: \"order_date < current_date - interval '1 day'\"\n"));
  auto project = patched(options[0]);
  ASSERT_TRUE(project) << project.error().to_string();
}

TEST_F(FixProject, FreshnessInheritedFromTheSourceIsRaisedForTheTableOnly) {
  auto options = propose("source.shop.raw.orders", {});
  EXPECT_EQ(ids(options), (std::vector<std::string>{"escalate", "threshold"}));
  EXPECT_EQ(options[1].edits.at(0).after, replaced(k_schema, "      - name: orders\n",
                                                   "      - name: orders\n"
                                                   "        freshness:\n"
                                                   "          warn_after: {count: 24, period: hour}\n"
                                                   "          error_after: {count: 48, period: hour}\n"));
  auto project = patched(options[1]);
  ASSERT_TRUE(project) << project.error().to_string();
  auto id = project->find("source.shop.raw.orders");
  ASSERT_TRUE(id);
  EXPECT_NE(project->node(*id).freshness_json.find("48"), std::string_view::npos);
}

TEST_F(FixProject, FreshnessOfTheTableIsDoubledWhereItIs) {
  auto options = propose("source.shop.raw.payments", {});
  const FixOption* threshold = option(options, "threshold");
  ASSERT_NE(threshold, nullptr);
  EXPECT_EQ(threshold->edits.at(0).after,
            replaced(k_schema, "            count: 6\n", "            count: 12\n"));
}

TEST_F(FixProject, EveryOptionIsComplete) {
  for (const auto& id :
       {test_id("stg_orders", "status", "accepted_values"), test_id("stg_orders", "amount", "not_null"),
        test_id("stg_orders", "order_id", "unique")}) {
    auto options = propose(id, {"Placed", "7"}, 2);
    ASSERT_GE(options.size(), 2U) << id;
    ASSERT_LE(options.size(), 5U) << id;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < options.size(); ++i) {
      const FixOption& o = options[i];
      EXPECT_TRUE(seen.insert(o.id).second) << o.id;
      EXPECT_FALSE(o.title.empty());
      EXPECT_FALSE(o.what.empty());
      EXPECT_FALSE(o.pros.empty());
      EXPECT_FALSE(o.cons.empty());
      if (i > 0) {
        EXPECT_LE(options[i - 1].risk, o.risk);
      }
      std::string diff;
      for (const auto& edit : o.edits) {
        EXPECT_NE(edit.before, edit.after);
        diff += unified_diff(edit.path, edit.before, edit.after);
      }
      EXPECT_EQ(o.diff, diff);
      EXPECT_TRUE(check_yaml(o.edits).empty()) << o.id;
    }
  }
}

TEST_F(FixProject, UnknownNodesAndUnreadableFilesGiveFewerOptions) {
  EXPECT_TRUE(propose("test.shop.nope", {"x"}).empty());
  EXPECT_TRUE(propose("model.shop.stg_orders", {"x"}).empty());
  FailureFacts facts;
  facts.node = test_id("stg_orders", "customer_id", "not_null");
  ReadFile broken = [](const std::string& path) -> Result<std::string> {
    return fail(path, "cannot be read");
  };
  auto options = propose_fixes(*m_project, facts, broken);
  EXPECT_EQ(ids(options), (std::vector<std::string>{"escalate"}));
  facts.node = test_id("stg_orders", "status", "accepted_values");
  EXPECT_TRUE(propose_fixes(*m_project, facts, broken).empty());
  ReadFile garbage = [](const std::string&) -> Result<std::string> { return std::string("a: [\n  b: {"); };
  EXPECT_TRUE(propose_fixes(*m_project, facts, garbage).empty());
  EXPECT_TRUE(propose_fixes(*m_project, facts, ReadFile{}).empty());
}

TEST_F(FixProject, ReshapedSchemaFilesNeverBreakAndEditsStillParse) {
  // The schema with each line removed, and cut after each line: whatever
  // shape the file has, proposals do not crash and the YAML they write parses.
  std::vector<std::string> lines;
  std::istringstream in(k_schema);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line + "\n");
  }
  std::vector<std::string> variants;
  for (std::size_t skip = 0; skip < lines.size(); ++skip) {
    std::string without;
    std::string prefix;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      without += i == skip ? "" : lines[i];
      prefix += i <= skip ? lines[i] : "";
    }
    variants.push_back(without);
    variants.push_back(prefix.substr(0, prefix.size() - 1)); // no newline at the end
  }
  std::vector<std::string> nodes{test_id("stg_orders", "status", "accepted_values"),
                                 test_id("stg_orders", "customer_id", "not_null"),
                                 test_id("stg_orders", "customer_id", "relationships"),
                                 test_id("stg_orders", "order_id", "unique"),
                                 test_id("customers", "tier", "accepted_values"),
                                 test_id("customers", "email", "not_null"),
                                 "source.shop.raw.orders",
                                 "source.shop.raw.payments"};
  ReadFile base = reader();
  std::size_t checked = 0;
  for (const auto& variant : variants) {
    ReadFile read = [&](const std::string& path) -> Result<std::string> {
      return path == "models/schema.yml" ? Result<std::string>(variant) : base(path);
    };
    for (const auto& node : nodes) {
      FailureFacts facts;
      facts.node = node;
      facts.sample_values = {"Placed", "7", "x'y"};
      facts.failures = 3;
      for (const auto& o : propose_fixes(*m_project, facts, read)) {
        EXPECT_TRUE(check_yaml(o.edits).empty()) << o.id << " on " << node << "\n" << o.diff;
        checked += o.edits.size();
      }
    }
  }
  EXPECT_GT(checked, 100U);
}

std::string crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    out += c == '\n' ? std::string("\r\n") : std::string(1, c);
  }
  return out;
}

TEST_F(FixProject, OtherYamlStylesCompactListsFlowMapsTestNameAndCrlf) {
  const std::string schema = crlf("version: 2\n"
                                  "models:\n"
                                  "- name: stg_orders\n"
                                  "  columns:\n"
                                  "  - name: order_id\n"
                                  "    data_tests: [unique, not_null]\n"
                                  "  - name: customer_id\n"
                                  "    data_tests:\n"
                                  "    - not_null:\n"
                                  "        config: {severity: error}\n"
                                  "    - test_name: relationships\n"
                                  "      to: ref('customers')\n"
                                  "      field: customer_id\n"
                                  "  - name: status\n"
                                  "    data_tests:\n"
                                  "    - accepted_values:\n"
                                  "        arguments:\n"
                                  "          values:\n"
                                  "          - placed\n"
                                  "          - shipped\n");
  ReadFile base = reader();
  ReadFile read = [&](const std::string& path) -> Result<std::string> {
    return path == "models/schema.yml" ? Result<std::string>(schema) : base(path);
  };
  auto run = [&](const std::string& node, std::vector<std::string> samples) {
    FailureFacts facts;
    facts.node = node;
    facts.sample_values = std::move(samples);
    return propose_fixes(*m_project, facts, read);
  };
  // A test in a flow list cannot get a body: no YAML option, the model one stays.
  auto unique = run(test_id("stg_orders", "order_id", "unique"), {});
  EXPECT_EQ(ids(unique), (std::vector<std::string>{"dedupe"}));

  auto not_null = run(test_id("stg_orders", "customer_id", "not_null"), {});
  const FixOption* warn = option(not_null, "warn");
  ASSERT_NE(warn, nullptr);
  EXPECT_EQ(warn->edits.at(0).after, replaced(schema, "{severity: error}", "{severity: warn}"));

  auto relationships = run(test_id("stg_orders", "customer_id", "relationships"), {});
  const FixOption* where = option(relationships, "where");
  ASSERT_NE(where, nullptr);
  EXPECT_EQ(where->edits.at(0).after,
            replaced(schema, "      field: customer_id\r\n",
                     "      field: customer_id\r\n"
                     "      config:\r\n"
                     "        where: \"order_date < current_date - interval '1 day'\"\r\n"));

  auto accepted = run(test_id("stg_orders", "status", "accepted_values"), {"completed", "on"});
  const FixOption* add = option(accepted, "add_value");
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->edits.at(0).after, replaced(schema, "          - shipped\r\n",
                                             "          - shipped\r\n"
                                             "          - completed\r\n"
                                             "          - 'on'\r\n"));
  for (const auto* o : {warn, where, add}) {
    EXPECT_TRUE(check_yaml(o->edits).empty()) << o->id;
  }
}

TEST_F(FixProject, YamlFileOfStripsThePackagePrefix) {
  auto id = m_project->find("model.shop.stg_orders");
  ASSERT_TRUE(id);
  EXPECT_EQ(yaml_file_of(m_project->node(*id), *m_project), "models/stg_orders.sql");
  auto test = m_project->find(test_id("stg_orders", "status", "accepted_values"));
  ASSERT_TRUE(test);
  EXPECT_EQ(yaml_file_of(m_project->node(*test), *m_project), "models/schema.yml");
  dbt::Node seed;
  seed.type = dbt::ResourceType::seed;
  seed.path = "seeds/countries.csv";
  seed.patch_path = "shop://seeds/schema.yml";
  EXPECT_EQ(yaml_file_of(seed, *m_project), "seeds/schema.yml");
}

TEST(FixFixtures, JaffleShopAcceptedValues) {
  STEWARD_REQUIRE_FIXTURES();
  fs::path root = testing::dbt_fixture("jaffle-shop-classic");
  auto project = dbt::parse_source_tree(root);
  ASSERT_TRUE(project) << project.error().to_string();
  std::string id;
  for (const auto& node : project->nodes()) {
    if (node.test_name == "accepted_values" && node.attached_node == "model.jaffle_shop.orders") {
      id = std::string(node.unique_id);
    }
  }
  ASSERT_FALSE(id.empty());
  FailureFacts facts;
  facts.node = id;
  facts.sample_values = {"pending"};
  auto options = propose_fixes(*project, facts, testing::file_reader(root));
  const FixOption* add = option(options, "add_value");
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->edits.at(0).path, "models/schema.yml");
  EXPECT_EQ(
      add->edits[0].after,
      replaced(add->edits[0].before,
               "values: ['placed', 'shipped', 'completed', 'return_pending', 'returned']\n",
               "values: ['placed', 'shipped', 'completed', 'return_pending', 'returned', 'pending']\n"));
  EXPECT_TRUE(check_yaml(add->edits).empty());
  EXPECT_NE(option(options, "warn"), nullptr);
}

} // namespace
} // namespace steward::fix

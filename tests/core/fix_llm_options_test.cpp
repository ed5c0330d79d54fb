// LLM-written fix options: which files the model sees, how its reply is
// parsed, and that Steward (not the model) applies the edits and writes the
// diff, refusing edits outside the files shown or that do not match once.

#include <gtest/gtest.h>

#include "core/dbt/source_tree.hpp"
#include "core/fix/llm_options.hpp"
#include "tests/support/file_reader.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::fix {
namespace {

const char* const k_schema = R"(version: 2
models:
  - name: orders
    columns:
      - name: customer_id
        tests:
          - not_null  # every order has a customer
)";

const char* const k_orders = "select\n    id as order_id,\n    user_id as customer_id\nfrom raw.orders\n";

class LlmFixTest : public ::testing::Test {
protected:
  void SetUp() override {
    m_dir.write("dbt_project.yml", "name: shop\nversion: '1.0'\nconfig-version: 2\nprofile: shop\n");
    m_dir.write("models/schema.yml", k_schema);
    m_dir.write("models/orders.sql", k_orders);
    auto project = dbt::parse_source_tree(m_dir.path());
    ASSERT_TRUE(project) << project.error().to_string();
    m_project = std::make_unique<dbt::Project>(std::move(*project));
    for (const auto& node : m_project->nodes()) {
      if (node.type == dbt::ResourceType::test) {
        m_facts.node = std::string(node.unique_id);
      }
    }
    ASSERT_FALSE(m_facts.node.empty());
    m_facts.status = "fail";
    m_files = files_for_llm(*m_project, m_facts, reader());
  }

  [[nodiscard]] ReadFile reader() const { return testing::file_reader(m_dir.path()); }

  [[nodiscard]] LlmFixes parse(const std::string& reply, const std::vector<FixOption>& offered = {}) const {
    return parse_llm_fixes(reply, m_files, offered, reader());
  }

  testing::TempDir m_dir;
  std::unique_ptr<dbt::Project> m_project;
  FailureFacts m_facts;
  std::vector<SourceFile> m_files;
};

const char* const k_filter_option = R"({"options": [{
  "title": "Drop orders without a customer",
  "what": "Filters rows whose user_id is null in the model.",
  "pros": ["The test passes"], "cons": ["Orders disappear"], "risk": "high",
  "edits": [{"path": "models/orders.sql", "find": "from raw.orders\n",
             "replace": "from raw.orders\nwhere user_id is not null\n"}]}]})";

TEST_F(LlmFixTest, TheModelSeesTheTestsYamlAndTheModelsSql) {
  ASSERT_EQ(m_files.size(), 2U);
  EXPECT_EQ(m_files[0].path, "models/schema.yml");
  EXPECT_EQ(m_files[0].text, k_schema);
  EXPECT_EQ(m_files[1].path, "models/orders.sql");
  EXPECT_EQ(m_files[1].text, k_orders);

  const std::string request = llm_fix_request(
      "3 rows with a null customer_id", {FixOption{"warn", "Make the test warn", "", {}, {}}}, m_files, 20);
  EXPECT_NE(request.find("3 rows with a null customer_id"), std::string::npos);
  EXPECT_NE(request.find("- Make the test warn"), std::string::npos);
  EXPECT_NE(request.find("### models/orders.sql"), std::string::npos);
  EXPECT_NE(request.find("… (" + std::to_string(std::string(k_orders).size() - 20) + " more characters)"),
            std::string::npos)
      << request;
}

TEST_F(LlmFixTest, StewardAppliesTheEditsAndWritesTheDiff) {
  // Prose and a fence around the JSON, as models often answer.
  LlmFixes parsed = parse(std::string("Here is my proposal:\n```json\n") + k_filter_option + "\n```\n");
  ASSERT_EQ(parsed.fixes.size(), 1U) << (parsed.rejected.empty() ? "" : parsed.rejected[0]);
  EXPECT_TRUE(parsed.rejected.empty());
  const FixOption& option = parsed.fixes[0].option;
  EXPECT_EQ(option.id, "llm_1");
  EXPECT_EQ(option.title, "Drop orders without a customer");
  EXPECT_EQ(option.risk, Risk::high);
  ASSERT_EQ(option.edits.size(), 1U);
  EXPECT_EQ(option.edits[0].path, "models/orders.sql");
  EXPECT_EQ(option.edits[0].before, k_orders);
  EXPECT_EQ(option.edits[0].after, "select\n    id as order_id,\n    user_id as customer_id\nfrom "
                                   "raw.orders\nwhere user_id is not null\n");
  EXPECT_NE(option.diff.find("+++ b/models/orders.sql"), std::string::npos) << option.diff;
  EXPECT_NE(option.diff.find("\n+where user_id is not null\n"), std::string::npos) << option.diff;

  // The kept spec re-applies to the same files, and not once they changed.
  auto again = option_from_spec(parsed.fixes[0].spec, "llm_1", reader());
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_EQ(again->diff, option.diff);
  m_dir.write("models/orders.sql", "select 1 as order_id\n");
  auto stale = option_from_spec(parsed.fixes[0].spec, "llm_1", reader());
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().to_string(), "edit 1: 'find' text occurs 0 times in models/orders.sql");
}

TEST_F(LlmFixTest, EditsOutsideTheFilesShownOrNotMatchingOnceAreRefused) {
  auto one = [](const std::string& path, const std::string& find) {
    return R"({"title": "T", "what": "W", "edits": [{"path": ")" + path + R"(", "find": ")" + find +
           R"(", "replace": "x"}]})";
  };
  LlmFixes parsed =
      parse(R"({"options": [)" + one("../dbt_project.yml", "name") + "," + one("dbt_project.yml", "name") +
            "," + one("models/orders.sql", "    ") + "," + one("models/orders.sql", "no such text") + "," +
            one("models/orders.sql", "") + "," + R"({"title": "Nothing", "edits": []}, 7]})");
  EXPECT_TRUE(parsed.fixes.empty());
  const std::vector<std::string> expected = {
      "option 1: edit 1: '../dbt_project.yml' is not one of the files shown",
      "option 2: edit 1: 'dbt_project.yml' is not one of the files shown",
      "option 3: edit 1: 'find' text occurs 2 times in models/orders.sql",
      "option 4: edit 1: 'find' text occurs 0 times in models/orders.sql",
      "option 5: edit 1: has an empty 'find'",
      "option 6: option: changes no file",
      "option 7: not an object"};
  EXPECT_EQ(parsed.rejected, expected);

  EXPECT_EQ(parse("I would rather not.").rejected,
            std::vector<std::string>{"the reply is not JSON with an \"options\" list"});
}

TEST_F(LlmFixTest, RepeatsOfOfferedOptionsAndExtrasBeyondTheLimitAreDropped) {
  LlmFixes first = parse(k_filter_option);
  ASSERT_EQ(first.fixes.size(), 1U);
  const std::vector<FixOption> offered = {first.fixes[0].option};
  EXPECT_TRUE(parse(k_filter_option, offered).fixes.empty());
  EXPECT_EQ(parse(k_filter_option, offered).rejected,
            std::vector<std::string>{"option 1: repeats an option already offered"});

  auto option = [](const std::string& replace) {
    return R"({"title": "T", "edits": [{"path": "models/orders.sql", "find": "raw.orders", "replace": ")" +
           replace + R"("}]})";
  };
  LlmFixes three =
      parse(R"({"options": [)" + option("raw.a") + "," + option("raw.b") + "," + option("raw.c") + "]}");
  ASSERT_EQ(three.fixes.size(), 2U);
  EXPECT_EQ(three.fixes[1].option.id, "llm_2");
  EXPECT_EQ(three.rejected, std::vector<std::string>{"option 3: more than 2 options"});
}

} // namespace
} // namespace steward::fix

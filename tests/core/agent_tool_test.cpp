// The tool registry, JSON Schema validation of tool arguments and run_tool's
// failure paths.

#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/agent/tool.hpp"
#include "core/knowledge/snapshot.hpp"
#include "tests/support/fixtures.hpp"

namespace steward::agent {
namespace {

using nlohmann::json;

/// The error text of validating `arguments` against `schema`, or "ok".
std::string check(const json& schema, const json& arguments) {
  auto result = validate_arguments(schema, arguments);
  return result ? "ok" : result.error().to_string();
}

Tool echo_tool(const std::string& name, const std::string& description = "echoes") {
  return Tool{
      name, description,
      json{{"type", "object"},
           {"properties", {{"text", {{"type", "string"}}}}},
           {"additionalProperties", false}},
      [name](const json& arguments, const ToolEnv&) {
        return ToolResult{json{{"tool", name}, {"arguments", arguments}}.dump(), false, {"model.x.y"}};
      }};
}

TEST(ToolRegistryTest, AddsFindsReplacesAndDescribesTools) {
  ToolRegistry registry;
  EXPECT_EQ(registry.find("echo"), nullptr);
  registry.add(echo_tool("echo"));
  registry.add(echo_tool("other"));
  registry.add(echo_tool("echo", "replaced"));
  ASSERT_EQ(registry.tools().size(), 2U);
  EXPECT_EQ(registry.tools()[0].name, "echo") << "a replaced tool keeps its place";
  EXPECT_EQ(registry.tools()[0].description, "replaced");
  ASSERT_NE(registry.find("other"), nullptr);
  EXPECT_EQ(registry.find("other")->name, "other");
  auto specs = registry.specs();
  ASSERT_EQ(specs.size(), 2U);
  EXPECT_EQ(specs[0].name, "echo");
  EXPECT_EQ(specs[0].description, "replaced");
  EXPECT_EQ(json::parse(specs[0].parameters), registry.tools()[0].parameters);
}

TEST(ValidateArgumentsTest, Types) {
  EXPECT_EQ(check({{"type", "object"}}, json::object()), "ok");
  EXPECT_EQ(check({{"type", "object"}}, json::array()), "$: must be an object, got array");
  EXPECT_EQ(check({{"type", "string"}}, 3), "$: must be a string, got integer");
  EXPECT_EQ(check({{"type", "integer"}}, 3), "ok");
  EXPECT_EQ(check({{"type", "integer"}}, 3.0), "ok") << "3.0 is an integer in JSON Schema";
  EXPECT_EQ(check({{"type", "integer"}}, 3.5), "$: must be an integer, got number");
  EXPECT_EQ(check({{"type", "integer"}}, "3"), "$: must be an integer, got string");
  EXPECT_EQ(check({{"type", "number"}}, 3), "ok");
  EXPECT_EQ(check({{"type", "number"}}, 2.5), "ok");
  EXPECT_EQ(check({{"type", "number"}}, true), "$: must be a number, got boolean");
  EXPECT_EQ(check({{"type", "boolean"}}, false), "ok");
  EXPECT_EQ(check({{"type", "boolean"}}, nullptr), "$: must be a boolean, got null");
  EXPECT_EQ(check({{"type", "array"}}, json::array()), "ok");
  EXPECT_EQ(check({{"type", "array"}}, "x"), "$: must be an array, got string");
  EXPECT_EQ(check({{"type", json::array({"string", "null"})}}, nullptr), "ok");
  EXPECT_EQ(check({{"type", json::array({"string", "null"})}}, 1),
            "$: must be a string or a null, got integer");
}

TEST(ValidateArgumentsTest, PropertiesRequiredAndAdditionalProperties) {
  json schema = {{"type", "object"},
                 {"properties", {{"name", {{"type", "string"}}}, {"depth", {{"type", "integer"}}}}},
                 {"required", {"name"}},
                 {"additionalProperties", false}};
  EXPECT_EQ(check(schema, {{"name", "fct_orders"}}), "ok");
  EXPECT_EQ(check(schema, {{"name", "fct_orders"}, {"depth", 2}}), "ok");
  EXPECT_EQ(check(schema, json::object()), "$.name: is required");
  EXPECT_EQ(check(schema, {{"name", 5}}), "$.name: must be a string, got integer");
  EXPECT_EQ(check(schema, {{"name", "x"}, {"depht", 2}}),
            "$.depht: is not a known property; expected depth, name");
  EXPECT_EQ(check(schema, {{"name", "x"}, {"odd key", 2}}),
            "$[\"odd key\"]: is not a known property; expected depth, name");
  json open = schema;
  open.erase("additionalProperties");
  EXPECT_EQ(check(open, {{"name", "x"}, {"extra", 2}}), "ok") << "extra members are allowed by default";
  json typed_extra = open;
  typed_extra["additionalProperties"] = {{"type", "integer"}};
  EXPECT_EQ(check(typed_extra, {{"name", "x"}, {"extra", "two"}}), "$.extra: must be an integer, got string");
}

TEST(ValidateArgumentsTest, EnumMinimumMaximumAndLengths) {
  json schema = {{"type", "object"},
                 {"properties",
                  {{"direction", {{"type", "string"}, {"enum", {"upstream", "downstream", "both"}}}},
                   {"depth", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10}}},
                   {"ratio", {{"type", "number"}, {"minimum", 0.5}}},
                   {"query", {{"type", "string"}, {"minLength", 1}, {"maxLength", 3}}}}}};
  EXPECT_EQ(check(schema, {{"direction", "both"}}), "ok");
  EXPECT_EQ(check(schema, {{"direction", "sideways"}}),
            "$.direction: must be one of \"upstream\", \"downstream\", \"both\", got \"sideways\"");
  EXPECT_EQ(check(schema, {{"depth", 10}}), "ok");
  EXPECT_EQ(check(schema, {{"depth", 11}}), "$.depth: must be at most 10");
  EXPECT_EQ(check(schema, {{"depth", 0}}), "$.depth: must be at least 1");
  EXPECT_EQ(check(schema, {{"ratio", 0.25}}), "$.ratio: must be at least 0.5");
  EXPECT_EQ(check(schema, {{"query", ""}}), "$.query: must be at least 1 character long");
  EXPECT_EQ(check(schema, {{"query", "abcd"}}), "$.query: must be at most 3 characters long");
  EXPECT_EQ(check(schema, {{"query", "\xC3\xA9\xC3\xA9\xC3\xA9"}}), "ok") << "characters, not bytes";
}

TEST(ValidateArgumentsTest, ItemsAndMaxItemsWithIndexedPaths) {
  json schema = {{"type", "object"},
                 {"properties",
                  {{"statuses",
                    {{"type", "array"},
                     {"maxItems", 2},
                     {"items", {{"type", "string"}, {"enum", {"fail", "error"}}}}}}}}};
  EXPECT_EQ(check(schema, {{"statuses", {"fail"}}}), "ok");
  EXPECT_EQ(check(schema, {{"statuses", {"fail", "warn"}}}),
            "$.statuses[1]: must be one of \"fail\", \"error\", got \"warn\"");
  EXPECT_EQ(check(schema, {{"statuses", {"fail", 3}}}), "$.statuses[1]: must be a string, got integer");
  EXPECT_EQ(check(schema, {{"statuses", {"fail", "error", "fail"}}}),
            "$.statuses: must have at most 2 items");
  json nested = {{"type", "object"},
                 {"properties",
                  {{"filters",
                    {{"type", "array"},
                     {"items",
                      {{"type", "object"},
                       {"properties", {{"column", {{"type", "string"}}}}},
                       {"required", {"column"}}}}}}}}};
  EXPECT_EQ(check(nested, {{"filters", {{{"column", "a"}}, json::object()}}}),
            "$.filters[1].column: is required");
}

TEST(ValidateArgumentsTest, UnknownKeywordsAndOddSchemasAreIgnored) {
  EXPECT_EQ(check({{"type", "object"}, {"pattern", "^x$"}, {"format", "email"}}, json::object()), "ok");
  EXPECT_EQ(check(json::object(), 42), "ok");
  EXPECT_EQ(check({{"type", 7}}, "x"), "ok");
  EXPECT_EQ(check({{"type", "object"}, {"properties", "nonsense"}, {"required", "name"}}, json::object()),
            "ok");
  EXPECT_EQ(check({{"type", "string"}, {"minLength", -1}}, ""), "ok");
}

class RunToolTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    auto built = knowledge::build_snapshot(steward::testing::source_dir() / "examples" / "shop", {});
    ASSERT_TRUE(built) << built.error().to_string();
    s_snapshot = *built;
  }
  static void TearDownTestSuite() { s_snapshot.reset(); }

  void SetUp() override {
    m_registry.add(
        Tool{"get_thing", "gets a thing",
             json{{"type", "object"},
                  {"properties", {{"depth", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10}}}}},
                  {"additionalProperties", false}},
             [](const json& arguments, const ToolEnv&) {
               return ToolResult{json{{"depth", arguments.value("depth", 2)}}.dump(), false, {}};
             }});
    m_registry.add(Tool{"throws", "throws", json{{"type", "object"}},
                        [](const json&, const ToolEnv&) -> ToolResult { throw std::runtime_error("boom"); }});
    m_registry.add(Tool{"bad_json", "throws a nlohmann exception", json{{"type", "object"}},
                        [](const json& arguments, const ToolEnv&) {
                          return ToolResult{std::to_string(arguments.at("missing").get<int>()), false, {}};
                        }});
    m_env.snapshot = s_snapshot;
  }

  ToolResult call(const std::string& name, const std::string& arguments) {
    return run_tool(m_registry, llm::ToolCall{"call_1", name, arguments}, m_env);
  }

  static json body(const ToolResult& result) {
    json parsed = json::parse(result.json, nullptr, false);
    EXPECT_TRUE(parsed.is_object()) << result.json;
    return parsed;
  }

  ToolRegistry m_registry;
  ToolEnv m_env;

private:
  static inline std::shared_ptr<const knowledge::Snapshot> s_snapshot;
};

TEST_F(RunToolTest, RunsAValidCall) {
  ToolResult result = call("get_thing", R"({"depth": 4})");
  EXPECT_FALSE(result.is_error);
  EXPECT_EQ(body(result), (json{{"depth", 4}}));
  EXPECT_FALSE(call("get_thing", "").is_error) << "blank arguments count as {}";
  EXPECT_EQ(body(call("get_thing", "  ")), (json{{"depth", 2}}));
}

TEST_F(RunToolTest, UnknownToolListsTheToolsThatExist) {
  ToolResult result = call("get_thingy", "{}");
  EXPECT_TRUE(result.is_error);
  json parsed = body(result);
  EXPECT_NE(parsed["error"].get<std::string>().find("unknown tool \"get_thingy\""), std::string::npos);
  EXPECT_EQ(parsed["tools"], (json{"get_thing", "throws", "bad_json"}));
  ToolResult garbled = call("\xFF\xFE", "{}");
  EXPECT_TRUE(garbled.is_error);
  EXPECT_TRUE(body(garbled).contains("error")) << "invalid UTF-8 in the name is replaced, not thrown";
}

TEST_F(RunToolTest, InvalidJsonAndNonObjectsSayWhatToSend) {
  for (const char* arguments : {"{\"depth\": ", "depth=3", "{'depth': 3}"}) {
    ToolResult result = call("get_thing", arguments);
    EXPECT_TRUE(result.is_error) << arguments;
    std::string error = body(result)["error"];
    EXPECT_NE(error.find("not valid JSON"), std::string::npos) << error;
    EXPECT_NE(error.find("JSON object"), std::string::npos) << error;
    EXPECT_EQ(error.find("[json.exception"), std::string::npos) << error;
  }
  for (const char* arguments : {"[1, 2]", "3", "\"depth\"", "null"}) {
    ToolResult result = call("get_thing", arguments);
    EXPECT_TRUE(result.is_error) << arguments;
    std::string error = body(result)["error"];
    EXPECT_NE(error.find("must be a JSON object"), std::string::npos) << error;
  }
}

TEST_F(RunToolTest, SchemaFailuresNameThePathAndCarryTheSchema) {
  ToolResult result = call("get_thing", R"({"depth": 11})");
  EXPECT_TRUE(result.is_error);
  json parsed = body(result);
  EXPECT_EQ(parsed["error"], "get_thing: invalid arguments: $.depth: must be at most 10; fix them and call "
                             "get_thing again");
  EXPECT_EQ(parsed["parameters"], m_registry.find("get_thing")->parameters);
  EXPECT_TRUE(call("get_thing", R"({"depth": "3"})").is_error);
  EXPECT_TRUE(call("get_thing", R"({"deep": 3})").is_error);
}

TEST_F(RunToolTest, ThrowingToolsAndMissingSnapshotsBecomeErrorResults) {
  ToolResult thrown = call("throws", "{}");
  EXPECT_TRUE(thrown.is_error);
  EXPECT_EQ(body(thrown)["error"], "throws failed: boom");
  ToolResult nlohmann_error = call("bad_json", "{}");
  EXPECT_TRUE(nlohmann_error.is_error);
  std::string error = body(nlohmann_error)["error"];
  EXPECT_EQ(error.rfind("bad_json failed: ", 0), 0U) << error;
  EXPECT_EQ(error.find("[json.exception"), std::string::npos) << error;
  m_env.snapshot.reset();
  ToolResult no_project = call("get_thing", "{}");
  EXPECT_TRUE(no_project.is_error);
  EXPECT_NE(body(no_project)["error"].get<std::string>().find("no project is loaded"), std::string::npos);
  m_registry.add(Tool{"empty", "no function", json{{"type", "object"}}, {}});
  EXPECT_TRUE(call("empty", "{}").is_error);
}

} // namespace
} // namespace steward::agent

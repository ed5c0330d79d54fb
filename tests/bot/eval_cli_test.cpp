// `steward eval` and `steward ask`, run as the real binary: the shipped
// evaluation sets reach 90% offline, --min-accuracy sets the exit code, a
// wrong expectation fails, and `ask --json` has the documented shape.

#include <algorithm>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/ports/llm.hpp"
#include "tests/support/fake_llm.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/subprocess.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int code = -1;
  std::vector<std::string> lines; ///< stdout (and stderr when merged)
};

/// Runs `steward args...`; with `merge_stderr` false, stderr is not captured.
Outcome steward(const std::vector<std::string>& args, bool merge_stderr = true) {
  std::vector<std::string> argv = {testing::steward_binary().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  testing::Subprocess child(argv, merge_stderr);
  Outcome out;
  std::string line;
  while (child.read_line(line)) {
    out.lines.push_back(line);
  }
  out.code = child.wait();
  return out;
}

std::string joined(const Outcome& outcome) {
  std::string out;
  for (const auto& line : outcome.lines) {
    out += line + "\n";
  }
  return out;
}

/// The passed and total counts of the `accuracy: P/T (X%)` line.
std::pair<int, int> accuracy_of(const Outcome& outcome) {
  const std::regex pattern(R"(^accuracy: (\d+)/(\d+) \((\d+\.\d)%\)$)");
  for (const auto& line : outcome.lines) {
    std::smatch match;
    if (std::regex_match(line, match, pattern)) {
      return {std::stoi(match[1]), std::stoi(match[2])};
    }
  }
  return {-1, -1};
}

fs::path shop() {
  return testing::source_dir() / "examples" / "shop";
}

TEST(EvalCli, TheShopSetReachesNinetyPercentOffline) {
  Outcome outcome = steward({"eval", (shop() / "eval.yaml").string(), "--min-accuracy", "90"});
  EXPECT_EQ(outcome.code, 0) << joined(outcome);
  auto [passed, total] = accuracy_of(outcome);
  ASSERT_GE(total, 40) << joined(outcome);
  EXPECT_GE(passed * 100, total * 90) << joined(outcome);
}

TEST(EvalCli, TheJaffleShopSetReachesNinetyPercentOffline) {
  STEWARD_REQUIRE_FIXTURES();
  fs::path file = testing::source_dir() / "tests" / "data" / "eval" / "jaffle_shop.yaml";
  Outcome outcome = steward({"eval", file.string(), "--min-accuracy", "90"});
  EXPECT_EQ(outcome.code, 0) << joined(outcome);
  auto [passed, total] = accuracy_of(outcome);
  ASSERT_GE(total, 15) << joined(outcome);
  EXPECT_GE(passed * 100, total * 90) << joined(outcome);
}

TEST(EvalCli, AWrongExpectationFailsAndMinAccuracySetsTheExitCode) {
  testing::TempDir dir;
  // Question 2 expects a node that does not feed fct_orders (dim_products
  // reads products and order items, and nothing reads dim_products).
  fs::path file = dir.write("eval.yaml", "project: " + shop().string() + R"(
questions:
  - question: what feeds fct_orders?
    expect: [int_orders__enriched]
    intent: upstream
  - question: what feeds fct_orders?
    expect: [dim_products]
)");
  Outcome verbose = steward({"eval", file.string(), "--verbose"});
  EXPECT_EQ(verbose.code, 0) << "no --min-accuracy: the run itself succeeded";
  EXPECT_EQ(accuracy_of(verbose), std::make_pair(1, 2)) << joined(verbose);
  std::string text = joined(verbose);
  EXPECT_NE(text.find("PASS   1  what feeds fct_orders?"), std::string::npos) << text;
  EXPECT_NE(text.find("FAIL   2  what feeds fct_orders?"), std::string::npos) << text;
  EXPECT_NE(text.find("did not cite model.shop.dim_products"), std::string::npos) << text;

  Outcome quiet = steward({"eval", file.string()});
  EXPECT_EQ(joined(quiet).find("PASS"), std::string::npos) << "passing questions only with --verbose";

  Outcome strict = steward({"eval", file.string(), "--min-accuracy", "75"});
  EXPECT_EQ(strict.code, 1) << joined(strict);
  EXPECT_NE(joined(strict).find("is below --min-accuracy"), std::string::npos);
  EXPECT_EQ(steward({"eval", file.string(), "--min-accuracy", "50"}).code, 0);
}

TEST(EvalCli, BadInputExitsWithTwoAndSaysWhy) {
  testing::TempDir dir;
  fs::path typo = dir.write("typo.yaml", "project: " + shop().string() +
                                             "\nquestions:\n  - question: hi\n    expects: x\n");
  Outcome bad_key = steward({"eval", typo.string()});
  EXPECT_EQ(bad_key.code, 2);
  EXPECT_NE(joined(bad_key).find(typo.string() + ":4: questions[1].expects: unknown key"), std::string::npos)
      << joined(bad_key);

  fs::path no_project = dir.write("none.yaml", "questions:\n  - question: hi\n    intent: help\n");
  EXPECT_EQ(steward({"eval", no_project.string()}).code, 2);
  EXPECT_EQ(steward({"eval", no_project.string(), "--project", shop().string()}).code, 0);
  EXPECT_EQ(steward({"eval", no_project.string(), "--project", "/nonexistent/project"}).code, 2);
  EXPECT_EQ(steward({"eval", (dir.path() / "missing.yaml").string()}).code, 2);
  EXPECT_EQ(steward({"eval", no_project.string(), "--min-accuracy", "lots"}).code, 2);
  EXPECT_EQ(steward({"eval"}).code, 2);
}

/// The text of an Anthropic message's `content` (a string or blocks).
std::string content_text(const nlohmann::json& content) {
  if (content.is_string()) {
    return content.get<std::string>();
  }
  std::string text;
  for (const auto& block : content) {
    if (block.value("type", "") == "text") {
      text += block.value("text", "");
    }
  }
  return text;
}

bool has_tool_result(const nlohmann::json& messages) {
  for (const auto& message : messages) {
    if (!message["content"].is_array()) {
      continue;
    }
    for (const auto& block : message["content"]) {
      if (block.value("type", "") == "tool_result") {
        return true;
      }
    }
  }
  return false;
}

TEST(EvalCli, WithAnLlmConfiguredTheAgentAnswersWithTheThreadAsHistory) {
  testing::TempDir dir;
  test::FakeLlm llm;
  // A model that searches the project for the first question of the
  // conversation (only there when the thread is sent as history), then
  // answers from the results.
  llm.set_responder([](const test::FakeLlm::Request& request) {
    const nlohmann::json& messages = request.json["messages"];
    if (has_tool_result(messages)) {
      return std::optional<test::FakeLlm::Reply>(
          test::FakeLlm::Reply{.text = "Here is what the search found."});
    }
    std::string first = content_text(messages.front()["content"]);
    first = first.substr(0, first.find('\n'));
    llm::ToolCall call{"", "search_project", nlohmann::json{{"query", first}}.dump()};
    return std::optional<test::FakeLlm::Reply>(test::FakeLlm::Reply{.tool_calls = {call}});
  });
  fs::path key = dir.write("key", "sk-test");
  fs::path config = dir.write("steward.yaml", "llm:\n  provider: anthropic\n  base_url: " + llm.base_url() +
                                                  "\n  model: claude-test\n  api_key_file: " + key.string() +
                                                  "\n  max_attempts: 1\n");
  fs::path file = dir.write("eval.yaml", "project: " + shop().string() + R"(
questions:
  - question: what is fct_revenue_daily?
    expect: [fct_revenue_daily]
    intent: describe
  - question: and what feeds it?
    follow_up_of: 1
    expect: [fct_revenue_daily]
)");
  Outcome agent = steward({"eval", file.string(), "--config", config.string(), "--verbose"});
  std::string text = joined(agent);
  EXPECT_EQ(agent.code, 0) << text;
  EXPECT_NE(text.find("answering with the agent (anthropic, claude-test)"), std::string::npos) << text;
  EXPECT_EQ(accuracy_of(agent), std::make_pair(2, 2)) << "intents are not checked for the agent: " << text;

  std::vector<test::FakeLlm::Request> sent = llm.requests("/v1/messages");
  ASSERT_EQ(sent.size(), 4U) << "two model calls per question";
  const nlohmann::json& follow_up = sent[2].json["messages"];
  ASSERT_GE(follow_up.size(), 3U) << follow_up.dump();
  EXPECT_EQ(content_text(follow_up[0]["content"]), "what is fct_revenue_daily?") << follow_up.dump();
  EXPECT_EQ(follow_up[1]["role"], "assistant");
  EXPECT_NE(content_text(follow_up[1]["content"]).find("Here is what the search found."), std::string::npos);
  EXPECT_EQ(content_text(follow_up.back()["content"]).rfind("and what feeds it?", 0), 0U) << follow_up.dump();

  llm.clear_requests();
  Outcome offline = steward({"eval", file.string(), "--config", config.string(), "--offline"});
  EXPECT_EQ(offline.code, 0) << joined(offline);
  EXPECT_EQ(joined(offline).find("answering with the agent"), std::string::npos) << joined(offline);
  EXPECT_TRUE(llm.requests("/v1/messages").empty()) << "--offline never calls the model";
}

TEST(AskCli, TheProjectsInstructionsFileReachesTheSystemPromptAtEachAnswer) {
  testing::TempDir dir;
  fs::copy(shop(), dir.path() / "shop", fs::copy_options::recursive);
  const fs::path project = dir.path() / "shop";
  test::FakeLlm llm;
  fs::path key = dir.write("key", "sk-test");
  fs::path config = dir.write("steward.yaml", "llm:\n  provider: openai\n  base_url: " + llm.base_url() +
                                                  "\n  model: gpt-test\n  api_key_file: " + key.string() +
                                                  "\n  max_attempts: 1\n");
  auto system_prompt = [&llm] {
    std::vector<test::FakeLlm::Request> sent = llm.requests("/v1/chat/completions");
    return sent.empty() ? std::string() : sent.back().json["messages"][0]["content"].get<std::string>();
  };
  const std::vector<std::string> ask = {"ask",      "what is fct_orders?", "--project", project.string(),
                                        "--config", config.string()};

  // No file yet: no project instructions.
  EXPECT_EQ(steward(ask).code, 0);
  EXPECT_EQ(system_prompt().find("Project instructions"), std::string::npos) << system_prompt();

  dir.write("shop/.steward/instructions.md", "Always call revenue 'net revenue (after refunds)'.\n");
  Outcome answered = steward(ask);
  EXPECT_EQ(answered.code, 0) << joined(answered);
  EXPECT_NE(system_prompt().find("Always call revenue 'net revenue (after refunds)'."), std::string::npos)
      << system_prompt();

  // agent.instructions in the config wins over the file.
  fs::path inline_config =
      dir.write("inline.yaml", "llm:\n  provider: openai\n  base_url: " + llm.base_url() +
                                   "\n  model: gpt-test\n  api_key_file: " + key.string() +
                                   "\nagent:\n  instructions: Answer in one sentence.\n");
  EXPECT_EQ(steward({"ask", "what is fct_orders?", "--project", project.string(), "--config",
                     inline_config.string()})
                .code,
            0);
  EXPECT_NE(system_prompt().find("Answer in one sentence."), std::string::npos) << system_prompt();
  EXPECT_EQ(system_prompt().find("net revenue (after refunds)"), std::string::npos) << system_prompt();
}

TEST(AskCli, JsonHasTheIntentTheCitedNodesAndTheAnswerText) {
  Outcome outcome = steward(
      {"ask", "how does stg_shop__orders get to fct_revenue_daily?", "--project", shop().string(), "--json"},
      /*merge_stderr=*/false);
  ASSERT_EQ(outcome.code, 0) << joined(outcome);
  auto json = nlohmann::json::parse(joined(outcome));
  ASSERT_EQ(json.size(), 3u) << json.dump();
  EXPECT_EQ(json["intent"], "path");
  ASSERT_TRUE(json["cited"].is_array());
  EXPECT_EQ(json["cited"][0], "model.shop.stg_shop__orders");
  std::vector<std::string> cited = json["cited"];
  for (const char* step :
       {"model.shop.int_orders__enriched", "model.shop.fct_orders", "model.shop.fct_revenue_daily"}) {
    EXPECT_NE(std::find(cited.begin(), cited.end(), step), cited.end()) << step;
  }
  std::string answer = json["answer"];
  EXPECT_NE(answer.find("int_orders__enriched"), std::string::npos);
  EXPECT_EQ(answer.find('`'), std::string::npos) << "plain text, no markup";
}

TEST(AskCli, TextAnswersWithoutButtonsAndUsageErrorsExitTwo) {
  Outcome outcome = steward({"ask", "who", "owns", "dim_products?", "--project", shop().string()});
  ASSERT_EQ(outcome.code, 0) << joined(outcome);
  std::string text = joined(outcome);
  EXPECT_NE(text.find("merchandising-analytics@shop.example"), std::string::npos) << text;
  EXPECT_EQ(text.find("[1]"), std::string::npos) << "no numbered buttons in a one-shot answer";

  EXPECT_EQ(steward({"ask", "--project", shop().string()}).code, 2);
  Outcome missing = steward({"ask", "what is fct_orders", "--project", "/nonexistent/project"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(joined(missing).find("--project: /nonexistent/project does not exist"), std::string::npos)
      << joined(missing);
  EXPECT_EQ(steward({"ask", "what is nothing_like_this", "--project", shop().string()}).code, 0)
      << "an unknown name is an answer";
}

TEST(AskCli, HelpListsAskAndEvalTruthfully) {
  std::string help = joined(steward({"help"}));
  for (const char* command : {"ask", "eval"}) {
    EXPECT_NE(help.find(std::string("  ") + command + " "), std::string::npos) << help;
    Outcome own = steward({command, "--help"});
    EXPECT_EQ(own.code, 0);
    EXPECT_EQ(joined(own).rfind(std::string("usage: steward ") + command, 0), 0u) << joined(own);
  }
  EXPECT_NE(joined(steward({"eval", "--help"})).find("docs/eval.md"), std::string::npos);
}

} // namespace
} // namespace steward

#include <ostream>
#include <variant>

#include <nlohmann/json.hpp>

#include "bot/agent/runtime.hpp"
#include "bot/cli/cli.hpp"
#include "bot/cli/command.hpp"
#include "core/answer/text.hpp"
#include "core/router/router.hpp"

namespace steward::cli {
namespace {

/// `answer` as terminal text. Buttons are left out: a one-shot command has
/// no way to follow them.
std::string answer_text(answer::Answer answer) {
  std::erase_if(answer.blocks,
                [](const answer::Block& block) { return std::holds_alternative<answer::Actions>(block); });
  std::vector<answer::Choice> choices;
  return answer::render_text(answer, choices);
}

int run_ask(const Args& args, Io& io) {
  if (args.positional.empty()) {
    return report(io,
                  Error{"QUESTION", "missing: say what to ask, e.g. steward ask \"what feeds fct_orders?\""},
                  k_exit_usage);
  }
  std::string question;
  for (const auto& word : args.positional) {
    question += (question.empty() ? "" : " ") + word;
  }
  auto snapshot = open_project(args, io);
  if (!snapshot) {
    return k_exit_usage;
  }
  std::optional<config::Config> config = load_settings(args, io, false);
  if (!config) {
    return k_exit_usage;
  }
  auto runtime = bot::AgentRuntime::start(*config, !args.has("offline"));
  if (!runtime) {
    return report(io, runtime.error(), k_exit_usage);
  }
  router::Routed routed;
  if (bot::AgentService* agent = (*runtime)->agent()) {
    bot::AgentQuestion asked{question, {}, {}, {}};
    agent::Reply reply =
        agent->answer(snapshot, asked, [&io](const std::string& note) { io.err << "… " << note << "\n"; });
    routed.answer = std::move(reply.answer);
    routed.intent = reply.report.fell_back ? "offline" : "agent";
    routed.cited = reply.report.cited;
  } else {
    routed = router::route(*snapshot, question, (*runtime)->router_context());
  }
  std::string text = answer_text(std::move(routed.answer));
  if (args.has("json")) {
    nlohmann::ordered_json out;
    out["intent"] = routed.intent;
    out["cited"] = routed.cited;
    out["answer"] = text;
    io.out << out.dump(2) << "\n";
  } else {
    io.out << text << (text.ends_with('\n') ? "" : "\n");
  }
  return k_exit_ok;
}

} // namespace

const Command& ask_command() {
  static const Command command{
      "ask",
      "answer one question about the project (with the LLM agent, or offline)",
      "usage: steward ask \"QUESTION\" --project PATH [--config FILE] [--json] [--offline]\n"
      "\n"
      "Answers QUESTION the way Steward does in Slack and `steward chat`. With an\n"
      "LLM configured (llm.provider) the agent answers with the project tools and\n"
      "prints what it looks up on stderr; without one, or with --offline, the\n"
      "deterministic router answers from the project and the knowledge base\n"
      "(knowledge_base.path): what a model or column is, who owns it, its\n"
      "columns, which models have a column, upstream and downstream, what breaks if\n"
      "it changes, how one model gets to another, its tests, what failed in the last\n"
      "run and why, project stats, and search for anything else. Several words\n"
      "without quotes are joined into one question.\n"
      "\n"
      "  --project PATH  dbt project directory or manifest.json; default: project.path\n"
      "                  from the config (or $STEWARD_PROJECT_PATH)\n"
      "  --config FILE   config file (default $STEWARD_CONFIG, else ./steward.yaml if present)\n"
      "  --json          {\"intent\": NAME, \"cited\": [unique_id...], \"answer\": TEXT}; cited\n"
      "                  lists the nodes the answer is about, most relevant first;\n"
      "                  intent is `agent` for the agent's answers (`offline` when the\n"
      "                  model failed and the router answered)\n"
      "  --offline       answer with the router even when an LLM is configured\n"
      "\n"
      "An unknown name is an answer too (with suggestions), not an error.\n"
      "exit: 0 answered, 2 bad input or the project cannot be loaded (key: reason)\n",
      project_options({{"offline", false}}),
      run_ask,
  };
  return command;
}

} // namespace steward::cli

#include <ostream>
#include <variant>

#include <nlohmann/json.hpp>

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
  router::Routed routed = router::route(*snapshot, question);
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
      "answer one question about the project (offline: no LLM needed)",
      "usage: steward ask \"QUESTION\" --project PATH [--config FILE] [--json]\n"
      "\n"
      "Answers QUESTION the way Steward does in Slack and `steward chat` without an\n"
      "LLM, from the project alone: what a model or column is, who owns it, its\n"
      "columns, which models have a column, upstream and downstream, what breaks if\n"
      "it changes, how one model gets to another, its tests, what failed in the last\n"
      "run and why, project stats, and search for anything else. Several words\n"
      "without quotes are joined into one question.\n"
      "\n"
      "  --project PATH  dbt project directory or manifest.json; default: project.path\n"
      "                  from the config (or $STEWARD_PROJECT_PATH)\n"
      "  --config FILE   config file (default $STEWARD_CONFIG, else ./steward.yaml if present)\n"
      "  --json          {\"intent\": NAME, \"cited\": [unique_id...], \"answer\": TEXT}; cited\n"
      "                  lists the nodes the answer is about, most relevant first\n"
      "\n"
      "An unknown name is an answer too (with suggestions), not an error.\n"
      "exit: 0 answered, 2 bad input or the project cannot be loaded (key: reason)\n",
      project_options({}),
      run_ask,
  };
  return command;
}

} // namespace steward::cli

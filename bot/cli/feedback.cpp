// `steward feedback stats`: what people said about Steward's answers.
#include <ostream>

#include "bot/cli/cli.hpp"
#include "bot/cli/command.hpp"
#include "bot/store/open_store.hpp"
#include "core/answer/text.hpp"
#include "core/feedback/stats.hpp"

namespace steward::cli {
namespace {

constexpr std::size_t k_default_top = 10;

int run_feedback(const Args& args, Io& io) {
  const std::string action = args.positional.empty() ? "" : args.positional.front();
  if (action != "stats") {
    return report(io, Error{action.empty() ? "ACTION" : action, "expected stats"}, k_exit_usage);
  }
  if (args.positional.size() > 1) {
    return report(io, Error{args.positional[1], "unexpected argument"}, k_exit_usage);
  }
  std::size_t top = k_default_top;
  if (auto limit = args.value("limit")) {
    auto parsed = parse_count("limit", *limit);
    if (!parsed) {
      return report(io, parsed.error(), k_exit_usage);
    }
    top = *parsed;
  }
  auto settings = load_settings(args, io, false);
  if (!settings) {
    return k_exit_usage;
  }
  auto store = bot::open_store(*settings);
  if (!store) {
    return report(io, store.error(), k_exit_usage);
  }
  auto stats = feedback::collect(**store, top);
  if (!stats) {
    return report(io, stats.error(), k_exit_usage);
  }
  if (args.has("json")) {
    io.out << feedback::to_json(*stats).dump(2) << "\n";
    return k_exit_ok;
  }
  std::vector<answer::Choice> ignored;
  io.out << answer::render_text(feedback::render(*stats), ignored) << "\n";
  return k_exit_ok;
}

} // namespace

const Command& feedback_command() {
  static const Command command{
      "feedback",
      "show ratings of answers, the top failing questions and corrections",
      "usage: steward feedback stats [--limit N] [--json] [--config FILE]\n"
      "\n"
      "Reads the store the configuration names (the daemon's SQLite file under\n"
      "state.dir, or PostgreSQL at store.url) and prints: answers given, how many\n"
      "were rated, 👍 and 👎 counts and the helpful rate, the questions whose\n"
      "answers got more 👎 than 👍 (most 👎 first, with the latest comment), and\n"
      "the corrections people wrote after a 👎 (newest first). The same report is\n"
      "`/steward feedback` in Slack.\n"
      "\n"
      "  --limit N       failing questions and corrections shown (default 10)\n"
      "  --json          {\"answers\", \"rated\", \"helpful\", \"not_helpful\", \"helpful_rate\",\n"
      "                  \"examples\", \"failing\": [...], \"corrections\": [...]}\n"
      "  --config FILE   config file (default $STEWARD_CONFIG, else ./steward.yaml if present)\n"
      "\n"
      "exit: 0 ok, 2 bad input or the store cannot be opened\n",
      {{"config", true}, {"limit", true}, {"json", false}, {"help", false}},
      run_feedback,
  };
  return command;
}

} // namespace steward::cli

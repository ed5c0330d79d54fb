#include <charconv>
#include <fstream>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "bot/agent/runtime.hpp"
#include "bot/cli/cli.hpp"
#include "bot/cli/command.hpp"
#include "core/answer/text.hpp"
#include "core/eval/evaluate.hpp"

namespace steward::cli {
namespace {

constexpr std::size_t k_cited_shown = 6;

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(path, "cannot read the evaluation file");
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<double> parse_percentage(const std::string& text) {
  std::string digits = text.ends_with('%') ? text.substr(0, text.size() - 1) : text;
  double value = -1;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size() || value < 0 || value > 100) {
    return fail("--min-accuracy", "expected a percentage between 0 and 100, got '" + text + "'");
  }
  return value;
}

std::string cited_text(const dbt::Project& project, const std::vector<std::string>& cited) {
  std::string out;
  for (std::size_t i = 0; i < cited.size() && i < k_cited_shown; ++i) {
    auto id = project.find(cited[i]);
    out += (out.empty() ? "" : ", ") + (id ? std::string(project.node(*id).name) : cited[i]);
  }
  if (cited.size() > k_cited_shown) {
    out += " and " + std::to_string(cited.size() - k_cited_shown) + " more";
  }
  return out.empty() ? "nothing" : out;
}

void print_verdict(Io& io, const dbt::Project& project, const eval::Question& question,
                   const eval::Verdict& verdict, bool verbose) {
  if (verdict.passed && !verbose) {
    return;
  }
  io.out << (verdict.passed ? "PASS " : "FAIL ") << std::setw(3) << verdict.number << "  "
         << question.question << "\n";
  if (verbose) {
    io.out << "           intent " << (verdict.attempt.intent.empty() ? "-" : verdict.attempt.intent)
           << "; cited " << cited_text(project, verdict.attempt.cited) << "\n";
  }
  for (const auto& problem : verdict.problems) {
    io.out << "           " << problem << "\n";
  }
}

/// Asks the agent, with the thread's earlier turns as history; what it
/// looks up goes to stderr as `steward ask` shows it.
eval::Answerer agent_answerer(bot::AgentService& agent, std::shared_ptr<const knowledge::Snapshot> snapshot,
                              Io& io) {
  return [&agent, &io, snapshot = std::move(snapshot)](const std::string& question,
                                                       const std::vector<eval::Turn>& thread) {
    bot::AgentQuestion asked{question, {}, {}, {}};
    for (const eval::Turn& turn : thread) {
      asked.history.push_back({true, turn.question});
      asked.history.push_back({false, turn.attempt.answer});
      asked.focus = turn.attempt.focus.empty() ? asked.focus : turn.attempt.focus;
    }
    agent::Reply reply =
        agent.answer(snapshot, asked, [&io](const std::string& note) { io.err << "… " << note << "\n"; });
    std::vector<answer::Choice> choices;
    eval::Attempt attempt;
    attempt.answer = answer::render_text(reply.answer, choices);
    attempt.cited = std::move(reply.report.cited);
    attempt.intent = reply.report.fell_back ? "offline" : "agent";
    attempt.focus = attempt.cited.empty() ? std::string() : attempt.cited.front();
    return attempt;
  };
}

int run_eval(const Args& args, Io& io) {
  if (args.positional.size() != 1) {
    return report(
        io,
        Error{"FILE", args.positional.empty()
                          ? "missing: name the evaluation set, e.g. steward eval examples/shop/eval.yaml"
                          : "expected one FILE, got " + std::to_string(args.positional.size())},
        k_exit_usage);
  }
  std::optional<double> minimum;
  if (auto text = args.value("min-accuracy")) {
    auto parsed = parse_percentage(*text);
    if (!parsed) {
      return report(io, parsed.error(), k_exit_usage);
    }
    minimum = *parsed;
  }
  const std::string& file = args.positional.front();
  auto text = read_text(file);
  if (!text) {
    return report(io, text.error(), k_exit_usage);
  }
  auto set = eval::parse_eval_set(*text, file);
  if (!set) {
    return report(io, set.error(), k_exit_usage);
  }
  std::filesystem::path project = args.value("project").value_or(set->project.string());
  if (project.empty()) {
    return report(io, Error{"--project", "missing: set project: in " + file + " or pass --project PATH"},
                  k_exit_usage);
  }
  auto snapshot = knowledge::build_snapshot(project, {});
  if (!snapshot) {
    return report(io, snapshot.error(), k_exit_usage);
  }
  std::optional<config::Config> config = load_settings(args, io, false);
  if (!config) {
    return k_exit_usage;
  }
  if (config->knowledge_base.path.empty()) {
    config->knowledge_base.path = set->knowledge_base;
  }
  auto runtime = bot::AgentRuntime::start(*config, !args.has("offline"));
  if (!runtime) {
    return report(io, runtime.error(), k_exit_usage);
  }
  const knowledge::Snapshot& loaded = **snapshot;
  eval::Report result;
  if (bot::AgentService* agent = (*runtime)->agent()) {
    io.out << "answering with the agent (" << config->llm.provider << ", " << agent->model().model() << ")\n";
    result =
        eval::evaluate(*set, loaded.project, agent_answerer(*agent, *snapshot, io), {.check_intents = false});
  } else {
    result =
        eval::evaluate(*set, loaded.project, eval::router_answerer(loaded, (*runtime)->router_context()));
  }
  bool verbose = args.has("verbose");
  for (std::size_t i = 0; i < result.verdicts.size(); ++i) {
    print_verdict(io, loaded.project, set->questions[i], result.verdicts[i], verbose);
  }
  io.out << eval::accuracy_line(result) << "\n";
  if (minimum && result.accuracy() < *minimum) {
    io.err << "eval: accuracy " << std::fixed << std::setprecision(1) << result.accuracy()
           << "% is below --min-accuracy " << *minimum << "%\n";
    return k_exit_not_found;
  }
  return k_exit_ok;
}

} // namespace

const Command& eval_command() {
  static const Command command{
      "eval",
      "score the answers against an evaluation set (agent or offline)",
      "usage: steward eval FILE [--project PATH] [--config FILE] [--offline] [--verbose]\n"
      "                         [--min-accuracy P]\n"
      "\n"
      "Asks every question of the evaluation set FILE (YAML; see docs/eval.md) the\n"
      "way `steward ask` does and checks each answer: every node under expect: must\n"
      "be cited, the intent must match when intent: is given, and each mentions:\n"
      "text must appear. Follow-ups (follow_up_of: N) are asked in the same\n"
      "conversation as question N. With an LLM configured (llm.provider) the agent\n"
      "answers (intents are not checked: the agent has none); otherwise, or with\n"
      "--offline, the deterministic router. The knowledge base is the config's\n"
      "knowledge_base.path, else the file's knowledge_base:. Prints the failing\n"
      "questions with the reason, then `accuracy: PASSED/TOTAL (PERCENT%)`.\n"
      "\n"
      "  --project PATH     the dbt project to ask about; default: the file's project:,\n"
      "                     relative to the file\n"
      "  --config FILE      config file (default $STEWARD_CONFIG, else ./steward.yaml if\n"
      "                     present): llm.*, agent.*, knowledge_base.path\n"
      "  --offline          answer with the router even when an LLM is configured\n"
      "  --verbose          print every question (PASS or FAIL) with its intent and the\n"
      "                     nodes the answer cited\n"
      "  --min-accuracy P   exit 1 when fewer than P percent of the questions pass\n"
      "\n"
      "exit: 0 ok, 1 accuracy below --min-accuracy, 2 bad input, a bad FILE, a bad\n"
      "config or a project that cannot be loaded (key: reason)\n",
      {{"project", true},
       {"config", true},
       {"offline", false},
       {"verbose", false},
       {"min-accuracy", true},
       {"help", false}},
      run_eval,
  };
  return command;
}

} // namespace steward::cli

#include "bot/chat/console.hpp"

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "bot/agent/service.hpp"
#include "core/answer/text.hpp"
#include "core/router/router.hpp"
#include "core/util/text.hpp"

namespace steward::bot {

namespace {

/// The choice `line` picks, when it is just a number shown with the last answer.
const answer::Choice* picked(const std::string& line, const std::vector<answer::Choice>& choices) {
  if (line.empty() || line.size() > 3 || line.find_first_not_of("0123456789") != std::string::npos) {
    return nullptr;
  }
  const int number = std::stoi(line);
  for (const answer::Choice& choice : choices) {
    if (choice.number == number) {
      return &choice;
    }
  }
  return nullptr;
}

std::string trimmed(const std::string& line) {
  const auto begin = line.find_first_not_of(" \t\r");
  if (begin == std::string::npos) {
    return {};
  }
  const auto end = line.find_last_not_of(" \t\r");
  return line.substr(begin, end - begin + 1);
}

/// The agent's answer; the question and the model's text join `history`.
answer::Answer ask_agent(AgentService& agent, const knowledge::Snapshot& snapshot,
                         const std::string& question, const std::string& focus,
                         std::vector<agent::HistoryTurn>& history, std::ostream& out) {
  // The console borrows the caller's snapshot; the agent wants shared ownership.
  const std::shared_ptr<const knowledge::Snapshot> shared(&snapshot, [](const knowledge::Snapshot*) {});
  AgentQuestion asked{question, history, focus, {}};
  agent::Reply reply = agent.answer(shared, asked, [&out](const std::string& note) {
    out << "… " << note << "\n" << std::flush;
  });
  history.push_back({true, question});
  history.push_back({false, reply.report.text});
  return std::move(reply.answer);
}

} // namespace

int run_console(const knowledge::Snapshot& snapshot, std::istream& in, std::ostream& out,
                const ConsoleOptions& options) {
  if (options.interactive) {
    out << "Steward: ask about the dbt project (" << snapshot.project.nodes().size()
        << " nodes). Try `help`, `what is <model>?`, `what breaks if <model> changes?`; `quit` ends.\n";
  }
  router::Context context = options.knowledge;
  std::vector<agent::HistoryTurn> history;
  std::vector<answer::Choice> choices;
  int answered = 0;
  std::string line;
  for (;;) {
    if (options.interactive) {
      out << "\nyou> " << std::flush;
    }
    if (!std::getline(in, line)) {
      break;
    }
    const std::string question = trimmed(line);
    if (question.empty()) {
      continue;
    }
    if (question == "quit" || question == "exit") {
      break;
    }
    if (!options.interactive) {
      out << "> " << question << "\n";
    }
    const answer::Choice* choice = picked(question, choices);
    router::Routed routed = choice != nullptr
                                ? router::run_action(snapshot, choice->button.action, choice->button.value)
                                : router::route(snapshot, question, context);
    if (!routed.focus.empty()) {
      context.focus = routed.focus;
    }
    if (options.agent != nullptr && choice == nullptr) {
      routed.answer = ask_agent(*options.agent, snapshot, question, context.focus, history, out);
    }
    choices.clear();
    out << answer::render_text(routed.answer, choices) << (options.interactive ? "" : "\n") << std::flush;
    ++answered;
  }
  return answered;
}

} // namespace steward::bot

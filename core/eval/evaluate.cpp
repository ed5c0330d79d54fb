#include "core/eval/evaluate.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "core/answer/text.hpp"
#include "core/dbt/resolve.hpp"
#include "core/router/router.hpp"
#include "core/util/text.hpp"

namespace steward::eval {
namespace {

std::string cited_names(const dbt::Project& project, const std::vector<std::string>& cited) {
  if (cited.empty()) {
    return "nothing";
  }
  std::string out;
  for (const auto& unique_id : cited) {
    auto id = project.find(unique_id);
    out += (out.empty() ? "" : ", ") + (id ? std::string(project.node(*id).name) : unique_id);
  }
  return out;
}

void check_expected(const dbt::Project& project, const Question& question, const Attempt& attempt,
                    Verdict& verdict) {
  for (const auto& expected : question.expect) {
    auto resolution = dbt::resolve(project, expected);
    if (resolution.kind != dbt::Resolution::Kind::found) {
      verdict.problems.push_back("expect " + dbt::describe_failure(expected, resolution));
      continue;
    }
    std::string_view unique_id = project.node(resolution.id).unique_id;
    if (std::find(attempt.cited.begin(), attempt.cited.end(), unique_id) == attempt.cited.end()) {
      verdict.problems.push_back("did not cite " + std::string(unique_id) + " (cited " +
                                 cited_names(project, attempt.cited) + ")");
    }
  }
}

} // namespace

double Report::accuracy() const {
  return verdicts.empty() ? 0.0 : 100.0 * static_cast<double>(passed) / static_cast<double>(verdicts.size());
}

Verdict score(const dbt::Project& project, const Question& question, const Attempt& attempt,
              const Options& options) {
  Verdict verdict;
  verdict.attempt = attempt;
  check_expected(project, question, attempt, verdict);
  if (options.check_intents && question.intent && *question.intent != attempt.intent) {
    verdict.problems.push_back("intent was " +
                               (attempt.intent.empty() ? std::string("(none)") : attempt.intent) +
                               ", expected " + *question.intent);
  }
  std::string text = to_lower(attempt.answer);
  for (const auto& mention : question.mentions) {
    if (text.find(to_lower(mention)) == std::string::npos) {
      verdict.problems.push_back("the answer does not mention \"" + mention + "\"");
    }
  }
  verdict.passed = verdict.problems.empty();
  return verdict;
}

Report evaluate(const EvalSet& set, const dbt::Project& project, const Answerer& answer,
                const Options& options) {
  Report report;
  std::vector<std::vector<Turn>> threads; // the thread each question was asked in
  threads.reserve(set.questions.size());
  for (std::size_t i = 0; i < set.questions.size(); ++i) {
    const Question& question = set.questions[i];
    std::vector<Turn> thread;
    if (question.follow_up_of && *question.follow_up_of >= 1 && *question.follow_up_of <= i) {
      std::size_t earlier = *question.follow_up_of - 1;
      thread = threads[earlier];
      thread.push_back(Turn{set.questions[earlier].question, report.verdicts[earlier].attempt});
    }
    Verdict verdict = score(project, question, answer(question.question, thread), options);
    verdict.number = i + 1;
    report.passed += verdict.passed ? 1 : 0;
    report.verdicts.push_back(std::move(verdict));
    threads.push_back(std::move(thread));
  }
  return report;
}

Answerer router_answerer(const knowledge::Snapshot& snapshot, router::Context base) {
  return [&snapshot, base = std::move(base)](const std::string& question, const std::vector<Turn>& thread) {
    // As in a chat: the latest turn that settled on a node sets the focus.
    router::Context context = base;
    context.focus.clear();
    for (auto turn = thread.rbegin(); turn != thread.rend() && context.focus.empty(); ++turn) {
      context.focus = turn->attempt.focus;
    }
    router::Routed routed = router::route(snapshot, question, context);
    std::vector<answer::Choice> choices;
    Attempt attempt;
    attempt.answer = answer::render_text(routed.answer, choices);
    attempt.cited = std::move(routed.cited);
    attempt.intent = std::move(routed.intent);
    attempt.focus = std::move(routed.focus);
    return attempt;
  };
}

std::string accuracy_line(const Report& report) {
  std::array<char, 32> percent{};
  auto [end, error] = std::to_chars(percent.data(), percent.data() + percent.size(), report.accuracy(),
                                    std::chars_format::fixed, 1);
  std::string shown = error == std::errc() ? std::string(percent.data(), end) : "?";
  return "accuracy: " + std::to_string(report.passed) + "/" + std::to_string(report.total()) + " (" + shown +
         "%)";
}

} // namespace steward::eval

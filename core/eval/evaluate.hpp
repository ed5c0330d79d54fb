#pragma once

// Running an evaluation set against any answering function and scoring it.
// The deterministic router is one answerer (`router_answerer`); the LLM
// agent can be another: anything that turns a question (and the earlier
// turns of its conversation) into answer text and cited unique_ids.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/dbt/project.hpp"
#include "core/eval/eval_set.hpp"
#include "core/knowledge/snapshot.hpp"
#include "core/router/router.hpp"

namespace steward::eval {

/// One answer to score.
struct Attempt {
  std::string answer;             ///< the answer as plain text
  std::vector<std::string> cited; ///< unique_ids the answer is about, most relevant first
  std::string intent;             ///< the router's intent; empty for answerers without one
  std::string focus;              ///< the unique_id a follow-up refers to; empty when none
};

/// An earlier turn of the conversation a follow-up belongs to.
struct Turn {
  std::string question;
  Attempt attempt;
};

/// Answers `question`; `thread` holds the earlier turns of its conversation,
/// oldest first (empty for a question that starts one).
using Answerer = std::function<Attempt(const std::string& question, const std::vector<Turn>& thread)>;

struct Options {
  /// Compare `Question::intent` with `Attempt::intent`. Answerers without
  /// intents (the LLM agent) turn this off; the other checks still apply.
  bool check_intents = true;
};

/// How one question went.
struct Verdict {
  std::size_t number = 0; ///< 1-based, as in the file
  bool passed = false;
  /// Why it failed, one sentence each: an expected node not cited, a wrong
  /// intent, missing text, or an expectation naming no node of the project.
  std::vector<std::string> problems;
  Attempt attempt;
};

struct Report {
  std::vector<Verdict> verdicts; ///< in question order
  std::size_t passed = 0;

  [[nodiscard]] std::size_t total() const { return verdicts.size(); }
  /// Passed questions as a percentage (0 for an empty report).
  [[nodiscard]] double accuracy() const;
};

/// Scores `attempt` for `question`: it passes when every `expect` entry
/// resolves (by unique_id or name, through `dbt::resolve`) to a node of
/// `project` that `attempt.cited` holds, the intent matches when one is
/// expected (and `options.check_intents`), and every `mentions` text occurs in
/// `attempt.answer` (case-insensitively). An expectation that names no node,
/// or several, fails the question and says so.
Verdict score(const dbt::Project& project, const Question& question, const Attempt& attempt,
              const Options& options = {});

/// Asks every question of `set` in order with `answer` and scores it. A
/// follow-up gets the thread of the question it follows (that question's own
/// thread plus that question and its attempt).
Report evaluate(const EvalSet& set, const dbt::Project& project, const Answerer& answer,
                const Options& options = {});

/// The offline answerer: `router::route` over `snapshot` (which must outlive
/// it) with `base` as context (the knowledge base, when one is loaded) and
/// the focus of the thread's latest turn that had one, and the answer
/// rendered as plain text.
Answerer router_answerer(const knowledge::Snapshot& snapshot, router::Context base = {});

/// "accuracy: 43/45 (95.6%)".
std::string accuracy_line(const Report& report);

} // namespace steward::eval

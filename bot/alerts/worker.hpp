#pragma once

// The alert worker: runs `dbt.run` jobs (bot/alerts/ingest.hpp) and the
// alert buttons. For each run it stores the run, opens or counts an incident
// per failing node, and posts, updates or holds its alert as
// core/alerts/plan.hpp decides (grouping a bad night into one message per
// channel); nodes that pass resolve their incidents and the alert message
// says so. Every step is idempotent: a job may run more than once.

#include <cstdint>
#include <filesystem>
#include <memory>

#include <nlohmann/json.hpp>

#include "bot/agent/kb_search.hpp"
#include "bot/alerts/people.hpp"
#include "bot/sql/sql_setup.hpp"
#include "core/access/policy.hpp"
#include "core/alerts/alert.hpp"
#include "core/alerts/plan.hpp"
#include "core/fix/llm_options.hpp"
#include "core/knowledge/snapshot.hpp"
#include "core/ports/chat.hpp"
#include "core/ports/git.hpp"
#include "core/ports/llm.hpp"
#include "core/ports/store.hpp"

namespace steward::bot {

/// How approved fixes are committed (`git.*`, `github.*`).
struct FixSettings {
  std::filesystem::path project_root{}; ///< the dbt project's directory (files are relative to it)
  std::string repository_prefix{}; ///< the project's path inside the repository (`analytics/`), may be empty
  std::string author_name = "Steward";
  std::string author_email = "steward@localhost";
  std::string remote = "origin"; ///< empty: never push
  std::string base{};            ///< empty: the code host's default branch, else the checked-out one
  std::filesystem::path dbt{};   ///< `alerts.dbt_executable`; empty: no `dbt compile` in dry runs
};

struct AlertDeps {
  chat::Chat& chat;
  store::Store& store;
  knowledge::KnowledgeBase& knowledge;
  People& people;
  alerts::AlertSettings settings;
  std::size_t sample_rows = 5;           ///< failing rows shown; 0: none
  const SqlRuntime* sql = nullptr;       ///< null: no warehouse, no samples
  git::Repository* repository = nullptr; ///< null: no recent changes in investigations, no fixes applied
  KbSearch* kb = nullptr;                ///< null: no knowledge base
  llm::LanguageModel* model = nullptr;   ///< null: no LLM diagnosis
  git::CodeHost* code_host = nullptr;    ///< null: no pull requests (branches only)
  FixSettings fixes{};
  access::Policy policy{};              ///< approvers and admins (`access.*`)
  std::vector<std::string> approvers{}; ///< `alerts.approvers`; empty: the policy's approvers
};

/// A click on one of an alert's buttons.
struct AlertClick {
  std::string
      action; ///< `steward.snooze`, `steward.mute`, `steward.investigate`, `steward.propose`, `steward.apply`
  std::string value; ///< the incident id (`steward.apply`: `incident:proposal`)
  std::string user;
  bool is_bot = false;
  bool is_restricted = false; ///< a guest account
  chat::Destination where;    ///< the channel (and thread) of the alert
};

/// True for the actions `run_alert_action` handles.
bool is_alert_action(std::string_view action);

/// Runs an alert button for `click.user`, who has passed `access::may`
/// for the action already; the handler checks what depends on the
/// incident: snoozing needs an owner of the failing asset or an approver,
/// muting an admin (checked by the caller's policy). A refusal is told to
/// the user alone.
Result<void> run_alert_action(const AlertClick& click, AlertDeps& deps);

// The buttons that look into an incident (bot/alerts/investigate.cpp) and
// fix it (bot/alerts/fix.cpp).
Result<void> investigate_or_fix(const AlertClick& click, const store::Incident& incident, AlertDeps& deps);
Result<void> propose(const AlertClick& click, const store::Incident& incident, AlertDeps& deps);
Result<void> apply(const AlertClick& click, const store::Incident& incident, AlertDeps& deps);

/// A change to commit on a new branch and, with a code host, to open as a
/// pull request (bot/alerts/branch.cpp).
struct BranchChange {
  std::string branch;                   ///< e.g. `steward/fix-12-add_value`
  std::string message;                  ///< the commit message
  std::vector<git::FileChange> files{}; ///< paths relative to the project's directory
  std::string title;                    ///< the pull request's
  std::string body;                     ///< the pull request's (Markdown)
  std::string user;                     ///< who asked, for the audit log
  nlohmann::json audit{};               ///< more details for the commit's audit entry
};

struct Delivered {
  std::string branch;
  std::string pull_request{}; ///< URL; empty: none opened
  std::int64_t number = 0;
  bool pushed = false;
  /// `PR #12`, else "branch `x` (pushed)".
  [[nodiscard]] std::string where() const;
};

/// Commits `change` on a new branch from `git.base` (else the code host's
/// default branch, else HEAD) without touching the working tree, pushes it
/// to `git.remote` when the repository has it, and opens a pull request when
/// a code host is configured; each step goes to the audit log. Blocking.
Result<Delivered> commit_and_open(const BranchChange& change, AlertDeps& deps);

/// What the fixers know about `alert`'s failure.
fix::FailureFacts failure_facts(const alerts::Alert& alert);

/// Reads files by their path relative to `root` (the project's directory).
fix::ReadFile project_files(const std::filesystem::path& root);

// Fix options written by the LLM (bot/alerts/model_fixes.cpp).

/// What the model added to the deterministic options.
struct ModelFixes {
  std::vector<fix::LlmFix> fixes; ///< at most two, each differing from `offered`
  std::string note;               ///< why there are none (no model, its error, rejected options)
};

/// Asks the model for fixes of `alert` that differ from `offered`, showing
/// it the evidence (failing rows PII-masked) and the files involved. No
/// model configured: no fixes and no note. Blocking.
ModelFixes model_fixes(const alerts::Alert& alert, const std::vector<fix::FixOption>& offered,
                       AlertDeps& deps);

/// `author` of a proposal the model wrote (`llm:<model>`).
std::string model_author(AlertDeps& deps);

/// Keeps what the model wrote for proposal `proposal`, for Apply.
Result<void> remember_model_fix(store::Id proposal, const fix::LlmFix& fix, AlertDeps& deps);

/// The option of a model-written proposal, re-applied to the current files;
/// an error when they changed since it was proposed.
Result<fix::FixOption> model_fix_option(const store::Proposal& proposal, AlertDeps& deps);

/// Runs a `dbt.run` job. Blocking; call it from a worker thread. An error
/// is a failed attempt (retried with back-off).
Result<void> run_dbt_run_job(const store::Job& job, AlertDeps& deps);

/// Draws incident `id`'s alert message again from what the store holds (its
/// state, occurrences, notes) and updates it in place; a message that
/// groups several incidents is drawn as the group. Nothing to do when the
/// incident has no message.
Result<void> redraw_alert(store::Id id, AlertDeps& deps);

/// Runs a `dbt.redraw` job (bot/alerts/ingest.hpp's `redraw_job`).
Result<void> run_redraw_job(const store::Job& job, AlertDeps& deps);

/// Appends `note` ("Snoozed by <@U1> until ...") to incident `id`'s notes,
/// shown at the bottom of its alert.
Result<void> add_alert_note(store::Id id, const std::string& note, AlertDeps& deps);

/// Records that `message` lists incidents `ids` (a grouped alert), so
/// `redraw_alert` of any of them draws the whole group.
Result<void> remember_group(const store::MessageRef& message, const std::vector<store::Id>& ids,
                            AlertDeps& deps);

/// The message state of `incident` (occurrences, times in UTC, notes).
Result<alerts::AlertStatus> alert_status(const store::Incident& incident, AlertDeps& deps);

/// `2026-11-24 06:12 UTC`.
std::string utc_minutes(store::TimePoint at);

} // namespace steward::bot

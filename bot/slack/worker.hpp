#pragma once

// Runs persisted Slack work (jobs of kind `slack.*`) on a worker thread:
// answers mentions and DMs in their thread, runs slash commands, button
// clicks and modal submissions, and records reactions as feedback.
//
// A job may run more than once (its worker died, or an attempt failed), so
// every step is idempotent: the user's turn is recorded once, the
// placeholder message carries the job id as its marker and a retry finds it
// in the thread instead of posting again, and the answer replaces it.

#include "adapters/slack/chat.hpp"
#include "bot/agent/service.hpp"
#include "bot/alerts/worker.hpp"
#include "bot/sql/sql_setup.hpp"
#include "core/access/policy.hpp"
#include "core/knowledge/snapshot.hpp"
#include "core/ports/store.hpp"
#include "core/slack/inbound.hpp"

namespace steward::bot {

/// `datavault.*`: how generated Data Vault models are handed over.
struct DatavaultSettings {
  std::string delivery = "zip";          ///< zip, or git (a branch and pull request, for approvers)
  std::string path = "models/datavault"; ///< relative to the project's directory
};

struct SlackWorkerDeps {
  slack::SlackChat& chat;
  store::Conversations& conversations;
  store::FeedbackLog& feedback;
  store::Lessons& lessons;
  knowledge::KnowledgeBase& knowledge;
  access::Policy policy;
  slack::SelfIdentity self;
  AgentService* agent = nullptr;       ///< null: no LLM configured; the router answers
  KbSearch* kb = nullptr;              ///< null: no knowledge base
  const SqlRuntime* sql = nullptr;     ///< null: no warehouse configured
  store::Settings* settings = nullptr; ///< queries held for approval; null: none can be held
  AlertDeps* alerts = nullptr;         ///< alert buttons; null: alerts are not wired (tests)
  DatavaultSettings datavault{};       ///< `/steward datavault` delivery
};

/// Runs Slack job `job`. Blocking; call it from a worker thread. An error is
/// a failed attempt (the job is retried with back-off).
Result<void> run_slack_job(const store::Job& job, SlackWorkerDeps& deps);

// The handlers `run_slack_job` dispatches to (bot/slack/conversation.cpp,
// bot/slack/interactions.cpp).
Result<void> answer_message(const slack::UserMessage& message, const store::Job& job, SlackWorkerDeps& deps);
Result<void> run_command(const slack::SlashCommand& command, const store::Job& job, SlackWorkerDeps& deps);
Result<void> run_block_action(const slack::BlockAction& action, SlackWorkerDeps& deps);
Result<void> run_view_submission(const slack::ViewSubmission& view, SlackWorkerDeps& deps);
Result<void> record_reaction(const slack::ReactionEvent& reaction, SlackWorkerDeps& deps);

// `/steward sql` and its Run/Cancel buttons (bot/slack/sql_command.cpp).
Result<void> sql_command(const slack::SlashCommand& command, const std::string& text, SlackWorkerDeps& deps);
Result<void> sql_button(const slack::BlockAction& action, const std::string& name, bool is_bot,
                        bool restricted, SlackWorkerDeps& deps);

/// Remembers a query the agent's answer holds for approval
/// (`sql.require_approval`) against the message it is shown in, with `asker`
/// as the one who may run it (besides approvers).
Result<void> remember_held_query(const answer::Answer& answer, const store::MessageRef& posted,
                                 const std::string& asker, SlackWorkerDeps& deps);

} // namespace steward::bot

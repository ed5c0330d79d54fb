#include "bot/slack/worker.hpp"

#include <type_traits>

namespace steward::bot {

namespace {

std::optional<slack::InboundKind> inbound_kind(const std::string& job_kind) {
  if (job_kind == "slack.event") {
    return slack::InboundKind::event;
  }
  if (job_kind == "slack.command") {
    return slack::InboundKind::command;
  }
  if (job_kind == "slack.interaction") {
    return slack::InboundKind::interaction;
  }
  return std::nullopt;
}

} // namespace

Result<void> run_slack_job(const store::Job& job, SlackWorkerDeps& deps) {
  const std::optional<slack::InboundKind> kind = inbound_kind(job.kind);
  if (!kind) {
    return fail("jobs", "not a Slack job kind: " + job.kind);
  }
  auto work = slack::interpret(*kind, job.payload, deps.self);
  if (!work) {
    return tl::unexpected(work.error());
  }
  return std::visit(
      [&](const auto& item) -> Result<void> {
        using T = std::decay_t<decltype(item)>;
        if constexpr (std::is_same_v<T, slack::UserMessage>) {
          return answer_message(item, job, deps);
        } else if constexpr (std::is_same_v<T, slack::SlashCommand>) {
          return run_command(item, job, deps);
        } else if constexpr (std::is_same_v<T, slack::BlockAction>) {
          return run_block_action(item, deps);
        } else if constexpr (std::is_same_v<T, slack::ViewSubmission>) {
          return run_view_submission(item, deps);
        } else if constexpr (std::is_same_v<T, slack::ReactionEvent>) {
          return record_reaction(item, deps);
        } else {
          return {}; // Ignored: nothing to do
        }
      },
      *work);
}

} // namespace steward::bot

#include "bot/slack/conversation.hpp"

#include <algorithm>

#include "bot/jobs/clock.hpp"
#include "bot/slack/replies.hpp"
#include "core/answer/text.hpp"

namespace steward::bot {

namespace {

std::string marker_for(const store::Job& job) {
  return "steward-job:" + std::to_string(job.id);
}

/// The placeholder an earlier attempt of `job` posted in the thread, if any.
Result<std::optional<store::MessageRef>> earlier_placeholder(const ThreadQuestion& question,
                                                             const store::Job& job, SlackWorkerDeps& deps) {
  if (job.attempts <= 1) {
    return std::nullopt;
  }
  auto messages = deps.chat.thread_messages(question.where.channel, question.where.thread, 200);
  if (!messages) {
    return tl::unexpected(messages.error());
  }
  const std::string marker = marker_for(job);
  for (const chat::ThreadMessage& message : *messages) {
    if (message.marker == marker) {
      return store::MessageRef{"slack", question.where.workspace, question.where.channel, message.message};
    }
  }
  return std::nullopt;
}

bool has_turn(const std::vector<store::Turn>& turns, std::string_view role, std::string_view message) {
  return !message.empty() && std::any_of(turns.begin(), turns.end(), [&](const store::Turn& turn) {
    return turn.role == role && turn.message == message;
  });
}

std::string as_text(const answer::Answer& answer) {
  std::vector<answer::Choice> ignored;
  return answer::render_text(answer, ignored);
}

} // namespace

std::shared_ptr<const knowledge::Snapshot> current_snapshot(SlackWorkerDeps& deps,
                                                            answer::Answer& unavailable) {
  std::shared_ptr<const knowledge::Snapshot> snapshot = deps.knowledge.current();
  if (!snapshot) {
    const std::optional<Error> why = deps.knowledge.last_error();
    unavailable = notice("I can't read the dbt project right now" +
                         (why ? " (" + why->to_string() + ")" : std::string()) +
                         ". An admin can check `steward check-config` and the daemon's log.");
  }
  return snapshot;
}

std::string thread_focus(const knowledge::Snapshot& snapshot, const std::vector<store::Turn>& turns) {
  for (std::size_t i = turns.size(); i-- > 0;) {
    const store::Turn& turn = turns[i];
    if (turn.role != "user") {
      continue;
    }
    router::Routed earlier = router::route(snapshot, turn.text);
    if (!earlier.focus.empty()) {
      return earlier.focus;
    }
  }
  return {};
}

Result<void> answer_in_thread(const ThreadQuestion& question, const store::Job& job, SlackWorkerDeps& deps) {
  const store::ConversationKey key{"slack", question.where.workspace, question.where.channel,
                                   question.where.thread};
  auto conversation = deps.conversations.conversation(key, wall_now());
  if (!conversation) {
    return tl::unexpected(conversation.error());
  }
  auto turns = deps.conversations.turns(*conversation, 40);
  if (!turns) {
    return tl::unexpected(turns.error());
  }
  answer::Answer unavailable;
  std::shared_ptr<const knowledge::Snapshot> snapshot = current_snapshot(deps, unavailable);
  const std::string focus = snapshot ? thread_focus(*snapshot, *turns) : std::string();
  if (!has_turn(*turns, "user", question.message)) {
    auto added = deps.conversations.add_turn(
        *conversation, {"user", question.user, question.text, question.message, 0}, wall_now());
    if (!added) {
      return tl::unexpected(added.error());
    }
  }
  auto earlier = earlier_placeholder(question, job, deps);
  if (!earlier) {
    return tl::unexpected(earlier.error());
  }
  std::optional<store::MessageRef> posted = *earlier;
  if (!posted) {
    auto refs = deps.chat.post(question.where, placeholder(), {marker_for(job)});
    if (!refs) {
      return tl::unexpected(refs.error());
    }
    posted = refs->front();
  }
  answer::Answer reply = unavailable;
  if (snapshot) {
    reply = with_feedback(router::route(*snapshot, question.text, {focus}).answer);
  }
  if (auto updated = deps.chat.update(*posted, question.where.thread, reply); !updated) {
    return tl::unexpected(updated.error());
  }
  if (!has_turn(*turns, "assistant", posted->message)) {
    auto added = deps.conversations.add_turn(
        *conversation, {"assistant", deps.self.bot_user_id, as_text(reply), posted->message, 0}, wall_now());
    if (!added) {
      return tl::unexpected(added.error());
    }
  }
  return {};
}

Result<void> answer_message(const slack::UserMessage& message, const store::Job& job, SlackWorkerDeps& deps) {
  ThreadQuestion question;
  question.where = {message.team, message.channel, message.reply_thread()};
  question.user = message.user;
  question.text = message.text;
  question.message = message.ts;
  return answer_in_thread(question, job, deps);
}

} // namespace steward::bot

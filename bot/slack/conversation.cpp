#include "bot/slack/conversation.hpp"

#include <algorithm>

#include "bot/agent/kb_search.hpp"
#include "bot/jobs/clock.hpp"
#include "bot/slack/learning.hpp"
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

namespace {

/// Earlier turns for the agent: the thread's turns without the question itself.
std::vector<agent::HistoryTurn> history_of(const std::vector<store::Turn>& turns,
                                           const ThreadQuestion& question) {
  std::vector<agent::HistoryTurn> history;
  for (const store::Turn& turn : turns) {
    if (turn.role == "user" && !question.message.empty() && turn.message == question.message) {
      continue;
    }
    history.push_back({turn.role == "user", turn.text});
  }
  return history;
}

std::vector<store::ToolStep> tool_steps(const agent::Report& report) {
  std::vector<store::ToolStep> steps;
  for (const agent::StepRecord& step : report.steps) {
    const std::string tool = step.kind == "model" ? "llm:" + step.name : step.name;
    steps.push_back(
        {tool, step.input, step.output_bytes, step.latency, step.input_tokens + step.output_tokens});
  }
  return steps;
}

/// An answer and what to record about it.
struct Produced {
  answer::Answer answer;
  std::string text; ///< the turn's text: the model's Markdown, or the rendered router answer
  std::vector<store::ToolStep> steps;
  std::int64_t tokens = 0;
};

/// Appends the corrections people made on related questions (offline mode,
/// where no model reads them).
void add_corrections(answer::Answer& answer, const std::vector<agent::Lesson>& lessons) {
  for (const agent::Lesson& lesson : lessons) {
    if (lesson.kind == agent::Lesson::Kind::correction) {
      answer.blocks.emplace_back(
          answer::Context{"📝 A correction from the team on a related question: " + lesson.text});
    }
  }
}

Produced produce(const ThreadQuestion& question, const std::vector<store::Turn>& turns,
                 const std::string& focus, const std::shared_ptr<const knowledge::Snapshot>& snapshot,
                 const store::MessageRef& posted, SlackWorkerDeps& deps) {
  std::vector<agent::Lesson> lessons = lessons_for(question.text, deps);
  if (deps.agent == nullptr) {
    router::Context context{focus, deps.kb != nullptr ? deps.kb->current() : nullptr, {}};
    if (deps.kb != nullptr) {
      const KbSearch* kb = deps.kb;
      context.kb_search = [kb](std::string_view query, std::size_t limit) {
        return kb->search(query, limit);
      };
    }
    router::Routed routed = router::route(*snapshot, question.text, context);
    add_corrections(routed.answer, lessons);
    Produced out{with_feedback(std::move(routed.answer)), {}, {}, 0};
    out.text = as_text(out.answer);
    return out;
  }
  AgentQuestion asked{question.text, history_of(turns, question), focus, std::move(lessons)};
  auto progress = [&](const std::string& note) {
    (void)deps.chat.update(posted, question.where.thread, notice("⏳ " + note));
  };
  agent::Reply reply = deps.agent->answer(snapshot, asked, progress);
  return Produced{with_feedback(std::move(reply.answer)), reply.report.text, tool_steps(reply.report),
                  reply.report.tokens};
}

} // namespace

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
  Produced produced{unavailable, as_text(unavailable), {}, 0};
  if (snapshot) {
    produced = produce(question, *turns, focus, snapshot, *posted, deps);
  }
  if (auto remembered = remember_held_query(produced.answer, *posted, question.user, deps); !remembered) {
    return tl::unexpected(remembered.error());
  }
  // The turn is recorded before the answer shows, so a 👍/👎 pressed the
  // moment it appears finds it.
  if (!has_turn(*turns, "assistant", posted->message)) {
    for (const answer::File& file : produced.answer.files) {
      if (auto uploaded = deps.chat.upload(question.where, file.name, file.title, file.content); !uploaded) {
        return tl::unexpected(uploaded.error());
      }
    }
    auto added = deps.conversations.add_turn(
        *conversation, {"assistant", deps.self.bot_user_id, produced.text, posted->message, produced.tokens},
        wall_now());
    if (!added) {
      return tl::unexpected(added.error());
    }
    if (!produced.steps.empty()) {
      if (auto recorded = deps.conversations.add_tool_steps(*added, produced.steps); !recorded) {
        return tl::unexpected(recorded.error());
      }
    }
  }
  if (auto updated = deps.chat.update(*posted, question.where.thread, produced.answer); !updated) {
    return tl::unexpected(updated.error());
  }
  return {};
}

namespace {

/// A reply in a channel thread that does not mention Steward: a correction
/// after a 👎, a follow-up from someone already talking to Steward in that
/// thread, or (anything else) none of Steward's business.
Result<void> thread_reply(const slack::UserMessage& message, const store::Job& job, SlackWorkerDeps& deps) {
  const store::ConversationKey key{"slack", message.team, message.channel, message.thread_ts};
  auto conversation = deps.conversations.conversation(key, wall_now());
  if (!conversation) {
    return tl::unexpected(conversation.error());
  }
  auto turns = deps.conversations.turns(*conversation, 40);
  if (!turns) {
    return tl::unexpected(turns.error());
  }
  const bool steward_answered = std::any_of(turns->begin(), turns->end(),
                                            [](const store::Turn& turn) { return turn.role == "assistant"; });
  if (!steward_answered) {
    return {};
  }
  auto corrected = learn_correction(*turns, message.user, message.text, deps);
  if (!corrected) {
    return tl::unexpected(corrected.error());
  }
  if (*corrected) {
    const chat::Destination where{message.team, message.channel, message.thread_ts};
    auto posted = deps.chat.post(where,
                                 notice("Thanks, I've noted that correction. I'll take it into account "
                                        "for related questions, and maintainers can review it with "
                                        "`/steward feedback`."),
                                 {marker_for(job)});
    if (!posted) {
      return tl::unexpected(posted.error());
    }
    return {};
  }
  const bool asked_before = std::any_of(turns->begin(), turns->end(), [&](const store::Turn& turn) {
    return turn.role == "user" && turn.user == message.user;
  });
  if (!asked_before) {
    return {};
  }
  ThreadQuestion question{
      {message.team, message.channel, message.thread_ts}, message.user, message.text, message.ts};
  return answer_in_thread(question, job, deps);
}

} // namespace

Result<void> answer_message(const slack::UserMessage& message, const store::Job& job, SlackWorkerDeps& deps) {
  if (!message.mention && message.channel_type != "im") {
    return thread_reply(message, job, deps);
  }
  ThreadQuestion question;
  question.where = {message.team, message.channel, message.reply_thread()};
  question.user = message.user;
  question.text = message.text;
  question.message = message.ts;
  return answer_in_thread(question, job, deps);
}

} // namespace steward::bot

// Slash commands, button clicks, modal submissions and reactions.

#include <nlohmann/json.hpp>

#include "bot/jobs/clock.hpp"
#include "bot/slack/conversation.hpp"
#include "bot/slack/datavault.hpp"
#include "bot/slack/learning.hpp"
#include "bot/slack/replies.hpp"
#include "core/answer/text.hpp"
#include "core/feedback/stats.hpp"

namespace steward::bot {

namespace {

bool is_navigation(std::string_view action) {
  return action == "steward.describe" || action == "steward.upstream" || action == "steward.downstream" ||
         action == "steward.impact";
}

/// Errors for which posting in the channel cannot work (the bot is not in it).
bool not_in_channel(const Error& error) {
  return error.reason.find("not_in_channel") != std::string::npos ||
         error.reason.find("channel_not_found") != std::string::npos;
}

Result<void> tell(SlackWorkerDeps& deps, const chat::Destination& where, const std::string& user,
                  std::string text) {
  return deps.chat.post_ephemeral(where, user, notice(std::move(text)));
}

Result<void> record_answer(SlackWorkerDeps& deps, const store::ConversationKey& key, const std::string& user,
                           const std::string& question, const answer::Answer& reply,
                           const store::MessageRef& posted) {
  auto conversation = deps.conversations.conversation(key, wall_now());
  if (!conversation) {
    return tl::unexpected(conversation.error());
  }
  if (auto added = deps.conversations.add_turn(*conversation, {"user", user, question, "", 0}, wall_now());
      !added) {
    return tl::unexpected(added.error());
  }
  std::vector<answer::Choice> ignored;
  auto added = deps.conversations.add_turn(
      *conversation,
      {"assistant", deps.self.bot_user_id, answer::render_text(reply, ignored), posted.message, 0},
      wall_now());
  if (!added) {
    return tl::unexpected(added.error());
  }
  return {};
}

Result<void> feedback_button(const slack::BlockAction& action, SlackWorkerDeps& deps) {
  const chat::Destination where{action.team, action.channel, action.thread_ts};
  auto turn = deps.conversations.turn_by_message({"slack", action.team, action.channel, action.message_ts});
  if (!turn) {
    return tl::unexpected(turn.error());
  }
  if (!*turn) {
    return tell(deps, where, action.user,
                "I can't find that answer any more, so I couldn't record your feedback.");
  }
  const std::string value = action.value == "-1" ? "-1" : "+1";
  auto added =
      deps.feedback.add_feedback({(*turn)->id, action.user, store::FeedbackKind::button, value, wall_now()});
  if (!added) {
    return tl::unexpected(added.error());
  }
  if (auto learned = learn_from_rating(**turn, action.user, value, deps); !learned) {
    return tl::unexpected(learned.error());
  }
  if (action.value == "-1" && !action.trigger_id.empty()) {
    if (auto opened = deps.chat.open_view(action.trigger_id,
                                          feedback_view((*turn)->id, action.channel, action.message_ts));
        opened) {
      return {};
    }
  }
  return tell(deps, where, action.user, "Thanks, noted.");
}

Result<void> navigate(const slack::BlockAction& action, const std::string& name, SlackWorkerDeps& deps) {
  const chat::Destination where{action.team, action.channel, action.thread_ts};
  answer::Answer reply;
  std::shared_ptr<const knowledge::Snapshot> snapshot = current_snapshot(deps, reply);
  if (snapshot) {
    reply = with_feedback(router::run_action(*snapshot, name, action.value).answer);
  }
  auto posted = deps.chat.post(where, reply);
  if (!posted) {
    return tl::unexpected(posted.error());
  }
  return record_answer(deps, {"slack", action.team, action.channel, action.thread_ts}, action.user,
                       name + " " + action.value, reply, posted->front());
}

Result<void> admin_action(const slack::BlockAction& action, const std::string& name, SlackWorkerDeps& deps) {
  const chat::Destination where{action.team, action.channel, action.thread_ts};
  if (name == "steward.reload") {
    auto reloaded = deps.knowledge.reload();
    return tell(deps, where, action.user,
                reloaded ? "Reloaded the project." : "Reload failed: " + reloaded.error().to_string());
  }
  return tell(deps, where, action.user, "There is nothing pending for that action.");
}

/// `/steward feedback`: the feedback report, visible to the person who asked.
Result<void> feedback_report(const slack::SlashCommand& command, SlackWorkerDeps& deps) {
  auto stats = feedback::collect(deps.lessons, 10);
  answer::Answer reply =
      stats ? feedback::render(*stats) : notice("I couldn't read the feedback: " + stats.error().to_string());
  if (!command.response_url.empty()) {
    return deps.chat.respond(command.response_url, reply, false, false);
  }
  return deps.chat.post_ephemeral({command.team, command.channel, ""}, command.user, reply);
}

/// `/steward ask` with an agent: a placeholder at once, progress notes in it,
/// then the answer in its place.
Result<void> agent_command(const slack::SlashCommand& command, const std::string& question,
                           const std::shared_ptr<const knowledge::Snapshot>& snapshot,
                           SlackWorkerDeps& deps) {
  const answer::Context asked{"<@" + command.user + "> asked `" + command.command + " " + command.text + "`"};
  answer::Answer waiting = placeholder();
  waiting.blocks.insert(waiting.blocks.begin(), asked);
  auto posted = deps.chat.post({command.team, command.channel, ""}, waiting);
  if (!posted) {
    return tl::unexpected(posted.error());
  }
  const store::MessageRef& root = posted->front();
  AgentQuestion ask{question, {}, {}, lessons_for(question, deps)};
  auto progress = [&](const std::string& note) { (void)deps.chat.update(root, "", notice("⏳ " + note)); };
  answer::Answer reply = deps.agent->answer(snapshot, ask, progress).answer;
  reply.blocks.insert(reply.blocks.begin(), asked);
  reply = with_feedback(std::move(reply));
  if (auto updated = deps.chat.update(root, "", reply); !updated) {
    return tl::unexpected(updated.error());
  }
  return record_answer(deps, {"slack", command.team, command.channel, root.message}, command.user, question,
                       reply, root);
}

} // namespace

Result<void> run_command(const slack::SlashCommand& command, const store::Job& /*job*/,
                         SlackWorkerDeps& deps) {
  auto [sub, rest] = split_subcommand(command.text);
  if (sub == "feedback") {
    return feedback_report(command, deps);
  }
  if (sub == "sql") {
    return sql_command(command, rest, deps);
  }
  if (sub == "datavault") {
    return datavault_command(command, rest, deps);
  }

  const std::string question = sub == "ask" ? rest : sub + " " + rest;
  answer::Answer reply;
  std::shared_ptr<const knowledge::Snapshot> snapshot = current_snapshot(deps, reply);
  if (snapshot && sub == "ask" && deps.agent != nullptr) {
    if (auto answered = agent_command(command, question, snapshot, deps);
        answered || !not_in_channel(answered.error())) {
      return answered;
    }
  }
  if (snapshot) {
    reply = router::route(*snapshot, question).answer;
    reply.blocks.insert(reply.blocks.begin(), answer::Context{"<@" + command.user + "> asked `" +
                                                              command.command + " " + command.text + "`"});
    reply = with_feedback(std::move(reply));
  }
  auto posted = deps.chat.post({command.team, command.channel, ""}, reply);
  if (!posted) {
    if (!not_in_channel(posted.error()) || command.response_url.empty()) {
      return tl::unexpected(posted.error());
    }
    reply.blocks.emplace_back(answer::Context{"I'm not in this channel, so only you can see this. Invite me "
                                              "with `/invite @steward` to answer here."});
    return deps.chat.respond(command.response_url, reply, false, false);
  }
  const store::MessageRef& root = posted->front();
  return record_answer(deps, {"slack", command.team, command.channel, root.message}, command.user, question,
                       reply, root);
}

Result<void> run_block_action(const slack::BlockAction& action, SlackWorkerDeps& deps) {
  const std::string name = action.action_id.substr(0, action.action_id.find('#'));
  bool is_bot = false;
  bool restricted = false;
  if (access::requirement_of(name) != access::Requirement::anyone) {
    auto user = deps.chat.user(action.user);
    if (!user) {
      return tl::unexpected(user.error());
    }
    is_bot = user->is_bot;
    restricted = user->is_restricted;
  }
  const access::Decision decision = access::may(deps.policy, action.user, name, is_bot, restricted);
  if (!decision.allowed) {
    return tell(deps, {action.team, action.channel, action.thread_ts}, action.user,
                "Sorry: " + decision.reason + ".");
  }
  if (name == "steward.feedback") {
    return feedback_button(action, deps);
  }
  if (is_navigation(name)) {
    return navigate(action, name, deps);
  }

  if (name == "steward.datavault_generate") {
    return datavault_button(action, deps);
  }
  if (name == "steward.sql_run" || name == "steward.sql_cancel" || name == "steward.sql_stop") {
    return sql_button(action, name, is_bot, restricted, deps);
  }
  if (is_alert_action(name) && deps.alerts != nullptr) {
    return run_alert_action(AlertClick{name,
                                       action.value,
                                       action.user,
                                       is_bot,
                                       restricted,
                                       {action.team, action.channel, action.thread_ts}},
                            *deps.alerts);
  }
  return admin_action(action, name, deps);
}

Result<void> run_view_submission(const slack::ViewSubmission& view, SlackWorkerDeps& deps) {
  if (view.callback_id != k_feedback_view) {
    return {};
  }
  const nlohmann::json metadata = nlohmann::json::parse(view.private_metadata, nullptr, false);
  if (!metadata.is_object() || !metadata.contains("turn") || !metadata["turn"].is_number_integer()) {
    return fail("payload", "feedback view without its answer id");
  }
  const auto comment = view.values.find(std::string(k_feedback_block) + "." + k_feedback_input);
  const std::string text = comment == view.values.end() ? "" : comment->second;
  auto added = deps.feedback.add_feedback(
      {metadata["turn"].get<store::Id>(), view.user, store::FeedbackKind::comment, text, wall_now()});
  if (!added) {
    return tl::unexpected(added.error());
  }
  const std::string channel = metadata.value("channel", "");
  const std::string ts = metadata.value("ts", "");
  if (text.empty() || channel.empty() || ts.empty()) {
    return {};
  }
  auto turn = deps.conversations.turn_by_message({"slack", view.team, channel, ts});
  if (!turn) {
    return tl::unexpected(turn.error());
  }
  if (*turn && (*turn)->id == metadata["turn"].get<store::Id>()) {
    return add_correction(**turn, view.user, text, deps);
  }
  return {};
}

Result<void> record_reaction(const slack::ReactionEvent& reaction, SlackWorkerDeps& deps) {
  auto turn =
      deps.conversations.turn_by_message({"slack", reaction.team, reaction.channel, reaction.message_ts});
  if (!turn) {
    return tl::unexpected(turn.error());
  }
  if (!*turn || (*turn)->role != "assistant") {
    return {}; // a reaction to someone else's message
  }
  const std::string value = reaction_value(reaction.reaction);
  const std::string recorded = reaction.added ? value : "removed:" + value;
  auto added = deps.feedback.add_feedback(
      {(*turn)->id, reaction.user, store::FeedbackKind::reaction, recorded, wall_now()});
  if (!added) {
    return tl::unexpected(added.error());
  }
  return learn_from_rating(**turn, reaction.user, recorded, deps);
}

} // namespace steward::bot

// Slash commands, button clicks, modal submissions and reactions.

#include <nlohmann/json.hpp>

#include "bot/jobs/clock.hpp"
#include "bot/slack/conversation.hpp"
#include "bot/slack/replies.hpp"
#include "core/answer/text.hpp"

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
  auto added = deps.feedback.add_feedback({(*turn)->id, action.user, store::FeedbackKind::button,
                                           action.value == "-1" ? "-1" : "+1", wall_now()});
  if (!added) {
    return tl::unexpected(added.error());
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

} // namespace

Result<void> run_command(const slack::SlashCommand& command, const store::Job& /*job*/,
                         SlackWorkerDeps& deps) {
  auto [sub, rest] = split_subcommand(command.text);
  const std::string question = sub == "ask" ? rest : sub + " " + rest;
  answer::Answer reply;
  std::shared_ptr<const knowledge::Snapshot> snapshot = current_snapshot(deps, reply);
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
  auto added =
      deps.feedback.add_feedback({metadata["turn"].get<store::Id>(), view.user, store::FeedbackKind::comment,
                                  comment == view.values.end() ? "" : comment->second, wall_now()});
  if (!added) {
    return tl::unexpected(added.error());
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
  auto added = deps.feedback.add_feedback({(*turn)->id, reaction.user, store::FeedbackKind::reaction,
                                           reaction.added ? value : "removed:" + value, wall_now()});
  if (!added) {
    return tl::unexpected(added.error());
  }
  return {};
}

} // namespace steward::bot

// `/steward sql`: a person's own SQL, run read-only against the warehouse
// through the same guard, limits and PII masking as the agent's run_sql —
// or, with `sql.require_approval`, held with Run and Cancel buttons that only
// the asker and the approvers may press.

#include <nlohmann/json.hpp>

#include "bot/jobs/clock.hpp"
#include "bot/slack/conversation.hpp"
#include "bot/slack/replies.hpp"
#include "bot/slack/worker.hpp"
#include "core/agent/sql_tool.hpp"
#include "core/slack/entities.hpp"
#include "core/sql/render.hpp"

namespace steward::bot {
namespace {

/// The SQL of `text` (Slack's `&gt;`, `&lt;`, `&amp;` decoded): the inside of a ``` fence when there is one
/// (a language tag on its first line dropped), else the text without single backticks around it.
std::string statement_of(std::string text) {
  text = slack::decode_entities(text);
  if (const auto open = text.find("```"); open != std::string::npos) {
    const auto close = text.find("```", open + 3);
    text = text.substr(open + 3, close == std::string::npos ? std::string::npos : close - open - 3);
    const auto newline = text.find('\n');
    if (newline != std::string::npos && text.substr(0, newline).find(' ') == std::string::npos &&
        text.substr(0, newline).find_first_not_of("abcdefghijklmnopqrstuvwxyzSQL") == std::string::npos) {
      text = text.substr(newline + 1); // ```sql
    }
  }
  const auto begin = text.find_first_not_of(" \t\r\n`");
  const auto end = text.find_last_not_of(" \t\r\n`");
  return begin == std::string::npos ? std::string() : text.substr(begin, end - begin + 1);
}

std::string pending_key(const std::string& team, const std::string& channel, const std::string& ts) {
  return "sql.pending." + team + "." + channel + "." + ts;
}

Result<void> private_reply(const slack::SlashCommand& command, const answer::Answer& reply,
                           SlackWorkerDeps& deps) {
  if (!command.response_url.empty()) {
    return deps.chat.respond(command.response_url, reply, false, false);
  }
  return deps.chat.post_ephemeral({command.team, command.channel, ""}, command.user, reply);
}

/// The message shown while a query runs, with its Stop button.
answer::Answer running_notice() {
  answer::Answer running = notice("⏳ Running the query…");
  running.blocks.emplace_back(
      answer::Actions{{{"Stop", "steward.sql_stop", "", answer::ButtonStyle::danger}}});
  return running;
}

/// Runs `sql` for `owner` and shows the result in `message` (already posted
/// with `running_notice`), with its CSV in the message's thread when it has
/// many rows. The Stop button cancels it meanwhile.
Result<void> run_into(const store::MessageRef& message, const chat::Destination& thread,
                      const std::string& sql, const answer::Context& header, const std::string& owner,
                      SlackWorkerDeps& deps) {
  answer::Answer unavailable;
  auto snapshot = current_snapshot(deps, unavailable);
  answer::Answer reply = unavailable;
  if (snapshot) {
    const std::string key = pending_key(message.workspace, message.channel, message.message);
    const std::stop_token stop = deps.sql->running->start(key, owner);
    auto run = sql::run_query(sql, snapshot->project, deps.sql->settings, *deps.sql->warehouse, stop);
    deps.sql->running->finish(key);
    reply = run ? agent::query_answer(*run) : sql::render_failure(sql, run.error());
  }
  reply.blocks.insert(reply.blocks.begin(), header);
  if (auto updated = deps.chat.update(message, "", reply); !updated) {
    return tl::unexpected(updated.error());
  }
  for (const answer::File& file : reply.files) {
    if (auto uploaded = deps.chat.upload(thread, file.name, file.title, file.content); !uploaded) {
      return tl::unexpected(uploaded.error());
    }
  }
  return {};
}

/// Remembers the query held in message `ts` and who asked for it.
Result<void> remember(const std::string& team, const std::string& channel, const std::string& ts,
                      const std::string& asker, const std::string& sql, bool in_thread,
                      SlackWorkerDeps& deps) {
  const nlohmann::json pending = {{"asker", asker}, {"sql", sql}, {"in_thread", in_thread}};
  return deps.settings->put_setting(pending_key(team, channel, ts), pending.dump(), wall_now());
}

/// Posts `sql` with Run and Cancel buttons and remembers who asked.
Result<void> hold_for_approval(const slack::SlashCommand& command, const std::string& sql,
                               SlackWorkerDeps& deps) {
  answer::Answer held;
  held.summary = "A query is waiting to be run";
  held.blocks.emplace_back(answer::Context{"<@" + command.user + "> wants to run this query:"});
  for (answer::Block& block : agent::held_query(sql, command.user)) {
    held.blocks.push_back(std::move(block));
  }
  auto posted = deps.chat.post({command.team, command.channel, ""}, held);
  if (!posted) {
    return tl::unexpected(posted.error());
  }
  return remember(command.team, command.channel, posted->front().message, command.user, sql, false, deps);
}

} // namespace

Result<void> sql_command(const slack::SlashCommand& command, const std::string& text, SlackWorkerDeps& deps) {
  if (deps.sql == nullptr) {
    return private_reply(
        command, notice("SQL isn't set up here: an admin needs to set `warehouse.url` (see docs/sql.md)."),
        deps);
  }
  const std::string sql = statement_of(text);
  if (sql.empty()) {
    return private_reply(command,
                         notice("Give me one query: `/steward sql select count(*) from fct_orders`."), deps);
  }
  answer::Answer unavailable;
  auto snapshot = current_snapshot(deps, unavailable);
  if (!snapshot) {
    return private_reply(command, unavailable, deps);
  }
  if (auto checked = sql::check_query(sql, snapshot->project, deps.sql->settings); !checked) {
    return private_reply(command, sql::render_failure(sql, checked.error()), deps);
  }
  if (deps.sql->settings.require_approval && deps.settings != nullptr) {
    return hold_for_approval(command, sql, deps);
  }
  auto posted = deps.chat.post({command.team, command.channel, ""}, running_notice());
  if (!posted) {
    return tl::unexpected(posted.error());
  }
  const store::MessageRef& message = posted->front();
  return run_into(message, {command.team, command.channel, message.message}, sql,
                  answer::Context{"<@" + command.user + "> ran `/steward sql`"}, command.user, deps);
}

namespace {

/// The Stop button of a running query: its owner or an approver may press it.
Result<void> stop_running(const slack::BlockAction& action, const std::string& key, bool is_bot,
                          bool restricted, SlackWorkerDeps& deps) {
  const chat::Destination where{action.team, action.channel, action.thread_ts};
  const std::optional<std::string> owner = deps.sql->running->owner_of(key);
  if (!owner) {
    return deps.chat.post_ephemeral(where, action.user, notice("That query isn't running any more."));
  }
  const access::Decision decision = access::may_act_for(deps.policy, action.user, *owner, is_bot, restricted);
  if (!decision.allowed) {
    return deps.chat.post_ephemeral(where, action.user, notice("Sorry: " + decision.reason + "."));
  }
  deps.sql->running->stop(key); // the running worker shows the outcome in the message
  return {};
}

} // namespace

Result<void> remember_held_query(const answer::Answer& answer, const store::MessageRef& posted,
                                 const std::string& asker, SlackWorkerDeps& deps) {
  const std::string sql = agent::held_sql(answer);
  if (sql.empty() || deps.settings == nullptr) {
    return {};
  }
  return remember(posted.workspace, posted.channel, posted.message, asker, sql, true, deps);
}

Result<void> sql_button(const slack::BlockAction& action, const std::string& name, bool is_bot,
                        bool restricted, SlackWorkerDeps& deps) {
  const chat::Destination where{action.team, action.channel, action.thread_ts};
  auto tell = [&](std::string text) {
    return deps.chat.post_ephemeral(where, action.user, notice(std::move(text)));
  };
  if (deps.settings == nullptr || deps.sql == nullptr) {
    return tell("Queries can't be run from here: SQL isn't set up.");
  }
  const std::string key = pending_key(action.team, action.channel, action.message_ts);
  if (name == "steward.sql_stop") {
    return stop_running(action, key, is_bot, restricted, deps);
  }
  auto stored = deps.settings->setting(key);
  if (!stored) {
    return tl::unexpected(stored.error());
  }
  const nlohmann::json pending = *stored ? nlohmann::json::parse(**stored, nullptr, false) : nlohmann::json();
  if (!pending.is_object() || !pending.contains("sql") || !pending["sql"].is_string()) {
    return tell("That query isn't waiting any more: it was run or cancelled.");
  }
  const std::string asker = pending.value("asker", "");
  const access::Decision decision = access::may_act_for(deps.policy, action.user, asker, is_bot, restricted);
  if (!decision.allowed) {
    return tell("Sorry: " + decision.reason + ".");
  }
  auto erased = deps.settings->erase_setting(key); // one click wins
  if (!erased) {
    return tl::unexpected(erased.error());
  }
  if (!*erased) {
    return tell("That query isn't waiting any more: it was run or cancelled.");
  }
  const store::MessageRef message{"slack", action.team, action.channel, action.message_ts};
  const std::string sql = pending["sql"].get<std::string>();
  if (name == "steward.sql_cancel") {
    answer::Answer cancelled = notice("Cancelled by <@" + action.user + ">.");
    cancelled.blocks.insert(cancelled.blocks.begin(), answer::Code{sql, "sql"});
    auto updated = deps.chat.update(message, "", cancelled);
    return updated ? Result<void>() : tl::unexpected(updated.error());
  }
  const std::string who = action.user == asker ? "<@" + asker + "> ran this query"
                                               : "<@" + asker + "> asked; <@" + action.user + "> ran it";
  if (pending.value("in_thread", false)) {
    // A query the agent proposed: its answer stays, the result goes below.
    const chat::Destination thread{action.team, action.channel, action.thread_ts};
    auto posted = deps.chat.post(thread, running_notice());
    if (!posted) {
      return tl::unexpected(posted.error());
    }
    return run_into(posted->front(), thread, sql, answer::Context{who}, asker, deps);
  }
  (void)deps.chat.update(message, "", running_notice());
  return run_into(message, {action.team, action.channel, action.message_ts}, sql, answer::Context{who}, asker,
                  deps);
}

} // namespace steward::bot

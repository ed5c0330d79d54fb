#include "bot/slack/replies.hpp"

#include <algorithm>
#include <cctype>

#include "core/answer/block_kit.hpp"
#include "core/router/router.hpp"

namespace steward::bot {

namespace {

const char* const k_subcommands[] = {"ask",      "lineage",    "describe", "search",  "help",
                                     "upstream", "downstream", "impact",   "columns", "tests",
                                     "failures", "stats",      "feedback", "sql",     "datavault"};

std::string ephemeral(const answer::Answer& answer) {
  const std::vector<answer::SlackMessage> messages = answer::render_block_kit(answer);
  nlohmann::json body = messages.front();
  body["response_type"] = "ephemeral";
  return body.dump();
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

} // namespace

std::pair<std::string, std::string> split_subcommand(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\n");
  if (begin == std::string::npos) {
    return {"help", ""};
  }
  const auto end = text.find_first_of(" \t\n", begin);
  std::string first = lower(text.substr(begin, end == std::string::npos ? std::string::npos : end - begin));
  std::string rest;
  if (end != std::string::npos) {
    const auto rest_begin = text.find_first_not_of(" \t\n", end);
    rest = rest_begin == std::string::npos ? "" : text.substr(rest_begin);
  }
  if (std::find(std::begin(k_subcommands), std::end(k_subcommands), first) == std::end(k_subcommands)) {
    return {"ask", text.substr(begin)};
  }
  return {first, rest};
}

std::optional<std::string> immediate_reply(const slack::Work& work) {
  if (const auto* command = std::get_if<slack::SlashCommand>(&work)) {
    if (split_subcommand(command->text).first == "help") {
      return ephemeral(router::help());
    }
    return std::nullopt;
  }
  if (const auto* view = std::get_if<slack::ViewSubmission>(&work)) {
    if (view->callback_id != k_feedback_view) {
      return std::nullopt;
    }
    const auto comment = view->values.find(std::string(k_feedback_block) + "." + k_feedback_input);
    if (comment == view->values.end() || comment->second.find_first_not_of(" \t\n") == std::string::npos) {
      nlohmann::json errors;
      errors["response_action"] = "errors";
      errors["errors"][k_feedback_block] = "Please say what was wrong, so the answer can get better.";
      return errors.dump();
    }
  }
  return std::nullopt;
}

std::string acknowledgement(const slack::Work& work) {
  if (const auto* command = std::get_if<slack::SlashCommand>(&work)) {
    answer::Answer working;
    working.summary = "Working on it…";
    working.blocks.emplace_back(
        answer::Context{"Working on `" + command->command + " " + command->text + "`…"});
    return ephemeral(working);
  }
  return {};
}

answer::Answer placeholder() {
  answer::Answer answer;
  answer.summary = "Looking into it…";
  answer.blocks.emplace_back(answer::Context{"_Looking into it…_"});
  return answer;
}

answer::Answer with_feedback(answer::Answer answer) {
  answer.blocks.emplace_back(answer::Actions{{
      answer::Button{"👍 Helpful", "steward.feedback", "+1", answer::ButtonStyle::plain},
      answer::Button{"👎 Not helpful", "steward.feedback", "-1", answer::ButtonStyle::plain},
  }});
  return answer;
}

answer::Answer notice(std::string text) {
  answer::Answer answer;
  answer.summary = text;
  answer.blocks.emplace_back(answer::Paragraph{std::move(text)});
  return answer;
}

nlohmann::json feedback_view(std::int64_t turn, const std::string& channel, const std::string& message_ts) {
  nlohmann::json input = {
      {"type", "input"},
      {"block_id", k_feedback_block},
      {"label", {{"type", "plain_text"}, {"text", "What was wrong or missing?"}}},
      {"element",
       {{"type", "plain_text_input"},
        {"action_id", k_feedback_input},
        {"multiline", true},
        {"max_length", 2000}}},
  };
  return {
      {"type", "modal"},
      {"callback_id", k_feedback_view},
      {"private_metadata", nlohmann::json{{"turn", turn}, {"channel", channel}, {"ts", message_ts}}.dump()},
      {"title", {{"type", "plain_text"}, {"text", "Improve this answer"}}},
      {"submit", {{"type", "plain_text"}, {"text", "Send"}}},
      {"close", {{"type", "plain_text"}, {"text", "Cancel"}}},
      {"blocks", nlohmann::json::array({input})},
  };
}

std::string reaction_value(const std::string& reaction) {
  if (reaction == "+1" || reaction == "thumbsup" || reaction.starts_with("+1::")) {
    return "+1";
  }
  if (reaction == "-1" || reaction == "thumbsdown" || reaction.starts_with("-1::")) {
    return "-1";
  }
  return reaction;
}

} // namespace steward::bot

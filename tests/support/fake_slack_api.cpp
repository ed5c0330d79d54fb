// The fake Slack's Web API methods: token checks and realistic answers
// (reference slack-teams.md §5).

#include <algorithm>
#include <charconv>

#include "tests/support/fake_slack_impl.hpp"

namespace steward::testing {

using namespace fake_slack;

namespace {

constexpr std::string_view k_bot_token = "xoxb-test";
constexpr std::string_view k_app_token = "xapp-test";

nlohmann::json failure(std::string_view error) {
  return {{"ok", false}, {"error", std::string(error)}};
}

/// A string argument; numbers are accepted as their text (a `thread_ts` sent as a float).
std::string arg(const nlohmann::json& args, std::string_view name) {
  const auto it = args.find(name);
  if (it == args.end()) {
    return {};
  }
  if (it->is_string()) {
    return it->get<std::string>();
  }
  return it->is_number() ? it->dump() : std::string();
}

/// A JSON argument (`blocks`, `metadata`); a string that holds JSON is parsed.
nlohmann::json json_arg(const nlohmann::json& args, std::string_view name) {
  const auto it = args.find(name);
  if (it == args.end()) {
    return nullptr;
  }
  if (it->is_string()) {
    nlohmann::json parsed =
        nlohmann::json::parse(it->get<std::string>(), nullptr, /*allow_exceptions=*/false);
    return parsed.is_discarded() ? *it : parsed;
  }
  return *it;
}

/// `ts` as (seconds, microseconds) for ordering; "1700000000.000100" → (1700000000, 100).
std::pair<long long, long long> ts_key(std::string_view ts) {
  long long seconds = 0;
  long long micros = 0;
  const std::size_t dot = ts.find('.');
  std::from_chars(ts.data(), ts.data() + std::min(dot, ts.size()), seconds);
  if (dot != std::string_view::npos) {
    std::string fraction(ts.substr(dot + 1));
    fraction.resize(6, '0');
    std::from_chars(fraction.data(), fraction.data() + fraction.size(), micros);
  }
  return {seconds, micros};
}

nlohmann::json auth_test() {
  return {{"ok", true},
          {"url", "https://steward-test.slack.com/"},
          {"team", "Steward Test"},
          {"user", "steward"},
          {"team_id", "T0TEAM"},
          {"user_id", "U0BOT"},
          {"bot_id", "B0BOT"},
          {"is_enterprise_install", false}};
}

nlohmann::json users_info(const nlohmann::json& args) {
  const std::string user = arg(args, "user");
  if (user.empty()) {
    return failure("user_not_found");
  }
  return {{"ok", true},
          {"user",
           {{"id", user},
            {"team_id", "T0TEAM"},
            {"name", "user-" + user},
            {"real_name", "User " + user},
            {"tz", "Europe/Amsterdam"},
            {"is_bot", user == "U0BOT"},
            {"profile", {{"real_name", "User " + user}, {"display_name", "user-" + user}}}}}};
}

} // namespace

nlohmann::json fake_slack::message_json(const StoredMessage& message, bool has_replies) {
  nlohmann::json out{{"type", "message"}, {"ts", message.ts}, {"text", message.text}};
  if (!message.user.empty()) {
    out["user"] = message.user;
  }
  if (!message.bot_id.empty()) {
    out["bot_id"] = message.bot_id;
    out["app_id"] = "A0APP";
  }
  if (!message.thread_ts.empty()) {
    out["thread_ts"] = message.thread_ts;
  } else if (has_replies) {
    out["thread_ts"] = message.ts;
  }
  if (!message.blocks.is_null()) {
    out["blocks"] = message.blocks;
  }
  if (!message.metadata.is_null()) {
    out["metadata"] = message.metadata;
  }
  return out;
}

std::string FakeSlack::Impl::next_ts() {
  ++ts_counter;
  const std::uint64_t seconds = 1'700'000'000 + ts_counter / 10'000;
  const std::uint64_t micros = (ts_counter % 10'000) * 100;
  std::string fraction = std::to_string(micros);
  fraction.insert(0, 6 - fraction.size(), '0');
  return std::to_string(seconds) + "." + fraction;
}

nlohmann::json FakeSlack::Impl::call_method(const std::string& method, const std::string& token,
                                            const nlohmann::json& args) {
  const bool wants_app_token = method == "apps.connections.open";
  if (token.empty()) {
    return failure("not_authed");
  }
  if (token != k_bot_token && token != k_app_token) {
    return failure("invalid_auth");
  }
  if ((token == k_app_token) != wants_app_token) {
    return failure("not_allowed_token_type");
  }
  const std::lock_guard lock(mutex);
  if (method == "auth.test") {
    return auth_test();
  }
  if (method == "chat.postMessage") {
    return post_message(args);
  }
  if (method == "chat.update") {
    return update_message(args);
  }
  if (method == "conversations.replies") {
    return replies(args);
  }
  if (method == "chat.postEphemeral") {
    return {{"ok", true}, {"message_ts", next_ts()}};
  }
  if (method == "reactions.add") {
    return arg(args, "name").empty() ? failure("invalid_name") : nlohmann::json{{"ok", true}};
  }
  if (method == "views.open") {
    nlohmann::json view = json_arg(args, "view");
    view = view.is_object() ? view : nlohmann::json::object();
    view["id"] = "V" + std::to_string(1000000 + ++views);
    return {{"ok", true}, {"view", view}};
  }
  if (method == "users.info") {
    return users_info(args);
  }
  if (method == "users.lookupByEmail") {
    auto found = emails.find(arg(args, "email"));
    return found == emails.end() ? failure("users_not_found")
                                 : nlohmann::json{{"ok", true}, {"user", {{"id", found->second}}}};
  }
  if (method == "usergroups.users.list") {
    auto found = user_groups.find(arg(args, "usergroup"));
    return found == user_groups.end() ? failure("no_such_subteam")
                                      : nlohmann::json{{"ok", true}, {"users", found->second}};
  }
  if (method == "files.getUploadURLExternal") {
    if (arg(args, "filename").empty() || arg(args, "length").empty()) {
      return failure("invalid_arguments");
    }
    const std::string id = "F" + std::to_string(1000000 + ++files);
    return {{"ok", true},
            {"upload_url", "http://127.0.0.1:" + std::to_string(port) + "/upload/v1/" + id},
            {"file_id", id}};
  }
  if (method == "files.completeUploadExternal") {
    const nlohmann::json shared = json_arg(args, "files");
    return shared.is_array() ? nlohmann::json{{"ok", true}, {"files", shared}} : failure("invalid_arguments");
  }
  if (method == "apps.connections.open") {
    return {{"ok", true},
            {"url", "ws://127.0.0.1:" + std::to_string(port) + "/link?n=" + std::to_string(++links)}};
  }
  return failure("unknown_method");
}

nlohmann::json FakeSlack::Impl::post_message(const nlohmann::json& args) {
  StoredMessage message;
  message.channel = arg(args, "channel");
  if (message.channel.empty()) {
    return failure("channel_not_found");
  }
  message.text = arg(args, "text");
  message.blocks = json_arg(args, "blocks");
  if (message.text.empty() && message.blocks.is_null() && !args.contains("attachments")) {
    return failure("no_text");
  }
  message.thread_ts = arg(args, "thread_ts");
  message.metadata = json_arg(args, "metadata");
  message.bot_id = "B0BOT";
  message.user = "U0BOT";
  message.ts = next_ts();
  messages.push_back(message);
  nlohmann::json shown = message_json(message, false);
  shown["team"] = "T0TEAM";
  return {{"ok", true}, {"channel", message.channel}, {"ts", message.ts}, {"message", shown}};
}

nlohmann::json FakeSlack::Impl::update_message(const nlohmann::json& args) {
  const std::string channel = arg(args, "channel");
  const std::string ts = arg(args, "ts");
  const auto it = std::find_if(messages.begin(), messages.end(),
                               [&](const StoredMessage& m) { return m.channel == channel && m.ts == ts; });
  if (it == messages.end()) {
    return failure(channel.empty() ? "channel_not_found" : "message_not_found");
  }
  if (args.contains("text")) {
    it->text = arg(args, "text");
  }
  if (args.contains("blocks")) {
    it->blocks = json_arg(args, "blocks");
  }
  if (args.contains("metadata")) {
    it->metadata = json_arg(args, "metadata");
  }
  return {{"ok", true},
          {"channel", channel},
          {"ts", ts},
          {"text", it->text},
          {"message", message_json(*it, false)}};
}

nlohmann::json FakeSlack::Impl::replies(const nlohmann::json& args) {
  const std::string channel = arg(args, "channel");
  const std::string parent = arg(args, "ts");
  if (channel.empty()) {
    return failure("channel_not_found");
  }
  std::vector<const StoredMessage*> found;
  bool found_parent = false;
  for (const StoredMessage& message : messages) {
    if (message.channel == channel && (message.ts == parent || message.thread_ts == parent)) {
      found.push_back(&message);
      found_parent = found_parent || message.ts == parent;
    }
  }
  if (!found_parent) {
    return failure("thread_not_found");
  }
  std::stable_sort(found.begin(), found.end(), [](const StoredMessage* a, const StoredMessage* b) {
    return ts_key(a->ts) < ts_key(b->ts);
  });
  std::size_t offset = 0;
  const std::string cursor = arg(args, "cursor");
  if (cursor.starts_with("offset:")) {
    std::from_chars(cursor.data() + 7, cursor.data() + cursor.size(), offset);
  }
  std::size_t limit = 1000;
  if (const std::string text = arg(args, "limit"); !text.empty()) {
    std::from_chars(text.data(), text.data() + text.size(), limit);
  }
  limit = std::max<std::size_t>(limit, 1);
  nlohmann::json list = nlohmann::json::array();
  const bool has_replies = found.size() > 1;
  for (std::size_t i = offset; i < found.size() && i < offset + limit; ++i) {
    list.push_back(message_json(*found[i], has_replies));
  }
  const bool has_more = offset + limit < found.size();
  return {
      {"ok", true},
      {"messages", list},
      {"has_more", has_more},
      {"response_metadata", {{"next_cursor", has_more ? "offset:" + std::to_string(offset + limit) : ""}}}};
}

} // namespace steward::testing

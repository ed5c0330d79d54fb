#include "adapters/slack/chat.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>

#include "core/answer/block_kit.hpp"

namespace steward::slack {

namespace net = boost::asio;

namespace {

constexpr const char* k_marker_event = "steward_marker";

Error to_error(const ApiError& error) {
  return error.error;
}

class SlackChatImpl final : public SlackChat {
public:
  SlackChatImpl(WebApi& api, net::any_io_executor executor) : m_api(api), m_executor(std::move(executor)) {}

  [[nodiscard]] std::string_view platform() const override { return "slack"; }

  Result<std::vector<chat::MessageRef>> post(const chat::Destination& to, const answer::Answer& answer,
                                             const chat::PostOptions& options) override {
    std::vector<chat::MessageRef> refs;
    const std::vector<answer::SlackMessage> messages = answer::render_block_kit(answer);
    for (std::size_t i = 0; i < messages.size(); ++i) {
      nlohmann::json args = messages[i];
      args["channel"] = to.channel;
      const std::string thread = !to.thread.empty() ? to.thread : (refs.empty() ? "" : refs.front().message);
      if (!thread.empty()) {
        args["thread_ts"] = thread;
      }
      if (i == 0 && !options.marker.empty()) {
        args["metadata"] = {{"event_type", k_marker_event}, {"event_payload", {{"marker", options.marker}}}};
      }
      auto reply = call("chat.postMessage", std::move(args));
      if (!reply) {
        return tl::unexpected(reply.error());
      }
      refs.push_back({"slack", to.workspace, reply->value("channel", to.channel), reply->value("ts", "")});
    }
    return refs;
  }

  Result<std::vector<chat::MessageRef>> update(const chat::MessageRef& message, std::string_view thread,
                                               const answer::Answer& answer) override {
    const std::vector<answer::SlackMessage> messages = answer::render_block_kit(answer);
    nlohmann::json args = messages.front();
    args["channel"] = message.channel;
    args["ts"] = message.message;
    if (auto reply = call("chat.update", std::move(args)); !reply) {
      return tl::unexpected(reply.error());
    }
    std::vector<chat::MessageRef> refs{message};
    for (std::size_t i = 1; i < messages.size(); ++i) {
      nlohmann::json more = messages[i];
      more["channel"] = message.channel;
      more["thread_ts"] = thread.empty() ? message.message : std::string(thread);
      auto reply = call("chat.postMessage", std::move(more));
      if (!reply) {
        return tl::unexpected(reply.error());
      }
      refs.push_back({"slack", message.workspace, message.channel, reply->value("ts", "")});
    }
    return refs;
  }

  Result<void> post_ephemeral(const chat::Destination& to, std::string_view user,
                              const answer::Answer& answer) override {
    nlohmann::json args = answer::render_block_kit(answer).front();
    args["channel"] = to.channel;
    args["user"] = user;
    if (!to.thread.empty()) {
      args["thread_ts"] = to.thread;
    }
    return done(call("chat.postEphemeral", std::move(args)));
  }

  Result<void> react(const chat::MessageRef& message, std::string_view name) override {
    auto reply =
        call("reactions.add", {{"channel", message.channel}, {"timestamp", message.message}, {"name", name}});
    if (!reply && reply.error().reason == "already_reacted") {
      return {};
    }
    return done(std::move(reply));
  }

  Result<std::vector<chat::ThreadMessage>> thread_messages(std::string_view channel, std::string_view thread,
                                                           int limit) override {
    std::vector<chat::ThreadMessage> out;
    std::string cursor;
    do {
      nlohmann::json args = {{"channel", channel},
                             {"ts", thread},
                             {"limit", std::to_string(std::min(limit, 200))},
                             {"include_all_metadata", "true"}};
      if (!cursor.empty()) {
        args["cursor"] = cursor;
      }
      auto reply = call("conversations.replies", std::move(args), true);
      if (!reply) {
        return tl::unexpected(reply.error());
      }
      for (const auto& message : reply->value("messages", nlohmann::json::array())) {
        out.push_back(thread_message(message));
      }
      cursor =
          reply->contains("response_metadata") ? (*reply)["response_metadata"].value("next_cursor", "") : "";
    } while (!cursor.empty() && static_cast<int>(out.size()) < limit);
    return out;
  }

  Result<chat::UserInfo> user(std::string_view id) override {
    auto reply = call("users.info", {{"user", id}}, true);
    if (!reply) {
      return tl::unexpected(reply.error());
    }
    const nlohmann::json user = reply->value("user", nlohmann::json::object());
    const nlohmann::json profile = user.value("profile", nlohmann::json::object());
    chat::UserInfo info;
    info.id = user.value("id", std::string(id));
    for (const std::string& name :
         {profile.value("display_name", std::string()), profile.value("real_name", std::string()),
          user.value("real_name", std::string()), user.value("name", std::string())}) {
      if (info.name.empty() && !name.empty()) {
        info.name = name;
      }
    }
    info.time_zone = user.value("tz", "");
    info.is_bot = user.value("is_bot", false);
    info.is_restricted = user.value("is_restricted", false) || user.value("is_ultra_restricted", false);
    return info;
  }

  Result<std::optional<std::string>> user_by_email(std::string_view email) override {
    CallOptions options;
    options.form = true;
    auto reply = run(m_api.call("users.lookupByEmail", {{"email", email}}, options));
    if (!reply && reply.error().code == "users_not_found") {
      return std::optional<std::string>();
    }
    if (!reply) {
      return tl::unexpected(to_error(reply.error()));
    }
    const std::string id = reply->value("user", nlohmann::json::object()).value("id", "");
    return id.empty() ? std::optional<std::string>() : std::optional<std::string>(id);
  }

  Result<std::vector<std::string>> group_members(std::string_view group) override {
    auto reply = call("usergroups.users.list", {{"usergroup", group}}, true);
    if (!reply) {
      return tl::unexpected(reply.error());
    }
    std::vector<std::string> members;
    for (const auto& user : reply->value("users", nlohmann::json::array())) {
      if (user.is_string()) {
        members.push_back(user.get<std::string>());
      }
    }
    return members;
  }

  Result<std::string> upload(const chat::Destination& to, std::string_view filename, std::string_view title,
                             std::string_view bytes) override {
    auto slot = call("files.getUploadURLExternal",
                     {{"filename", filename}, {"length", std::to_string(bytes.size())}}, true);
    if (!slot) {
      return tl::unexpected(slot.error());
    }
    const std::string url = slot->value("upload_url", "");
    const std::string file = slot->value("file_id", "");
    auto sent = run(m_api.post_raw(url, "application/octet-stream", std::string(bytes)));
    if (!sent) {
      return tl::unexpected(to_error(sent.error()));
    }
    nlohmann::json complete = {{"files", nlohmann::json::array({{{"id", file}, {"title", title}}})},
                               {"channel_id", to.channel}};
    if (!to.thread.empty()) {
      complete["thread_ts"] = to.thread;
    }
    if (auto shared = call("files.completeUploadExternal", std::move(complete)); !shared) {
      return tl::unexpected(shared.error());
    }
    return file;
  }

  Result<void> respond(std::string_view response_url, const answer::Answer& answer, bool in_channel,
                       bool replace_original) override {
    nlohmann::json body = answer::render_block_kit(answer).front();
    body["response_type"] = in_channel ? "in_channel" : "ephemeral";
    body["replace_original"] = replace_original;
    auto sent = run(m_api.post_raw(std::string(response_url), "application/json", body.dump()));
    if (!sent) {
      return tl::unexpected(to_error(sent.error()));
    }
    return {};
  }

  Result<void> open_view(std::string_view trigger_id, const nlohmann::json& view) override {
    return done(call("views.open", {{"trigger_id", trigger_id}, {"view", view}}));
  }

private:
  template <typename T>
  T run(net::awaitable<T> operation) {
    return net::co_spawn(m_executor, std::move(operation), net::use_future).get();
  }

  Result<nlohmann::json> call(const std::string& method, nlohmann::json args, bool form = false) {
    CallOptions options;
    options.form = form;
    auto reply = run(m_api.call(method, std::move(args), options));
    if (!reply) {
      return tl::unexpected(to_error(reply.error()));
    }
    return std::move(*reply);
  }

  static Result<void> done(Result<nlohmann::json> reply) {
    if (!reply) {
      return tl::unexpected(reply.error());
    }
    return {};
  }

  static chat::ThreadMessage thread_message(const nlohmann::json& message) {
    chat::ThreadMessage out;
    out.message = message.value("ts", "");
    out.user = message.value("user", "");
    out.bot_id = message.value("bot_id", "");
    out.text = message.value("text", "");
    if (message.contains("metadata") && message["metadata"].is_object()) {
      const nlohmann::json& metadata = message["metadata"];
      if (metadata.value("event_type", "") == k_marker_event && metadata.contains("event_payload") &&
          metadata["event_payload"].is_object()) {
        out.marker = metadata["event_payload"].value("marker", "");
      }
    }
    return out;
  }

  WebApi& m_api;
  net::any_io_executor m_executor;
};

} // namespace

std::unique_ptr<SlackChat> make_slack_chat(WebApi& api, net::any_io_executor executor) {
  return std::make_unique<SlackChatImpl>(api, std::move(executor));
}

} // namespace steward::slack

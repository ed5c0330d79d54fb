#pragma once

#include <memory>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <nlohmann/json.hpp>

#include "adapters/slack/web_api.hpp"
#include "core/ports/chat.hpp"

namespace steward::slack {

/// The Chat port on Slack, plus the Slack-only calls workers need. Blocking:
/// each call runs on the Web API's executor and the calling (worker) thread
/// waits; never call it from that executor's threads.
class SlackChat : public chat::Chat {
public:
  /// POSTs `answer` (first message only) to a slash command's or action's
  /// `response_url`: `in_channel` or ephemeral, optionally replacing the
  /// message the action came from.
  virtual Result<void> respond(std::string_view response_url, const answer::Answer& answer, bool in_channel,
                               bool replace_original) = 0;

  /// Opens modal `view` (Block Kit view JSON) with `trigger_id`.
  virtual Result<void> open_view(std::string_view trigger_id, const nlohmann::json& view) = 0;
};

/// `api` must outlive the returned object; calls run on `executor`.
std::unique_ptr<SlackChat> make_slack_chat(WebApi& api, boost::asio::any_io_executor executor);

} // namespace steward::slack

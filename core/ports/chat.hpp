#pragma once

// The Chat port: how Steward talks in a chat platform. Slack and Teams
// implement it; producers hand it an `answer::Answer` and never see platform
// JSON.
//
// Contract for every implementation:
// - Calls are blocking and thread-safe. They must not be called from an I/O
//   thread (the daemon calls them from worker threads); an implementation may
//   wait for rate limits inside a call.
// - Errors are `Error{key, reason}` with key `<platform>.<method>` (e.g.
//   `slack.chat.postMessage`) and the platform's own error code in `reason`
//   (`channel_not_found`); they never contain a token.
// - Rate limits and transient failures are retried inside the call (bounded);
//   an error means the call did not take effect as far as Steward can tell.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/answer/answer.hpp"
#include "core/ports/store.hpp"
#include "core/util/error.hpp"

namespace steward::chat {

using store::MessageRef;

/// Where a message goes. `thread` is the root message id to reply under
/// (Slack `thread_ts`); empty posts at the top level of `channel`.
struct Destination {
  std::string workspace;
  std::string channel;
  std::string thread;
};

/// A message read back from a thread.
struct ThreadMessage {
  std::string message; ///< Slack `ts`
  std::string user;    ///< author user id; empty for some bot posts
  std::string bot_id;  ///< set when a bot posted it
  std::string text;
  std::string marker; ///< Steward's own marker attached when posting (see `PostOptions::marker`)
};

struct UserInfo {
  std::string id;
  std::string name;      ///< display name, else real name, else handle
  std::string time_zone; ///< IANA name, may be empty
  bool is_bot = false;
  bool is_restricted = false; ///< guest accounts
};

struct PostOptions {
  /// An opaque tag stored with the message (Slack message `metadata`) and
  /// returned by `thread_messages`, so a retried job can find what an
  /// earlier attempt already posted. Empty: none.
  std::string marker;
};

class Chat {
public:
  virtual ~Chat() = default;

  /// "slack" or "teams".
  [[nodiscard]] virtual std::string_view platform() const = 0;

  /// Posts `answer` to `to`. An answer over the platform's limits becomes
  /// several messages, posted in order in the same thread (a top-level
  /// answer's continuation goes into the first message's thread). Returns the
  /// refs of every message posted, first first.
  virtual Result<std::vector<MessageRef>> post(const Destination& to, const answer::Answer& answer,
                                               const PostOptions& options = {}) = 0;

  /// Replaces message `message` with `answer`; continuation messages, if the
  /// new answer needs them, are posted in `thread` after it.
  virtual Result<std::vector<MessageRef>> update(const MessageRef& message, std::string_view thread,
                                                 const answer::Answer& answer) = 0;

  /// Shows `answer` to `user` only (first message only when it needs several).
  virtual Result<void> post_ephemeral(const Destination& to, std::string_view user,
                                      const answer::Answer& answer) = 0;

  /// Adds reaction `name` (no colons) to `message`; already present is success.
  virtual Result<void> react(const MessageRef& message, std::string_view name) = 0;

  /// The messages of thread `thread` in `channel`, oldest first (at most `limit`).
  virtual Result<std::vector<ThreadMessage>> thread_messages(std::string_view channel,
                                                             std::string_view thread, int limit) = 0;

  virtual Result<UserInfo> user(std::string_view id) = 0;

  /// The id of the user whose email address is `email`; none when no user
  /// has it (Slack: users.lookupByEmail, scope users:read.email).
  virtual Result<std::optional<std::string>> user_by_email(std::string_view email) = 0;

  /// The user ids in user group `group` (Slack: usergroups.users.list,
  /// scope usergroups:read).
  virtual Result<std::vector<std::string>> group_members(std::string_view group) = 0;

  /// Shares `bytes` as file `filename` in `to` (with `title`); returns the file id.
  virtual Result<std::string> upload(const Destination& to, std::string_view filename, std::string_view title,
                                     std::string_view bytes) = 0;
};

} // namespace steward::chat

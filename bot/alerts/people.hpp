#pragma once

// Turns the people a dbt project names in `meta` (owner, subscribers,
// alerts.approvers) into chat users: emails through the chat's directory
// (Slack users.lookupByEmail), user groups into their members. Email lookups
// are cached for the life of the object, misses too, so a bad night of
// alerts costs one call per address; group members for five minutes, so
// someone removed from an approvers group stops approving soon after.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ports/chat.hpp"

namespace steward::bot {

/// @par Thread safety
/// All members may be called concurrently.
class People {
public:
  explicit People(chat::Chat& chat) : m_chat(chat) {}

  /// How `who` is shown in a message: `U…`/`W…` → `<@U…>`, `S…` → `<!subteam^S…>`,
  /// an email of a known user → `<@U…>`, anything else (an unknown email, a
  /// `@handle`, a team name) as written. Never fails: a lookup error shows
  /// the text as written.
  std::string mention(std::string_view who);

  /// The user id `who` names (`U…`, `<@U…>`, or an email of a known user);
  /// none for groups, handles and unknown addresses.
  std::optional<std::string> user_id(std::string_view who);

  /// Whether `user` is `who`: the same user, or a member of user group `who`.
  bool includes(std::string_view who, std::string_view user);

private:
  std::optional<std::string> by_email(const std::string& email);

  chat::Chat& m_chat;
  std::mutex m_mutex;
  std::map<std::string, std::optional<std::string>, std::less<>> m_emails; ///< guarded by m_mutex
  struct Members {
    std::vector<std::string> users;
    std::chrono::steady_clock::time_point read_at;
  };
  std::map<std::string, Members, std::less<>> m_groups; ///< guarded by m_mutex
};

/// True for Slack user ids (`U…`, `W…`) and user group ids (`S…`): an upper-case
/// letter then upper-case letters and digits, 9 to 12 characters in all.
bool is_user_id(std::string_view text);
bool is_group_id(std::string_view text);

} // namespace steward::bot

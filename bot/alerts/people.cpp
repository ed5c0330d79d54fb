#include "bot/alerts/people.hpp"

#include <algorithm>
#include <cctype>

namespace steward::bot {

namespace {

bool slack_id(std::string_view text, char first) {
  if (text.size() < 9 || text.size() > 12 || text.front() != first) {
    return false;
  }
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0 || (c >= 'A' && c <= 'Z');
  });
}

/// `<@U123>` → `U123`; anything else unchanged.
std::string_view unwrap(std::string_view who) {
  if (who.starts_with("<@") && who.ends_with(">")) {
    return who.substr(2, who.size() - 3);
  }
  return who;
}

bool is_email(std::string_view text) {
  const std::size_t at = text.find('@');
  return at != std::string_view::npos && at > 0 && text.find('.', at) != std::string_view::npos &&
         text.find(' ') == std::string_view::npos;
}

} // namespace

bool is_user_id(std::string_view text) {
  return slack_id(text, 'U') || slack_id(text, 'W');
}

bool is_group_id(std::string_view text) {
  return slack_id(text, 'S');
}

std::optional<std::string> People::by_email(const std::string& email) {
  {
    const std::lock_guard lock(m_mutex);
    if (auto found = m_emails.find(email); found != m_emails.end()) {
      return found->second;
    }
  }
  auto looked_up = m_chat.user_by_email(email);
  if (!looked_up) {
    return std::nullopt; // not cached: the next alert tries again
  }
  const std::lock_guard lock(m_mutex);
  m_emails[email] = *looked_up;
  return *looked_up;
}

std::optional<std::string> People::user_id(std::string_view who) {
  const std::string_view id = unwrap(who);
  if (is_user_id(id)) {
    return std::string(id);
  }
  if (is_email(who)) {
    return by_email(std::string(who));
  }
  return std::nullopt;
}

std::string People::mention(std::string_view who) {
  if (is_group_id(who)) {
    return "<!subteam^" + std::string(who) + ">";
  }
  if (auto id = user_id(who)) {
    return "<@" + *id + ">";
  }
  return std::string(who);
}

bool People::includes(std::string_view who, std::string_view user) {
  if (user.empty()) {
    return false;
  }
  if (!is_group_id(who)) {
    auto id = user_id(who);
    return id && *id == user;
  }
  constexpr auto k_members_ttl = std::chrono::minutes(5);
  const auto now = std::chrono::steady_clock::now();
  std::optional<std::vector<std::string>> members;
  {
    const std::lock_guard lock(m_mutex);
    if (auto found = m_groups.find(who);
        found != m_groups.end() && now - found->second.read_at < k_members_ttl) {
      members = found->second.users;
    }
  }
  if (!members) {
    auto listed = m_chat.group_members(who);
    if (!listed) {
      return false; // unknown group or Slack unreachable: nobody is in it
    }
    members = *listed;
    const std::lock_guard lock(m_mutex);
    m_groups[std::string(who)] = Members{*listed, now};
  }
  return std::find(members->begin(), members->end(), user) != members->end();
}

} // namespace steward::bot

#include "bot/sql/running.hpp"

namespace steward::bot {

std::stop_token RunningQueries::start(const std::string& key, const std::string& owner) {
  const std::lock_guard lock(m_mutex);
  Entry& entry = m_running[key];
  entry = Entry{std::stop_source(), owner};
  return entry.source.get_token();
}

void RunningQueries::finish(const std::string& key) {
  const std::lock_guard lock(m_mutex);
  m_running.erase(key);
}

std::optional<std::string> RunningQueries::owner_of(const std::string& key) const {
  const std::lock_guard lock(m_mutex);
  const auto found = m_running.find(key);
  return found == m_running.end() ? std::nullopt : std::optional<std::string>(found->second.owner);
}

bool RunningQueries::stop(const std::string& key) {
  std::stop_source source;
  {
    const std::lock_guard lock(m_mutex);
    const auto found = m_running.find(key);
    if (found == m_running.end()) {
      return false;
    }
    source = found->second.source;
  }
  source.request_stop(); // sends the cancel request: outside the lock
  return true;
}

} // namespace steward::bot

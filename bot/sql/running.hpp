#pragma once

// The queries this process is running for chat, so a person can stop one
// (the Stop button on its "Running the query…" message). A query running on
// another replica is not here: its Stop says it is not running any more,
// and `sql.timeout` still bounds it.

#include <map>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>

namespace steward::bot {

class RunningQueries {
public:
  /// Registers the query shown in message `key` (`team.channel.ts`), run for
  /// `owner`; its token is stopped by `stop`. Call `finish` when it ends.
  std::stop_token start(const std::string& key, const std::string& owner);
  void finish(const std::string& key);

  /// Who the query in `key` runs for, or nullopt when none runs there.
  [[nodiscard]] std::optional<std::string> owner_of(const std::string& key) const;

  /// Requests the query in `key` to stop (the warehouse cancels it on the
  /// server). False when none runs there.
  bool stop(const std::string& key);

private:
  struct Entry {
    std::stop_source source;
    std::string owner;
  };
  mutable std::mutex m_mutex;
  std::map<std::string, Entry> m_running; // guarded by m_mutex
};

} // namespace steward::bot

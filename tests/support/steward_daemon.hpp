#pragma once

// Runs the real `steward serve` binary against a fake Slack, for end-to-end
// tests: writes its config and secret files into a directory, starts it, and
// reads the port it serves on.

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "tests/support/fake_slack.hpp"
#include "tests/support/subprocess.hpp"

namespace steward::testing {

inline constexpr const char* k_signing_secret = "8f742231b10e8888abcd99yyyzzz85a5";

struct DaemonSettings {
  std::string mode = "http"; ///< slack.mode
  std::string extra_yaml;    ///< appended to the config (top-level sections)
  std::string server_yaml;   ///< more `server:` keys, each line indented two spaces (e.g. TLS files)
  std::string lease = "2s";
  bool configure_identity = false;   ///< set slack.bot_user_id/bot_id instead of auth.test
  std::string project;               ///< project.path; empty: the bundled examples/shop
  std::string watch_interval = "0s"; ///< project.watch_interval
};

class StewardDaemon {
public:
  StewardDaemon(std::filesystem::path dir, const FakeSlack& slack, DaemonSettings settings = {});
  ~StewardDaemon();
  StewardDaemon(const StewardDaemon&) = delete;
  StewardDaemon& operator=(const StewardDaemon&) = delete;

  /// Starts the daemon and waits for its "serving on" line; false (with
  /// `output()` holding what it printed) when it exited or timed out.
  bool start(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  [[nodiscard]] unsigned short port() const { return m_port; }
  /// "http" or "https", as the daemon announced.
  [[nodiscard]] const std::string& scheme() const { return m_scheme; }
  /// Everything it printed (stdout and stderr) so far.
  [[nodiscard]] std::string output() const;
  [[nodiscard]] const std::filesystem::path& config_file() const { return m_config; }

  /// SIGKILL, then reap.
  void kill_hard();
  /// SIGTERM, then wait; returns the exit code.
  int stop();

private:
  void reap();

  std::filesystem::path m_dir;
  std::filesystem::path m_config;
  std::unique_ptr<Subprocess> m_process;
  unsigned short m_port = 0;
  std::string m_scheme;
  mutable std::mutex m_mutex;
  std::string m_output; ///< guarded by m_mutex
  std::thread m_drain;  ///< keeps reading output once started, so the pipe never fills
};

} // namespace steward::testing

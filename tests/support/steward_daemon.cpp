#include "tests/support/steward_daemon.hpp"

#include <fstream>

namespace steward::testing {

namespace {

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

} // namespace

StewardDaemon::StewardDaemon(std::filesystem::path dir, const FakeSlack& slack, DaemonSettings settings)
    : m_dir(std::move(dir)), m_config(m_dir / "steward.yaml") {
  write_file(m_dir / "signing_secret", k_signing_secret);
  write_file(m_dir / "bot_token", "xoxb-test");
  write_file(m_dir / "app_token", "xapp-test");
  const std::string project =
      settings.project.empty() ? std::string(STEWARD_SOURCE_DIR) + "/examples/shop" : settings.project;
  std::string yaml = "project:\n  path: " + project + "\n  watch_interval: " + settings.watch_interval +
                     "\nstate:\n  dir: " + (m_dir / "state").string() +
                     "\n"
                     "server:\n  listen: 127.0.0.1:0\n" +
                     settings.server_yaml + "slack:\n  mode: " + settings.mode +
                     "\n  api_base_url: " + slack.api_base_url() +
                     "\n  signing_secret_file: " + (m_dir / "signing_secret").string() +
                     "\n  bot_token_file: " + (m_dir / "bot_token").string() +
                     "\n  app_token_file: " + (m_dir / "app_token").string() + "\n";
  if (settings.configure_identity) {
    yaml += "  bot_user_id: U0BOT\n  bot_id: B0BOT\n";
  }
  yaml += "jobs:\n  lease: " + settings.lease + "\n  retry_base: 200ms\n  retry_max: 2s\n";
  yaml += "log:\n  level: warn\n";
  yaml += settings.extra_yaml;
  write_file(m_config, yaml);
}

StewardDaemon::~StewardDaemon() {
  if (m_process) {
    kill_hard();
  }
}

bool StewardDaemon::start(std::chrono::milliseconds timeout) {
  m_process = std::make_unique<Subprocess>(
      std::vector<std::string>{STEWARD_BINARY, "serve", "--config", m_config.string()}, true);
  {
    std::lock_guard lock(m_mutex);
    m_output.clear();
  }
  std::string line;
  while (m_process->read_line_for(line, timeout)) {
    {
      std::lock_guard lock(m_mutex);
      m_output += line + "\n";
    }
    const std::string marker = "serving on ";
    const std::string host = "://127.0.0.1:";
    const auto at = line.find(marker);
    const auto colon = at == std::string::npos ? at : line.find(host, at);
    if (colon != std::string::npos) {
      m_scheme = line.substr(at + marker.size(), colon - at - marker.size());
      m_port = static_cast<unsigned short>(std::stoi(line.substr(colon + host.size())));
      m_drain = std::thread([this, process = m_process.get()] {
        std::string more;
        while (process->read_line(more)) {
          std::lock_guard lock(m_mutex);
          m_output += more + "\n";
        }
      });
      return true;
    }
  }
  return false;
}

std::string StewardDaemon::output() const {
  std::lock_guard lock(m_mutex);
  return m_output;
}

void StewardDaemon::reap() {
  if (m_drain.joinable()) {
    m_drain.join(); // ends at end of output: the process is gone
  }
  m_process.reset();
}

void StewardDaemon::kill_hard() {
  if (m_process) {
    m_process->kill(SIGKILL);
    m_process->wait();
    reap();
  }
}

int StewardDaemon::stop() {
  if (!m_process) {
    return -1;
  }
  m_process->kill(SIGTERM);
  const int code = m_process->wait();
  reap();
  return code;
}

} // namespace steward::testing

#pragma once

// A child process with its stdout on a pipe, for tests that run helper
// programs and kill them mid-flight.

#include <cerrno>
#include <chrono>
#include <csignal>
#include <string>
#include <vector>

#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ; // NOLINT(readability-redundant-declaration)

namespace steward::testing {

class Subprocess {
public:
  /// Starts `argv[0]` with `argv` (stderr inherited). `pid()` is -1 on failure.
  /// Starts `argv`; with `merge_stderr` the child's stderr goes to the same pipe.
  explicit Subprocess(const std::vector<std::string>& argv, bool merge_stderr = false) {
    int fds[2];
    if (::pipe(fds) != 0) {
      return;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    if (merge_stderr) {
      posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
    }
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<char*> args;
    for (const std::string& arg : argv) {
      args.push_back(const_cast<char*>(arg.c_str())); // NOLINT(cppcoreguidelines-pro-type-const-cast)
    }
    args.push_back(nullptr);
    if (::posix_spawn(&m_pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
      m_pid = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    m_out = fds[0];
  }
  ~Subprocess() {
    if (m_pid > 0) {
      kill(SIGKILL);
      wait();
    }
    if (m_out >= 0) {
      ::close(m_out);
    }
  }
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  Subprocess(Subprocess&&) = delete;
  Subprocess& operator=(Subprocess&&) = delete;

  [[nodiscard]] pid_t pid() const { return m_pid; }

  /// The next line of the child's stdout without its newline; false at end of output.
  bool read_line(std::string& line) {
    line.clear();
    for (;;) {
      if (auto newline = m_buffer.find('\n'); newline != std::string::npos) {
        line = m_buffer.substr(0, newline);
        m_buffer.erase(0, newline + 1);
        return true;
      }
      char chunk[4096];
      ssize_t got = ::read(m_out, chunk, sizeof chunk);
      if (got < 0 && errno == EINTR) {
        continue;
      }
      if (got <= 0) {
        line = m_buffer;
        m_buffer.clear();
        return !line.empty();
      }
      m_buffer.append(chunk, static_cast<std::size_t>(got));
    }
  }

  /// Like `read_line`, but gives up (returning false) after `timeout`.
  bool read_line_for(std::string& line, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (m_buffer.find('\n') == std::string::npos) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        return false;
      }
      pollfd fd{m_out, POLLIN, 0};
      if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0) {
        continue;
      }
      char chunk[4096];
      ssize_t got = ::read(m_out, chunk, sizeof chunk);
      if (got <= 0) {
        if (got < 0 && errno == EINTR) {
          continue;
        }
        return read_line(line);
      }
      m_buffer.append(chunk, static_cast<std::size_t>(got));
    }
    return read_line(line);
  }

  void kill(int signal) const {
    if (m_pid > 0) {
      ::kill(m_pid, signal);
    }
  }

  /// Waits for the child; returns its exit code, or 128 + signal.
  int wait() {
    int status = 0;
    if (m_pid <= 0 || ::waitpid(m_pid, &status, 0) != m_pid) {
      return -1;
    }
    m_pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

private:
  pid_t m_pid = -1;
  int m_out = -1;
  std::string m_buffer;
};

} // namespace steward::testing

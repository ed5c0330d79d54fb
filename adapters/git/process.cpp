#include "adapters/git/process.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <optional>
#include <string_view>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ; // NOLINT(readability-redundant-declaration)

namespace steward::git {

namespace {

using Clock = std::chrono::steady_clock;

/// A file descriptor closed when it goes away.
class Fd {
public:
  Fd() = default;
  explicit Fd(int fd) : m_fd(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
  }
  [[nodiscard]] int get() const { return m_fd; }
  [[nodiscard]] bool open() const { return m_fd >= 0; }
  void reset() {
    if (m_fd >= 0) {
      ::close(m_fd);
      m_fd = -1;
    }
  }

private:
  int m_fd = -1;
};

/// The parent's ends of the child's stdin, stdout and stderr, and the
/// child's ends (closed in the parent once the child has started).
struct Pipes {
  Fd in, out, err;
  Fd child_in, child_out, child_err;
};

bool make_pipes(Pipes& pipes) {
  std::array<int, 2> in{-1, -1};
  std::array<int, 2> out{-1, -1};
  std::array<int, 2> err{-1, -1};
  // stdin is a socket so that writing to a child that has exited gives
  // EPIPE (MSG_NOSIGNAL) instead of killing this process with SIGPIPE.
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in.data()) != 0) {
    return false;
  }
  pipes.in = Fd(in[0]);
  pipes.child_in = Fd(in[1]);
  if (::pipe2(out.data(), O_CLOEXEC) != 0) {
    return false;
  }
  pipes.out = Fd(out[0]);
  pipes.child_out = Fd(out[1]);
  if (::pipe2(err.data(), O_CLOEXEC) != 0) {
    return false;
  }
  pipes.err = Fd(err[0]);
  pipes.child_err = Fd(err[1]);
  return ::fcntl(pipes.in.get(), F_SETFL, O_NONBLOCK) == 0;
}

/// This process's environment without the variables `run` sets or unsets,
/// followed by the ones it sets.
std::vector<std::string> child_environment(const ProcessRun& run) {
  auto replaced = [&](std::string_view entry) {
    const std::string_view name = entry.substr(0, entry.find('='));
    for (const auto& [key, value] : run.env) {
      if (key == name) {
        return true;
      }
    }
    return std::any_of(run.unset.begin(), run.unset.end(),
                       [&](const std::string& key) { return key == name; });
  };
  std::vector<std::string> out;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    if (!replaced(*entry)) {
      out.emplace_back(*entry);
    }
  }
  for (const auto& [key, value] : run.env) {
    std::string entry = key;
    entry += '=';
    entry += value;
    out.push_back(std::move(entry));
  }
  return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (std::string& text : strings) {
    out.push_back(text.data());
  }
  out.push_back(nullptr);
  return out;
}

/// Starts the child in its own session with the pipes as its standard
/// streams; returns its pid, or the errno of the failure as a negative number.
pid_t spawn(const ProcessRun& run, const Pipes& pipes) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipes.child_in.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipes.child_out.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipes.child_err.get(), STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none;
  sigemptyset(&none);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<std::string> args = run.argv;
  std::vector<std::string> env = child_environment(run);
  std::vector<char*> argv = pointers(args);
  std::vector<char*> envp = pointers(env);
  pid_t pid = -1;
  const int failed = ::posix_spawnp(&pid, argv[0], &actions, &attributes, argv.data(), envp.data());
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  return failed != 0 ? -failed : pid;
}

/// Kills the child's whole process group and reaps the child.
void kill_and_reap(pid_t pid) {
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

int exit_code(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int millis_until(Clock::time_point deadline) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 60'000));
}

/// Reads what is available on `fd` into `into`; closes `fd` at end of file.
void drain(Fd& fd, std::string& into) {
  std::array<char, 65536> chunk{};
  const ssize_t got = ::read(fd.get(), chunk.data(), chunk.size());
  if (got > 0) {
    into.append(chunk.data(), static_cast<std::size_t>(got));
  } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
    fd.reset();
  }
}

/// Writes more of `input` (from `written`) to the child's stdin; closes it
/// once everything is written or the child stopped reading.
void feed(Fd& fd, const std::string& input, std::size_t& written) {
  const ssize_t sent = ::send(fd.get(), input.data() + written, input.size() - written, MSG_NOSIGNAL);
  if (sent > 0) {
    written += static_cast<std::size_t>(sent);
  } else if (sent < 0 && errno != EINTR && errno != EAGAIN) {
    written = input.size();
  }
  if (written >= input.size()) {
    fd.reset();
  }
}

/// Feeds stdin and collects stdout and stderr until both are closed; false
/// when `deadline` passed first.
bool exchange(Pipes& pipes, const std::string& input, ProcessOutput& output, Clock::time_point deadline) {
  std::size_t written = 0;
  if (input.empty()) {
    pipes.in.reset();
  }
  while (pipes.out.open() || pipes.err.open()) {
    std::array<pollfd, 3> fds{pollfd{pipes.in.get(), POLLOUT, 0}, pollfd{pipes.out.get(), POLLIN, 0},
                              pollfd{pipes.err.get(), POLLIN, 0}};
    const int timeout = millis_until(deadline);
    if (timeout == 0) {
      return false;
    }
    if (::poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) {
      return false;
    }
    if (pipes.in.open() && fds[0].revents != 0) {
      feed(pipes.in, input, written);
    }
    if (pipes.out.open() && fds[1].revents != 0) {
      drain(pipes.out, output.out);
    }
    if (pipes.err.open() && fds[2].revents != 0) {
      drain(pipes.err, output.err);
    }
  }
  return true;
}

/// Waits for the child to exit by `deadline`; its exit code, or nothing.
std::optional<int> wait_until(pid_t pid, Clock::time_point deadline) {
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      return exit_code(status);
    }
    if (done < 0 && errno != EINTR) {
      return -1;
    }
    if (Clock::now() >= deadline) {
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

std::string seconds(std::chrono::milliseconds timeout) {
  const auto count = timeout.count();
  return count % 1000 == 0 ? std::to_string(count / 1000) + " s" : std::to_string(count) + " ms";
}

} // namespace

Result<ProcessOutput> run_process(const ProcessRun& run, const std::string& key) {
  const std::string program = run.argv.empty() ? std::string() : run.argv.front();
  if (program.empty()) {
    return fail(key, "no program to run");
  }
  Pipes pipes;
  if (!make_pipes(pipes)) {
    return fail(key, std::string("cannot create pipes: ") + std::strerror(errno));
  }
  const auto deadline = Clock::now() + run.timeout;
  const pid_t pid = spawn(run, pipes);
  if (pid < 0) {
    return fail(key, "cannot run " + program + ": " + std::strerror(-pid));
  }
  pipes.child_in.reset();
  pipes.child_out.reset();
  pipes.child_err.reset();
  ProcessOutput output;
  std::optional<int> code;
  if (exchange(pipes, run.input, output, deadline)) {
    code = wait_until(pid, deadline);
  }
  if (!code) {
    kill_and_reap(pid);
    const std::string label = run.label.empty() ? program : run.label;
    return fail(key, label + " did not finish within " + seconds(run.timeout) + " and was stopped");
  }
  output.exit_code = *code;
  return output;
}

} // namespace steward::git

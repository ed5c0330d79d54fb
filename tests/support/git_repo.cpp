#include "tests/support/git_repo.hpp"

#include <array>
#include <cerrno>
#include <fstream>
#include <sstream>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

extern char** environ; // NOLINT(readability-redundant-declaration)

namespace steward::testing {

namespace {

const std::string k_first_orders = "select id, customer_id from {{ ref('stg_orders') }}\n";

std::string joined(const std::vector<std::string>& args) {
  std::string out;
  for (const std::string& arg : args) {
    out += (out.empty() ? "" : " ") + arg;
  }
  return out;
}

/// Runs `argv` (stderr inherited); its exit code (-1 when it cannot start)
/// and all of its stdout.
int run(const std::vector<std::string>& argv, std::string& out) {
  std::array<int, 2> fds{-1, -1};
  if (::pipe(fds.data()) != 0) {
    return -1;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& arg : argv) {
    args.push_back(const_cast<char*>(arg.c_str())); // NOLINT(cppcoreguidelines-pro-type-const-cast)
  }
  args.push_back(nullptr);
  pid_t pid = -1;
  const int failed = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  std::array<char, 4096> chunk{};
  for (ssize_t got = 0; (got = ::read(fds[0], chunk.data(), chunk.size())) != 0;) {
    if (got > 0) {
      out.append(chunk.data(), static_cast<std::size_t>(got));
    } else if (errno != EINTR) {
      break;
    }
  }
  ::close(fds[0]);
  int status = 0;
  if (failed != 0 || ::waitpid(pid, &status, 0) != pid) {
    return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string trimmed(std::string text) {
  while (!text.empty() && text.back() == '\n') {
    text.pop_back();
  }
  return text;
}

} // namespace

const GitRepo::Files& GitRepo::default_files() {
  static const Files files{
      {"dbt_project.yml", "name: shop\nversion: '1.0'\nprofile: shop\n"},
      {"models/orders.sql", "select id, customer_id, amount from {{ ref('stg_orders') }}\n"},
      {"models/schema.yml", "version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n"},
      {"README.md", "# shop\n\nThe shop's dbt project.\n"},
      {"scripts/build.sh", "#!/bin/sh\ndbt build\n"},
  };
  return files;
}

GitRepo::GitRepo() {
  std::filesystem::create_directories(root());
  git({"init", "--quiet", "--initial-branch=main"});
  git_in(scratch(), {"init", "--quiet", "--bare", "--initial-branch=main", bare().string()});
  for (const auto& [path, content] : default_files()) {
    write(path, path == "models/orders.sql" ? k_first_orders : content);
  }
  std::filesystem::permissions(root() / "scripts/build.sh", std::filesystem::perms::owner_exec,
                               std::filesystem::perm_options::add);
  commit_all("Initial project");
  write("models/orders.sql", default_files()[1].second);
  commit_all("Add amount to orders");
  git({"remote", "add", "origin", bare().string()});
  git({"push", "--quiet", "origin", "main"});
}

int GitRepo::try_git(const std::filesystem::path& dir, const std::vector<std::string>& args,
                     std::string* out) const {
  std::vector<std::string> argv{"/usr/bin/env",
                                "GIT_CONFIG_NOSYSTEM=1",
                                "GIT_CONFIG_GLOBAL=/dev/null",
                                "GIT_TERMINAL_PROMPT=0",
                                "LC_ALL=C",
                                "GIT_AUTHOR_NAME=Ada Lovelace",
                                "GIT_AUTHOR_EMAIL=ada@example.com",
                                "GIT_COMMITTER_NAME=Ada Lovelace",
                                "GIT_COMMITTER_EMAIL=ada@example.com",
                                "git",
                                "-C",
                                dir.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::string text;
  const int code = run(argv, text);
  if (out != nullptr) {
    *out = std::move(text);
  }
  return code;
}

std::string GitRepo::git_in(const std::filesystem::path& dir, const std::vector<std::string>& args) const {
  std::string out;
  const int code = try_git(dir, args, &out);
  if (code != 0) {
    ADD_FAILURE() << "git -C " << dir.string() << " " << joined(args) << " exited with " << code;
  }
  return trimmed(std::move(out));
}

std::string GitRepo::git(const std::vector<std::string>& args) const {
  return git_in(root(), args);
}

std::string GitRepo::read(const std::string& path) const {
  std::ifstream file(root() / path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

void GitRepo::write(const std::string& path, const std::string& content) const {
  const std::filesystem::path file = root() / path;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << content;
}

std::string GitRepo::commit_all(const std::string& message) const {
  git({"add", "--all"});
  git({"commit", "--quiet", "-m", message});
  return git({"rev-parse", "HEAD"});
}

std::string GitRepo::show(const std::string& revision, const std::string& path) const {
  std::string out;
  if (try_git(root(), {"cat-file", "blob", revision + ":" + path}, &out) != 0) {
    return {};
  }
  return out;
}

} // namespace steward::testing

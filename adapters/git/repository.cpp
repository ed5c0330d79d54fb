#include "adapters/git/repository.hpp"

#include "adapters/git/cli.hpp"
#include "adapters/git/commit.hpp"
#include "adapters/git/names.hpp"

namespace steward::git {

namespace {

constexpr char k_field = '\x1f';
constexpr char k_record = '\x1e';

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (;;) {
    const std::size_t end = text.find(separator);
    parts.push_back(text.substr(0, end));
    if (end == std::string_view::npos) {
      return parts;
    }
    text.remove_prefix(end + 1);
  }
}

/// Entries of `git log --format=%H%x1f%an <%ae>%x1f%aI%x1f%s%x1e`.
std::vector<LogEntry> parse_log(std::string_view text) {
  std::vector<LogEntry> entries;
  for (std::string_view record : split(text, k_record)) {
    while (!record.empty() && record.front() == '\n') {
      record.remove_prefix(1);
    }
    const std::vector<std::string_view> fields = split(record, k_field);
    if (fields.size() == 4) {
      entries.push_back(LogEntry{std::string(fields[0]), std::string(fields[1]), std::string(fields[2]),
                                 std::string(fields[3])});
    }
  }
  return entries;
}

class GitRepository final : public Repository {
public:
  GitRepository(std::string root, GitOptions options) : m_cli(std::move(root), std::move(options)) {}

  Result<std::string> current_branch() override {
    auto ran = m_cli.run(GitCall{{"symbolic-ref", "--quiet", "--short", "HEAD"}, {}, {}});
    if (!ran) {
      return tl::unexpected(ran.error());
    }
    if (ran->exit_code == 1 && ran->err.empty()) {
      return std::string(); // detached
    }
    if (ran->exit_code != 0) {
      return tl::unexpected(m_cli.failure(*ran, "reading the current branch"));
    }
    return trim_end(std::move(ran->out));
  }

  Result<std::vector<LogEntry>> history(const std::vector<std::string>& paths, int limit) override {
    for (const std::string& path : paths) {
      if (auto inside = check_inside(path); !inside) {
        return tl::unexpected(inside.error());
      }
    }
    if (paths.empty() || limit <= 0) {
      return std::vector<LogEntry>{};
    }
    GitCall call{{"--literal-pathspecs", "log", "--format=%H%x1f%an <%ae>%x1f%aI%x1f%s%x1e", "-n",
                  std::to_string(limit), "--"},
                 {},
                 {}};
    call.args.insert(call.args.end(), paths.begin(), paths.end());
    auto ran = m_cli.run(call);
    if (!ran) {
      return tl::unexpected(ran.error());
    }
    if (ran->exit_code != 0) {
      if (ran->err.find("does not have any commits yet") != std::string::npos) {
        return std::vector<LogEntry>{};
      }
      return tl::unexpected(m_cli.failure(*ran, "reading the history"));
    }
    return parse_log(ran->out);
  }

  Result<Commit> commit_to_branch(const CommitSpec& spec) override { return commit_files(m_cli, spec); }

  Result<void> push(std::string_view remote, std::string_view branch) override {
    if (auto valid = check_branch(m_cli, branch); !valid) {
      return valid;
    }
    auto known = has_remote(remote);
    if (!known) {
      return tl::unexpected(known.error());
    }
    if (!*known) {
      return fail("git", "no remote named \"" + std::string(remote) + "\" is configured in " + m_cli.root());
    }
    const std::string ref = "refs/heads/" + std::string(branch);
    auto pushed = m_cli.output(GitCall{{"push", "--quiet", std::string(remote), ref + ":" + ref}, {}, {}},
                               "push of " + std::string(branch) + " to " + std::string(remote));
    if (!pushed) {
      return tl::unexpected(pushed.error());
    }
    return {};
  }

  Result<bool> has_remote(std::string_view remote) override {
    if (remote.empty()) {
      return false;
    }
    auto listed = m_cli.output(GitCall{{"remote"}, {}, {}}, "listing remotes");
    if (!listed) {
      return tl::unexpected(listed.error());
    }
    for (std::string_view name : split(*listed, '\n')) {
      if (name == remote) {
        return true;
      }
    }
    return false;
  }

private:
  Cli m_cli;
};

} // namespace

std::unique_ptr<Repository> make_git_repository(std::string root, GitOptions options) {
  return std::make_unique<GitRepository>(std::move(root), std::move(options));
}

} // namespace steward::git

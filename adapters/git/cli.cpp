#include "adapters/git/cli.hpp"

#include <algorithm>

namespace steward::git {

namespace {

/// Variables from the daemon's environment that would point git at another
/// repository, index or object store.
const std::vector<std::string>& redirecting_variables() {
  static const std::vector<std::string> names{"GIT_DIR",
                                              "GIT_WORK_TREE",
                                              "GIT_INDEX_FILE",
                                              "GIT_OBJECT_DIRECTORY",
                                              "GIT_ALTERNATE_OBJECT_DIRECTORIES",
                                              "GIT_COMMON_DIR",
                                              "GIT_NAMESPACE",
                                              "GIT_PREFIX",
                                              "GIT_CEILING_DIRECTORIES"};
  return names;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
      line.remove_suffix(1);
    }
    if (!line.empty()) {
      lines.push_back(line);
    }
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return lines;
}

std::string_view without_prefix(std::string_view line) {
  for (std::string_view prefix : {"fatal: ", "error: "}) {
    if (line.starts_with(prefix)) {
      line.remove_prefix(prefix.size());
    }
  }
  return line;
}

} // namespace

Result<ProcessOutput> Cli::run(const GitCall& call) const {
  ProcessRun process;
  process.argv = {m_options.executable, "-C", m_root};
  process.argv.insert(process.argv.end(), call.args.begin(), call.args.end());
  process.env = {{"GIT_TERMINAL_PROMPT", "0"}, {"LC_ALL", "C"}};
  process.env.insert(process.env.end(), call.env.begin(), call.env.end());
  process.unset = redirecting_variables();
  process.input = call.input;
  process.timeout = m_options.timeout;
  const auto command = std::find_if(call.args.begin(), call.args.end(),
                                    [](const std::string& arg) { return !arg.starts_with('-'); });
  process.label = "git" + (command != call.args.end() ? " " + *command : std::string());
  return run_process(process, "git");
}

Result<std::string> Cli::output(const GitCall& call, std::string_view what) const {
  auto ran = run(call);
  if (!ran) {
    return tl::unexpected(ran.error());
  }
  if (ran->exit_code != 0) {
    return tl::unexpected(failure(*ran, what));
  }
  return std::move(ran->out);
}

Error Cli::failure(const ProcessOutput& output, std::string_view what) const {
  if (output.err.find("not a git repository") != std::string::npos) {
    return Error{"git", m_root + " is not a git repository"};
  }
  if (output.err.find("dubious ownership") != std::string::npos) {
    return Error{"git", m_root +
                            " belongs to another user, so git refuses to use it (allow it with `git config "
                            "--global --add safe.directory " +
                            m_root + "` for the user Steward runs as)"};
  }
  std::string problem = git_problem(output.err);
  if (problem.empty()) {
    problem = "git exited with code " + std::to_string(output.exit_code);
  }
  return Error{"git", std::string(what) + " failed: " + problem};
}

std::string git_problem(std::string_view err) {
  const std::vector<std::string_view> lines = lines_of(err);
  for (std::string_view line : lines) {
    if (line.find("[rejected]") != std::string_view::npos ||
        line.find("[remote rejected]") != std::string_view::npos) {
      return strip_userinfo(line.substr(line.find_first_not_of(" \t")));
    }
  }
  for (std::size_t i = lines.size(); i > 0; --i) {
    if (!lines[i - 1].starts_with("hint:")) {
      return strip_userinfo(without_prefix(lines[i - 1]));
    }
  }
  return {};
}

std::string strip_userinfo(std::string_view text) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t scheme = text.find("://"); scheme != std::string_view::npos;
       scheme = text.find("://", from)) {
    const std::size_t host = scheme + 3;
    const std::size_t authority_end = std::min(text.find_first_of("/ \t'\"", host), text.size());
    const std::size_t at = text.substr(host, authority_end - host).rfind('@');
    out.append(text.substr(from, host - from));
    from = at == std::string_view::npos ? host : host + at + 1;
  }
  out.append(text.substr(from));
  return out;
}

std::string trim_end(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

} // namespace steward::git

#include "adapters/git/commit.hpp"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "adapters/git/names.hpp"

namespace steward::git {

namespace {

/// A private index file in a fresh temporary directory, removed with it.
class TempIndex {
public:
  TempIndex() {
    std::string pattern = (std::filesystem::temp_directory_path() / "steward-git-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) {
      m_dir = pattern;
    }
  }
  ~TempIndex() {
    if (!m_dir.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(m_dir, ignored);
    }
  }
  TempIndex(const TempIndex&) = delete;
  TempIndex& operator=(const TempIndex&) = delete;
  TempIndex(TempIndex&&) = delete;
  TempIndex& operator=(TempIndex&&) = delete;

  [[nodiscard]] bool ok() const { return !m_dir.empty(); }
  [[nodiscard]] std::string file() const { return (m_dir / "index").string(); }

private:
  std::filesystem::path m_dir;
};

Result<void> check_spec(const Cli& cli, const CommitSpec& spec) {
  if (auto branch = check_branch(cli, spec.branch); !branch) {
    return branch;
  }
  if (spec.files.empty()) {
    return fail("git", "no files to commit to branch " + spec.branch);
  }
  if (spec.message.find_first_not_of(" \t\r\n") == std::string::npos) {
    return fail("git", "a commit message is required");
  }
  std::set<std::string_view> seen;
  for (const FileChange& file : spec.files) {
    if (auto path = check_file_path(file.path); !path) {
      return path;
    }
    if (!seen.insert(file.path).second) {
      return fail("git", "path \"" + file.path + "\" is listed twice");
    }
  }
  return {};
}

/// The full id of the commit `revision` names.
Result<std::string> resolve_commit(const Cli& cli, const std::string& revision) {
  auto ran = cli.run(
      GitCall{{"rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"}, {}, {}});
  if (!ran) {
    return tl::unexpected(ran.error());
  }
  if (ran->exit_code != 0) {
    if (!ran->err.empty()) { // --quiet: git says nothing when the revision is merely unknown
      return tl::unexpected(cli.failure(*ran, "rev-parse"));
    }
    return fail("git", "base \"" + revision + "\" is not a commit in " + cli.root());
  }
  return trim_end(std::move(ran->out));
}

/// The modes the listed files have in `base` (absent: not there). Fails
/// when one of them is a directory or a submodule there.
Result<std::map<std::string, std::string>> modes_in(const Cli& cli, const std::string& base,
                                                    const CommitSpec& spec) {
  GitCall call{{"--literal-pathspecs", "ls-tree", "-z", base, "--"}, {}, {}};
  for (const FileChange& file : spec.files) {
    call.args.push_back(file.path);
  }
  auto listed = cli.output(call, "reading the base tree");
  if (!listed) {
    return tl::unexpected(listed.error());
  }
  std::map<std::string, std::string> modes;
  std::string_view rest = *listed;
  while (!rest.empty()) {
    const std::string_view entry = rest.substr(0, rest.find('\0'));
    rest.remove_prefix(std::min(rest.size(), entry.size() + 1));
    const std::size_t tab = entry.find('\t');
    if (tab == std::string_view::npos) {
      continue;
    }
    const std::string path(entry.substr(tab + 1));
    if (entry.find(" blob ") == std::string_view::npos) {
      return fail("git", "path \"" + path + "\" is a directory or submodule in " + base.substr(0, 12));
    }
    modes[path] = std::string(entry.substr(0, entry.find(' ')));
  }
  return modes;
}

/// Writes each file's content as a blob; `update-index --cacheinfo` arguments.
Result<std::vector<std::string>> write_blobs(const Cli& cli, const CommitSpec& spec,
                                             const std::map<std::string, std::string>& modes) {
  std::vector<std::string> args{"update-index", "--add"};
  for (const FileChange& file : spec.files) {
    auto blob =
        cli.output(GitCall{{"hash-object", "-w", "--stdin"}, file.content, {}}, "storing " + file.path);
    if (!blob) {
      return tl::unexpected(blob.error());
    }
    const auto mode = modes.find(file.path);
    const std::string kept = mode != modes.end() && mode->second == "100755" ? "100755" : "100644";
    args.emplace_back("--cacheinfo");
    args.push_back(kept + "," + trim_end(std::move(*blob)) + "," + file.path);
  }
  return args;
}

/// The tree of `base` with the files of `spec` replaced, built in a private index.
Result<std::string> build_tree(const Cli& cli, const std::string& base, const CommitSpec& spec) {
  auto modes = modes_in(cli, base, spec);
  if (!modes) {
    return tl::unexpected(modes.error());
  }
  auto update = write_blobs(cli, spec, *modes);
  if (!update) {
    return tl::unexpected(update.error());
  }
  const TempIndex index;
  if (!index.ok()) {
    return fail("git", "cannot create a temporary directory for the index");
  }
  const std::vector<std::pair<std::string, std::string>> env{{"GIT_INDEX_FILE", index.file()}};
  if (auto read = cli.output(GitCall{{"read-tree", base}, {}, env}, "reading the base tree"); !read) {
    return tl::unexpected(read.error());
  }
  if (auto updated = cli.output(GitCall{*update, {}, env}, "updating the index"); !updated) {
    return tl::unexpected(updated.error());
  }
  auto tree = cli.output(GitCall{{"write-tree"}, {}, env}, "writing the tree");
  if (!tree) {
    return tl::unexpected(tree.error());
  }
  return trim_end(std::move(*tree));
}

/// The branch's tip when it exists and already holds exactly this change;
/// nothing when it does not exist; an error when it holds anything else.
Result<std::optional<std::string>> existing_branch(const Cli& cli, const std::string& branch,
                                                   const std::string& base, const std::string& tree) {
  auto tip = cli.run(GitCall{{"rev-parse", "--verify", "--quiet", "refs/heads/" + branch}, {}, {}});
  if (!tip) {
    return tl::unexpected(tip.error());
  }
  if (tip->exit_code != 0) {
    return std::nullopt;
  }
  const std::string sha = trim_end(std::move(tip->out));
  auto shape = cli.output(GitCall{{"log", "-1", "--format=%T %P", sha}, {}, {}}, "reading branch " + branch);
  if (!shape) {
    return tl::unexpected(shape.error());
  }
  if (trim_end(std::move(*shape)) != tree + " " + base) {
    return fail("git", "branch " + branch + " already exists with other changes");
  }
  return sha;
}

std::vector<std::pair<std::string, std::string>> identity(const CommitSpec& spec) {
  std::vector<std::pair<std::string, std::string>> env;
  if (!spec.author_name.empty()) {
    env.emplace_back("GIT_AUTHOR_NAME", spec.author_name);
    env.emplace_back("GIT_COMMITTER_NAME", spec.author_name);
  }
  if (!spec.author_email.empty()) {
    env.emplace_back("GIT_AUTHOR_EMAIL", spec.author_email);
    env.emplace_back("GIT_COMMITTER_EMAIL", spec.author_email);
  }
  return env;
}

/// Commits `tree` on `base` and creates the branch at it (only if absent).
Result<Commit> create(const Cli& cli, const CommitSpec& spec, const std::string& base,
                      const std::string& tree) {
  std::string message = spec.message;
  if (!message.ends_with('\n')) {
    message += '\n';
  }
  auto commit = cli.output(GitCall{{"commit-tree", tree, "-p", base, "-F", "-"}, message, identity(spec)},
                           "committing to " + spec.branch);
  if (!commit) {
    return tl::unexpected(commit.error());
  }
  const std::string sha = trim_end(std::move(*commit));
  auto created = cli.run(GitCall{
      {"update-ref", "-m", "steward: create " + spec.branch, "refs/heads/" + spec.branch, sha, ""}, {}, {}});
  if (!created) {
    return tl::unexpected(created.error());
  }
  if (created->exit_code != 0) {
    // Someone created the branch meanwhile: fine if it holds the same change.
    auto raced = existing_branch(cli, spec.branch, base, tree);
    if (raced && *raced) {
      return Commit{spec.branch, **raced, false};
    }
    return tl::unexpected(raced ? cli.failure(*created, "creating branch " + spec.branch) : raced.error());
  }
  return Commit{spec.branch, sha, true};
}

} // namespace

Result<Commit> commit_files(const Cli& cli, const CommitSpec& spec) {
  if (auto checked = check_spec(cli, spec); !checked) {
    return tl::unexpected(checked.error());
  }
  auto base = resolve_commit(cli, spec.base.empty() ? "HEAD" : spec.base);
  if (!base) {
    return tl::unexpected(base.error());
  }
  auto tree = build_tree(cli, *base, spec);
  if (!tree) {
    return tl::unexpected(tree.error());
  }
  auto existing = existing_branch(cli, spec.branch, *base, *tree);
  if (!existing) {
    return tl::unexpected(existing.error());
  }
  if (*existing) {
    return Commit{spec.branch, **existing, false};
  }
  auto base_tree = cli.output(GitCall{{"rev-parse", *base + "^{tree}"}, {}, {}}, "reading the base tree");
  if (!base_tree) {
    return tl::unexpected(base_tree.error());
  }
  if (trim_end(std::move(*base_tree)) == *tree) {
    return fail("git", "nothing to commit: " + (spec.base.empty() ? std::string("HEAD") : spec.base) +
                           " already has this content");
  }
  return create(cli, spec, *base, *tree);
}

} // namespace steward::git

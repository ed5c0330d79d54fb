// Committing a change on a new branch of the project's repository, pushing
// it and opening a pull request: what Apply (fixes) and the Data Vault
// generator's git delivery share. Every step is written to the audit log.
#include <nlohmann/json.hpp>

#include "bot/alerts/worker.hpp"
#include "bot/jobs/clock.hpp"

namespace steward::bot {

Result<Delivered> commit_and_open(const BranchChange& change, AlertDeps& deps) {
  if (deps.repository == nullptr) {
    return fail("git.repository", "no git repository is configured");
  }
  Delivered out;
  std::string base = deps.fixes.base;
  if (base.empty() && deps.code_host != nullptr) {
    auto branch = deps.code_host->default_branch();
    if (!branch) {
      return tl::unexpected(branch.error());
    }
    base = *branch;
  }
  git::CommitSpec spec;
  spec.branch = change.branch;
  spec.base = base;
  spec.message = change.message;
  spec.author_name = deps.fixes.author_name;
  spec.author_email = deps.fixes.author_email;
  for (const git::FileChange& file : change.files) {
    spec.files.push_back({deps.fixes.repository_prefix + file.path, file.content});
  }
  auto commit = deps.repository->commit_to_branch(spec);
  if (!commit) {
    return tl::unexpected(commit.error());
  }
  out.branch = commit->branch;
  nlohmann::json details = change.audit.is_object() ? change.audit : nlohmann::json::object();
  details["sha"] = commit->sha;
  details["created"] = commit->created;
  (void)deps.store.append_audit({0, change.user, "git.commit", out.branch, details.dump(), wall_now()});
  if (!deps.fixes.remote.empty()) {
    auto has = deps.repository->has_remote(deps.fixes.remote);
    if (has && *has) {
      if (auto pushed = deps.repository->push(deps.fixes.remote, out.branch); !pushed) {
        return tl::unexpected(pushed.error());
      }
      out.pushed = true;
      (void)deps.store.append_audit(
          {0, change.user, "git.push", deps.fixes.remote + " " + out.branch, "{}", wall_now()});
    }
  }
  if (deps.code_host == nullptr) {
    return out;
  }
  auto pr = deps.code_host->open_pull_request({change.title, out.branch, base, change.body, false});
  if (!pr) {
    return tl::unexpected(pr.error());
  }
  out.pull_request = pr->url;
  out.number = pr->number;
  (void)deps.store.append_audit({0, change.user, "github.pull_request", pr->url,
                                 nlohmann::json{{"number", pr->number}, {"created", pr->created}}.dump(),
                                 wall_now()});
  return out;
}

std::string Delivered::where() const {
  if (!pull_request.empty()) {
    return "PR #" + std::to_string(number);
  }
  return "branch `" + branch + "`" + (pushed ? " (pushed)" : "");
}

} // namespace steward::bot

// Propose fix and Apply: deterministic fix options with their diffs and dry
// runs in the alert's thread; an approved option committed as a branch and
// opened as a pull request.
#include <charconv>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "bot/alerts/dry_run.hpp"
#include "bot/alerts/worker.hpp"
#include "bot/jobs/clock.hpp"
#include "bot/slack/replies.hpp"
#include "core/dbt/loader.hpp"
#include "core/fix/fixers.hpp"

namespace steward::bot {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t k_diff_chars = 2500;
constexpr std::size_t k_max_options = 5;

chat::Destination thread_of(const AlertClick& click, const store::Incident& incident) {
  return {click.where.workspace, click.where.channel,
          incident.message ? incident.message->message : click.where.thread};
}

/// Where and how an option is shown.
struct Shown {
  store::Id incident = 0;
  store::Id proposal = 0;
  std::size_t n = 0;  ///< 1-based position in the thread
  std::string author; ///< `steward`, or `llm:<model>`
};

std::string bullets(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    out += "\n• " + item;
  }
  return out;
}

answer::Answer option_message(const fix::FixOption& option, const DryRun& checked, const Shown& shown) {
  answer::Answer out;
  const std::string n = std::to_string(shown.n);
  out.summary = "Fix option " + n + ": " + option.title;
  std::string by;
  if (shown.author.starts_with("llm:")) {
    by = "\n_Written by " + shown.author.substr(4) +
         ": Steward applied its edits and computed the diff; read it._";
  }
  out.blocks.emplace_back(answer::Paragraph{"**Option " + n + ": " + option.title + "** · risk " +
                                            std::string(fix::to_string(option.risk)) + "\n" + option.what +
                                            by});
  if (!option.pros.empty() || !option.cons.empty()) {
    out.blocks.emplace_back(
        answer::Paragraph{"**Pros**" + bullets(option.pros) + "\n**Cons**" + bullets(option.cons)});
  }
  if (!option.diff.empty()) {
    std::string diff = option.diff.substr(0, k_diff_chars);
    if (option.diff.size() > k_diff_chars) {
      diff += "\n… (" + std::to_string(option.diff.size() - k_diff_chars) +
              " more characters in the pull request)";
    }
    out.blocks.emplace_back(answer::Code{diff, "diff"});
  }
  out.blocks.emplace_back(answer::Paragraph{"**Dry run**\n" + checked.text()});
  if (checked.passed && !option.edits.empty()) {
    out.blocks.emplace_back(
        answer::Actions{{answer::Button{"Apply (approvers)", "steward.apply",
                                        std::to_string(shown.incident) + ":" + std::to_string(shown.proposal),
                                        answer::ButtonStyle::primary}}});
  }
  return out;
}

/// Dry-runs `option`, stores it as a proposal of `incident` and shows it in
/// the thread; the proposal's id.
Result<store::Id> offer(const fix::FixOption& option, const dbt::Project& before,
                        const chat::Destination& where, Shown shown, AlertDeps& deps) {
  const DryRun checked = dry_run(option, deps.fixes.project_root, before, deps.sql, deps.fixes.dbt);
  auto proposal = deps.store.add_proposal(
      {shown.incident, option.title, option.diff, checked.text(), shown.author}, wall_now());
  if (!proposal) {
    return tl::unexpected(proposal.error());
  }
  shown.proposal = *proposal;
  auto posted = deps.chat.post(where, option_message(option, checked, shown));
  if (!posted) {
    return tl::unexpected(posted.error());
  }
  return *proposal;
}

} // namespace

fix::FailureFacts failure_facts(const alerts::Alert& alert) {
  fix::FailureFacts facts;
  facts.node = alert.failure.outcome.node;
  facts.status = alert.failure.outcome.status;
  facts.message = alert.failure.outcome.message;
  facts.failures = alert.failure.outcome.failures;
  facts.sample_values = alert.sample_values;
  return facts;
}

fix::ReadFile project_files(const fs::path& root) {
  return [root](const std::string& path) -> Result<std::string> {
    std::ifstream in(root / path, std::ios::binary);
    if (!in) {
      return fail(path, "cannot be read");
    }
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
}

Result<void> propose(const AlertClick& click, const store::Incident& incident, AlertDeps& deps) {
  const chat::Destination where = thread_of(click, incident);
  auto posted = deps.chat.post(where, notice("⏳ <@" + click.user +
                                             "> asked for fixes. Working out options and "
                                             "dry-running each…"));
  if (!posted) {
    return tl::unexpected(posted.error());
  }
  const store::MessageRef progress = posted->front();
  auto alert = alerts::alert_from_details(incident.details);
  if (!alert) {
    return tl::unexpected(alert.error());
  }
  const auto snapshot = deps.knowledge.current();
  if (!snapshot) {
    return fail("project", "not loaded");
  }
  std::vector<fix::FixOption> options =
      fix::propose_fixes(snapshot->project, failure_facts(*alert), project_files(deps.fixes.project_root));
  ModelFixes extra;
  if (deps.model != nullptr) {
    (void)deps.chat.update(progress, where.thread,
                           notice("⏳ " + std::to_string(options.size()) + " options of my own; asking " +
                                  std::string(deps.model->model()) + " for more…"));
    extra = model_fixes(*alert, options, deps);
  }
  // At most k_max_options in all; the model's options keep their place.
  const std::size_t room = k_max_options - std::min(extra.fixes.size(), k_max_options);
  if (options.size() > room) {
    options.resize(room);
  }
  const std::string note = extra.note.empty() ? std::string() : "\n" + extra.note;
  if (options.empty() && extra.fixes.empty()) {
    auto updated =
        deps.chat.update(progress, where.thread,
                         notice("I have no fix to propose for this failure (Steward fixes accepted_values, "
                                "not_null, unique and relationships tests and source freshness" +
                                std::string(deps.model != nullptr ? ", and the model had none" : "") +
                                "). Investigate shows the evidence." + note));
    return updated ? Result<void>{} : tl::unexpected(updated.error());
  }
  dbt::LoadOptions load;
  load.prefer_source = true;
  auto before = dbt::load_project(deps.fixes.project_root, load);
  if (!before) {
    return tl::unexpected(before.error());
  }
  const std::size_t total = options.size() + extra.fixes.size();
  (void)deps.chat.update(progress, where.thread,
                         notice("⏳ " + std::to_string(total) + " options; dry-running them…"));
  std::size_t n = 0;
  for (const fix::FixOption& option : options) {
    auto offered = offer(option, *before, where, {incident.id, 0, ++n, "steward"}, deps);
    if (!offered) {
      return tl::unexpected(offered.error());
    }
  }
  for (const fix::LlmFix& fix : extra.fixes) {
    auto offered = offer(fix.option, *before, where, {incident.id, 0, ++n, model_author(deps)}, deps);
    if (!offered) {
      return tl::unexpected(offered.error());
    }
    if (auto kept = remember_model_fix(*offered, fix, deps); !kept) {
      return tl::unexpected(kept.error());
    }
  }
  auto done =
      deps.chat.update(progress, where.thread,
                       notice("Here are " + std::to_string(n) + " ways to fix this, least risky first" +
                              std::string(extra.fixes.empty() ? "" : " (the model's last)") +
                              ". Approvers can apply one: Steward commits it on a branch" +
                              std::string(deps.code_host ? " and opens a pull request." : ".") + note));
  return done ? Result<void>{} : tl::unexpected(done.error());
}

} // namespace steward::bot

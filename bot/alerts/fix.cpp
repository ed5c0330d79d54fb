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

chat::Destination thread_of(const AlertClick& click, const store::Incident& incident) {
  return {click.where.workspace, click.where.channel,
          incident.message ? incident.message->message : click.where.thread};
}

fix::ReadFile reader(const fs::path& root) {
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

fix::FailureFacts facts_of(const alerts::Alert& alert) {
  fix::FailureFacts facts;
  facts.node = alert.failure.outcome.node;
  facts.status = alert.failure.outcome.status;
  facts.message = alert.failure.outcome.message;
  facts.failures = alert.failure.outcome.failures;
  facts.sample_values = alert.sample_values;
  return facts;
}

/// The options for the incident's failure, from the project's current files.
Result<std::vector<fix::FixOption>> options_for(const store::Incident& incident, AlertDeps& deps) {
  auto alert = alerts::alert_from_details(incident.details);
  if (!alert) {
    return tl::unexpected(alert.error());
  }
  const auto snapshot = deps.knowledge.current();
  if (!snapshot) {
    return fail("project", "not loaded");
  }
  return fix::propose_fixes(snapshot->project, facts_of(*alert), reader(deps.fixes.project_root));
}

std::string bullets(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    out += "\n• " + item;
  }
  return out;
}

answer::Answer option_message(const fix::FixOption& option, const DryRun& checked, store::Id incident,
                              store::Id proposal, std::size_t n) {
  answer::Answer out;
  out.summary = "Fix option " + std::to_string(n) + ": " + option.title;
  out.blocks.emplace_back(answer::Paragraph{"**Option " + std::to_string(n) + ": " + option.title +
                                            "** · risk " + std::string(fix::to_string(option.risk)) + "\n" +
                                            option.what});
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
    out.blocks.emplace_back(answer::Actions{{answer::Button{
        "Apply (approvers)", "steward.apply", std::to_string(incident) + ":" + std::to_string(proposal),
        answer::ButtonStyle::primary}}});
  }
  return out;
}

} // namespace

Result<void> propose(const AlertClick& click, const store::Incident& incident, AlertDeps& deps) {
  const chat::Destination where = thread_of(click, incident);
  auto posted = deps.chat.post(where, notice("⏳ <@" + click.user +
                                             "> asked for fixes. Working out options and "
                                             "dry-running each…"));
  if (!posted) {
    return tl::unexpected(posted.error());
  }
  auto options = options_for(incident, deps);
  if (!options) {
    return tl::unexpected(options.error());
  }
  if (options->empty()) {
    auto updated =
        deps.chat.update(posted->front(), where.thread,
                         notice("I have no fix to propose for this failure (Steward fixes accepted_values, "
                                "not_null, unique and relationships tests and source freshness). "
                                "Investigate shows the evidence."));
    return updated ? Result<void>{} : tl::unexpected(updated.error());
  }
  dbt::LoadOptions load;
  load.prefer_source = true;
  auto before = dbt::load_project(deps.fixes.project_root, load);
  if (!before) {
    return tl::unexpected(before.error());
  }
  (void)deps.chat.update(posted->front(), where.thread,
                         notice("⏳ " + std::to_string(options->size()) + " options; dry-running them…"));
  std::size_t n = 0;
  for (const fix::FixOption& option : *options) {
    const DryRun checked = dry_run(option, deps.fixes.project_root, *before, deps.sql, deps.fixes.dbt);
    auto proposal = deps.store.add_proposal(
        {incident.id, option.title, option.diff, checked.text(), "steward"}, wall_now());
    if (!proposal) {
      return tl::unexpected(proposal.error());
    }
    auto shown = deps.chat.post(where, option_message(option, checked, incident.id, *proposal, ++n));
    if (!shown) {
      return tl::unexpected(shown.error());
    }
  }
  auto done = deps.chat.update(posted->front(), where.thread,
                               notice("Here are " + std::to_string(n) +
                                      " ways to fix this, least risky first. "
                                      "Approvers can apply one: Steward commits it on a branch" +
                                      std::string(deps.code_host ? " and opens a pull request." : ".")));
  return done ? Result<void>{} : tl::unexpected(done.error());
}

} // namespace steward::bot

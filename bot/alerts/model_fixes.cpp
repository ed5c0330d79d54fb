// Fix options written by the LLM: the model sees the evidence and the files
// involved and answers with exact text replacements, which core/fix applies
// and diffs. What it wrote is kept with the proposal so Apply commits exactly
// the reviewed change.
#include "bot/alerts/worker.hpp"
#include "bot/jobs/clock.hpp"
#include "core/alerts/evidence.hpp"

namespace steward::bot {

namespace {

constexpr int k_reply_tokens = 2000;

std::string setting_key(store::Id proposal) {
  return "alerts.model_fix." + std::to_string(proposal);
}

} // namespace

std::string model_author(AlertDeps& deps) {
  return "llm:" + (deps.model != nullptr ? std::string(deps.model->model()) : std::string("model"));
}

ModelFixes model_fixes(const alerts::Alert& alert, const std::vector<fix::FixOption>& offered,
                       AlertDeps& deps) {
  ModelFixes out;
  const auto snapshot = deps.knowledge.current();
  if (deps.model == nullptr || !snapshot) {
    return out;
  }
  const fix::ReadFile read = project_files(deps.fixes.project_root);
  const std::vector<fix::SourceFile> files =
      fix::files_for_llm(snapshot->project, failure_facts(alert), read);
  if (files.empty()) {
    out.note = "The model was not asked for fixes: none of the failing node's files could be read.";
    return out;
  }
  const alerts::Evidence evidence = alerts::gather_evidence(alert, snapshot->project);
  llm::Request request;
  request.system = std::string(fix::llm_fix_instructions());
  request.messages.push_back({llm::Role::user,
                              fix::llm_fix_request(alerts::evidence_text(alert, evidence), offered, files),
                              {},
                              "",
                              "",
                              false});
  request.max_tokens = k_reply_tokens;
  auto reply = deps.model->complete(request);
  if (!reply) {
    out.note = "The model's fixes are missing: " + reply.error().to_string();
    return out;
  }
  fix::LlmFixes parsed = fix::parse_llm_fixes(reply->text, files, offered, read);
  out.fixes = std::move(parsed.fixes);
  if (!parsed.rejected.empty()) {
    out.note = "Left out of the model's answer: ";
    for (std::size_t i = 0; i < parsed.rejected.size(); ++i) {
      out.note += (i == 0 ? "" : "; ") + parsed.rejected[i];
    }
    out.note += ".";
  }
  return out;
}

Result<void> remember_model_fix(store::Id proposal, const fix::LlmFix& fix, AlertDeps& deps) {
  nlohmann::json spec = fix.spec;
  spec["id"] = fix.option.id;
  return deps.store.put_setting(setting_key(proposal), spec.dump(), wall_now());
}

Result<fix::FixOption> model_fix_option(const store::Proposal& proposal, AlertDeps& deps) {
  auto stored = deps.store.setting(setting_key(proposal.id));
  if (!stored) {
    return tl::unexpected(stored.error());
  }
  if (!*stored) {
    return fail("fix", "what the model proposed is no longer stored; press Propose fix again");
  }
  const nlohmann::json spec = nlohmann::json::parse(**stored, nullptr, false);
  if (!spec.is_object()) {
    return fail("fix", "the stored proposal is not JSON; press Propose fix again");
  }
  auto option = fix::option_from_spec(spec, spec.value("id", "llm"), project_files(deps.fixes.project_root));
  if (!option || option->diff != proposal.diff) {
    return fail("fix", "the project's files changed since this fix was proposed; press Propose fix again");
  }
  return option;
}

} // namespace steward::bot

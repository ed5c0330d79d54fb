// `/steward datavault`: a Data Vault 2.0 design spec (YAML, JSON or a Mermaid
// erDiagram in a code block) validated and generated into automate_dv dbt
// models, handed over as a ZIP in the thread or, with `datavault.delivery:
// git` and an approver asking, as a branch and pull request.
// `/steward datavault draft <description>` has the LLM write the spec, which
// is shown back with a Generate button (bot/slack/datavault_draft.cpp).

#include <cctype>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "bot/jobs/clock.hpp"
#include "bot/slack/conversation.hpp"
#include "bot/slack/datavault.hpp"
#include "bot/slack/replies.hpp"
#include "core/datavault/generate.hpp"
#include "core/datavault/plan.hpp"
#include "core/slack/entities.hpp"
#include "core/util/zip.hpp"

namespace steward::bot {
namespace {

constexpr std::size_t k_shown_diagnostics = 12;
constexpr std::size_t k_report_chars = 2800;

const char* const k_usage =
    "Generate Data Vault 2.0 models (automate_dv) from a design spec:\n"
    "• `/steward datavault` followed by the spec in a code block (YAML, JSON, or a Mermaid `erDiagram`): "
    "validates it, then generates the models\n"
    "• `/steward datavault validate` followed by the spec: only checks it\n"
    "• `/steward datavault draft <what the vault should hold>`: the LLM writes a spec for you to check\n"
    "The spec format: docs/datavault.md.";

std::string trimmed(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  const auto end = text.find_last_not_of(" \t\r\n");
  return begin == std::string_view::npos ? std::string() : std::string(text.substr(begin, end - begin + 1));
}

std::string slug(const datavault::Spec& spec, const std::string& text) {
  std::string out;
  for (const datavault::Entity& entity : spec.entities) {
    if (out.size() > 30) {
      break;
    }
    out += (out.empty() ? "" : "-") + entity.name;
  }
  for (char& c : out) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    c = plain ? c : (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : '_');
  }
  constexpr const char* k_hex = "0123456789abcdef";
  std::string hash;
  const std::uint32_t crc = util::crc32(text);
  for (int shift = 28; shift >= 0; shift -= 4) {
    hash += k_hex[(crc >> static_cast<unsigned>(shift)) & 0xFU];
  }
  return (out.empty() ? "spec" : out) + "-" + hash;
}

/// The diagnostics as lines, errors first, at most `k_shown_diagnostics`.
std::string listed(const std::vector<datavault::Diagnostic>& diagnostics) {
  std::string out;
  std::size_t shown = 0;
  for (const bool errors : {true, false}) {
    for (const datavault::Diagnostic& diagnostic : diagnostics) {
      if ((diagnostic.severity == datavault::Severity::error) != errors) {
        continue;
      }
      if (shown++ < k_shown_diagnostics) {
        out += "\n• " + diagnostic.to_string();
      }
    }
  }
  if (shown > k_shown_diagnostics) {
    out += "\n… and " + std::to_string(shown - k_shown_diagnostics) + " more";
  }
  return out;
}

std::size_t count(const std::vector<datavault::Diagnostic>& diagnostics, datavault::Severity severity) {
  std::size_t n = 0;
  for (const datavault::Diagnostic& diagnostic : diagnostics) {
    n += diagnostic.severity == severity ? 1 : 0;
  }
  return n;
}

answer::Answer problems(const std::string& header, const std::vector<datavault::Diagnostic>& diagnostics) {
  answer::Answer out;
  const std::size_t errors = count(diagnostics, datavault::Severity::error);
  out.summary = "The Data Vault spec has " + std::to_string(errors) + " errors";
  out.blocks.emplace_back(answer::Context{header});
  out.blocks.emplace_back(answer::Paragraph{"❌ The spec has " + std::to_string(errors) + " error" +
                                            (errors == 1 ? "" : "s") + "; nothing was generated." +
                                            listed(diagnostics)});
  return out;
}

std::string report_of(const datavault::Output& output) {
  std::string text = output.report.to_text();
  if (text.size() > k_report_chars) {
    text = text.substr(0, k_report_chars) + "\n… (the whole report is in DATAVAULT_REPORT.md)";
  }
  return text;
}

/// The generated files under `datavault.path`, and the report.
std::vector<util::ZipEntry> archive_entries(const datavault::Output& output, const std::string& root) {
  std::vector<util::ZipEntry> entries;
  entries.reserve(output.files.size() + 1);
  for (const datavault::File& file : output.files) {
    entries.push_back({root + "/" + file.path, file.content});
  }
  entries.push_back({"DATAVAULT_REPORT.md", output.report.to_text()});
  return entries;
}

bool may_branch(const std::string& user, SlackWorkerDeps& deps) {
  auto info = deps.chat.user(user);
  if (!info) {
    return false;
  }
  return access::may(deps.policy, user, "steward.datavault_branch", info->is_bot, info->is_restricted)
      .allowed;
}

/// Hands `output` over: a branch and pull request when git delivery is set
/// up and `user` is an approver, else a ZIP in the thread. Says which.
Result<std::string> deliver(const datavault::Output& output, const std::string& spec_text,
                            const datavault::Spec& spec, const DatavaultRun& run, SlackWorkerDeps& deps) {
  const std::string root = deps.datavault.path.empty() ? "models/datavault" : deps.datavault.path;
  std::string note;
  if (deps.datavault.delivery == "git") {
    if (deps.alerts == nullptr || deps.alerts->repository == nullptr) {
      note = "\n_Git delivery is set but no git repository is configured (git.repository): here is a ZIP._";
    } else if (!may_branch(run.user, deps)) {
      note = "\n_Only approvers get a branch and pull request; here is a ZIP._";
    } else {
      BranchChange change;
      change.branch = "steward/datavault-" + slug(spec, spec_text);
      change.message = "datavault: generate " + output.report.summary + "\n\nGenerated by Steward for " +
                       run.user + " from a spec posted in Slack.";
      for (const datavault::File& file : output.files) {
        change.files.push_back({root + "/" + file.path, file.content});
      }
      change.title = "Data Vault: " + output.report.summary;
      change.body = "Generated by Steward from a Data Vault spec that <@" + run.user +
                    "> posted in Slack.\n\n## Report\n\n```\n" + output.report.to_text() +
                    "\n```\n\n## Spec\n\n```\n" + spec_text + "\n```\n";
      change.user = run.user;
      change.audit = {{"kind", "datavault"}, {"files", output.files.size()}};
      auto delivered = commit_and_open(change, *deps.alerts);
      if (!delivered) {
        return fail("git", delivered.error().to_string());
      }
      return "📬 Committed on `" + delivered->branch + "`" +
             (delivered->pull_request.empty()
                  ? "."
                  : "; review " + delivered->where() + ": " + delivered->pull_request);
    }
  }
  const std::string zip = util::zip_stored(archive_entries(output, root));
  auto uploaded =
      deps.chat.upload(run.where, "datavault-" + slug(spec, spec_text) + ".zip",
                       "Data Vault models (" + std::to_string(output.files.size()) + " files)", zip);
  if (!uploaded) {
    return tl::unexpected(uploaded.error());
  }
  return "📦 The " + std::to_string(output.files.size()) + " files are in the ZIP below (under `" + root +
         "/`); unzip it in the project's directory." + note;
}

/// `validate`, `generate`, `draft` or `help` and the rest of `text`; a spec
/// without a word before it is `generate`.
std::pair<std::string, std::string> datavault_subcommand(const std::string& text) {
  const std::string body = trimmed(text);
  const auto end = body.find_first_of(" \t\r\n");
  std::string first = body.substr(0, end);
  for (char& c : first) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (first == "validate" || first == "generate" || first == "draft" || first == "help") {
    return {first, end == std::string::npos ? std::string() : trimmed(std::string_view(body).substr(end))};
  }
  return {"generate", body};
}

} // namespace

SpecInput spec_input(const std::string& text) {
  std::string spec = slack::decode_entities(text);
  datavault::Format format = datavault::Format::detect;
  if (const auto open = spec.find("```"); open != std::string::npos) {
    const auto close = spec.find("```", open + 3);
    spec = spec.substr(open + 3, close == std::string::npos ? std::string::npos : close - open - 3);
    const auto newline = spec.find('\n');
    const std::string tag = trimmed(newline == std::string::npos ? std::string_view()
                                                                 : std::string_view(spec).substr(0, newline));
    if (tag == "yaml" || tag == "yml") {
      format = datavault::Format::yaml;
    } else if (tag == "json") {
      format = datavault::Format::json;
    } else if (tag == "mermaid") {
      format = datavault::Format::mermaid;
    }
    if (format != datavault::Format::detect) {
      spec = spec.substr(newline + 1);
    }
  }
  return {trimmed(spec), format};
}

Result<void> run_datavault(const DatavaultRun& run, SlackWorkerDeps& deps) {
  const std::string header = "<@" + run.user + "> " + run.what;
  auto parsed = datavault::parse_spec(run.spec.text, run.spec.format);
  if (!parsed) {
    auto told = deps.chat.post(run.where,
                               notice(header + "\n❌ The spec can't be read: " + parsed.error().to_string() +
                                      "\nThe format: docs/datavault.md."));
    return told ? Result<void>{} : tl::unexpected(told.error());
  }
  const auto snapshot = deps.knowledge.current();
  const dbt::Project* project = snapshot ? &snapshot->project : nullptr;
  std::vector<datavault::Diagnostic> diagnostics = parsed->diagnostics;
  if (run.validate_only) {
    for (datavault::Diagnostic& diagnostic : datavault::validate(parsed->spec, project)) {
      diagnostics.push_back(std::move(diagnostic));
    }
    if (datavault::has_errors(diagnostics)) {
      auto told = deps.chat.post(run.where, problems(header, diagnostics));
      return told ? Result<void>{} : tl::unexpected(told.error());
    }
    const std::size_t warnings = count(diagnostics, datavault::Severity::warning);
    auto told = deps.chat.post(run.where, notice(header + "\n✅ The spec is valid" +
                                                 (project != nullptr ? " against the loaded project" : "") +
                                                 "; " + std::to_string(warnings) + " warning" +
                                                 (warnings == 1 ? "" : "s") + "." + listed(diagnostics)));
    return told ? Result<void>{} : tl::unexpected(told.error());
  }
  datavault::Generation generation = datavault::generate(parsed->spec, {run.spec_name}, project);
  for (datavault::Diagnostic& diagnostic : generation.diagnostics) {
    diagnostics.push_back(std::move(diagnostic));
  }
  if (!generation.output) {
    auto told = deps.chat.post(run.where, problems(header, diagnostics));
    return told ? Result<void>{} : tl::unexpected(told.error());
  }
  answer::Answer done;
  done.summary = "Data Vault: " + generation.output->report.summary;
  done.blocks.emplace_back(answer::Context{header});
  done.blocks.emplace_back(answer::Paragraph{"✅ Generated " + generation.output->report.summary + "."});
  done.blocks.emplace_back(answer::Code{report_of(*generation.output), ""});
  auto posted = deps.chat.post(run.where, done);
  if (!posted) {
    return tl::unexpected(posted.error());
  }
  const chat::Destination thread{run.where.workspace, run.where.channel,
                                 run.where.thread.empty() ? posted->front().message : run.where.thread};
  DatavaultRun in_thread = run;
  in_thread.where = thread;
  auto delivered = deliver(*generation.output, run.spec.text, parsed->spec, in_thread, deps);
  const std::string said =
      delivered ? *delivered : "❌ Delivering the files failed: " + delivered.error().to_string();
  auto told = deps.chat.post(thread, notice(said));
  return told ? Result<void>{} : tl::unexpected(told.error());
}

Result<void> datavault_command(const slack::SlashCommand& command, const std::string& text,
                               SlackWorkerDeps& deps) {
  auto [sub, rest] = datavault_subcommand(text);
  const chat::Destination where{command.team, command.channel, ""};
  if (sub == "draft") {
    return datavault_draft(command, rest, deps);
  }
  const bool validate_only = sub == "validate";
  SpecInput spec = spec_input(rest);
  if (spec.text.empty() || sub == "help") {
    return deps.chat.post_ephemeral(where, command.user, notice(k_usage));
  }
  DatavaultRun run{where,
                   command.user,
                   std::move(spec),
                   "spec from Slack",
                   validate_only ? "asked to validate a Data Vault spec" : "asked to generate a Data Vault",
                   validate_only};
  return run_datavault(run, deps);
}

} // namespace steward::bot

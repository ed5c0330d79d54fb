// `/steward datavault draft <description>`: the LLM turns a narrative into a
// Data Vault spec, which is shown back with its validation before anything
// is generated; Generate (anyone may press it) runs the generation in the
// message's thread. The model sees the description and the project's
// sources and models with their column names, never data.

#include <nlohmann/json.hpp>

#include "bot/jobs/clock.hpp"
#include "bot/slack/conversation.hpp"
#include "bot/slack/datavault.hpp"
#include "bot/slack/replies.hpp"
#include "core/datavault/plan.hpp"

namespace steward::bot {
namespace {

constexpr std::size_t k_listed_nodes = 60;
constexpr std::size_t k_listed_columns = 25;
constexpr int k_reply_tokens = 3000;

constexpr std::string_view k_instructions =
    "You design Data Vault 2.0 models for a dbt project that uses the automate_dv package. Turn the user's "
    "description into a spec in Steward's YAML format: one YAML document per entity (a hub with its business "
    "key, satellites of descriptive attributes per source, links to other entities), separated by `---`, "
    "with an optional first document `project:`. Map every source you use in `source_mappings` to a source "
    "table (`schema`, `table`) or a dbt model (`model`) of the project listed below, with `key_field` (the "
    "column holding the entity's business key in that source), `record_source` (a constant like "
    "\"!shop.orders\") and `load_date` (a column or SQL expression). Use only sources, models and columns "
    "listed below. Reply with the spec in one ```yaml fence and nothing else. Example:\n"
    "```yaml\n"
    "project:\n  package: automate_dv\n  platform: postgres\n---\n"
    "entity:\n  name: customer\n  description: A person with an account.\n"
    "hub:\n  business_key: [customer_id]\n"
    "satellites:\n  - name: profile\n    attributes: [first_name, email]\n    sources: [customers]\n"
    "source_mappings:\n  customers:\n    schema: shop\n    table: customers\n    key_field: id\n"
    "    record_source: \"!shop.customers\"\n    load_date: _loaded_at\n  orders:\n    key_field: "
    "customer_id\n"
    "---\n"
    "entity:\n  name: order\nhub:\n  business_key: [order_id]\n"
    "links:\n  - name: order_customer\n    related_hub: customer\n    sources: [orders]\n"
    "source_mappings:\n  orders:\n    schema: shop\n    table: orders\n    key_field: id\n"
    "    record_source: \"!shop.orders\"\n    load_date: _loaded_at\n"
    "```";

std::string draft_key(const std::string& team, const std::string& channel, const std::string& ts) {
  return "datavault.draft." + team + "." + channel + "." + ts;
}

/// The project's sources and models with their documented columns.
std::string project_outline(const dbt::Project& project) {
  std::string out;
  std::size_t listed = 0;
  for (const dbt::Node& node : project.nodes()) {
    const bool source = node.type == dbt::ResourceType::source;
    if ((!source && node.type != dbt::ResourceType::model) || listed >= k_listed_nodes) {
      continue;
    }
    ++listed;
    out += source ? "- source " + std::string(node.source_name) + "." + std::string(node.name) +
                        (node.schema.empty() ? "" : " (schema " + std::string(node.schema) + ")")
                  : "- model " + std::string(node.name);
    std::size_t shown = 0;
    for (const dbt::Column& column : node.columns) {
      out += (shown == 0 ? ": " : ", ") + std::string(column.name);
      if (++shown >= k_listed_columns) {
        out += ", …";
        break;
      }
    }
    out += "\n";
  }
  return out.empty() ? "(no project loaded)\n" : out;
}

answer::Answer draft_answer(const std::string& user, const std::string& spec,
                            const std::vector<datavault::Diagnostic>& diagnostics, bool parsed) {
  answer::Answer out;
  out.summary = "A Data Vault spec to check";
  out.blocks.emplace_back(answer::Context{"<@" + user + "> asked for a Data Vault spec"});
  out.blocks.emplace_back(answer::Paragraph{"Here is a draft. Check the business keys and sources: copy it, "
                                            "change it and run `/steward datavault` with it, or generate it "
                                            "as it is."});
  out.blocks.emplace_back(answer::Code{spec, "yaml"});
  std::string problems;
  std::size_t errors = 0;
  for (const datavault::Diagnostic& diagnostic : diagnostics) {
    errors += diagnostic.severity == datavault::Severity::error ? 1 : 0;
    problems += "\n• " + diagnostic.to_string();
  }
  if (!parsed || errors > 0) {
    out.blocks.emplace_back(answer::Paragraph{"❌ It doesn't validate yet:" + problems});
    return out;
  }
  if (!problems.empty()) {
    out.blocks.emplace_back(answer::Paragraph{"Warnings:" + problems});
  }
  out.blocks.emplace_back(answer::Actions{
      {answer::Button{"Generate", "steward.datavault_generate", "draft", answer::ButtonStyle::primary}}});
  return out;
}

} // namespace

Result<void> datavault_draft(const slack::SlashCommand& command, const std::string& description,
                             SlackWorkerDeps& deps) {
  const chat::Destination where{command.team, command.channel, ""};
  if (deps.agent == nullptr) {
    return deps.chat.post_ephemeral(where, command.user,
                                    notice("Drafting a spec needs an LLM (`llm.provider`), and none is "
                                           "configured. Write the spec yourself: docs/datavault.md."));
  }
  if (description.find_first_not_of(" \t\r\n") == std::string::npos) {
    return deps.chat.post_ephemeral(
        where, command.user,
        notice("Say what the vault should hold: `/steward datavault draft customers and their orders, from "
               "the shop source`."));
  }
  auto posted =
      deps.chat.post(where, notice("⏳ <@" + command.user + "> asked for a Data Vault spec; drafting it…"));
  if (!posted) {
    return tl::unexpected(posted.error());
  }
  const store::MessageRef message = posted->front();
  const auto snapshot = deps.knowledge.current();
  llm::Request request;
  request.system = std::string(k_instructions);
  request.messages.push_back(
      {llm::Role::user,
       "Description:\n" + description + "\n\nThe project's sources and models:\n" +
           (snapshot ? project_outline(snapshot->project) : std::string("(not loaded)\n")),
       {},
       "",
       "",
       false});
  request.max_tokens = k_reply_tokens;
  auto reply = deps.agent->language_model().complete(request);
  if (!reply) {
    auto told = deps.chat.update(message, "",
                                 notice("❌ The model couldn't draft a spec: " + reply.error().to_string()));
    return told ? Result<void>{} : tl::unexpected(told.error());
  }
  const std::string spec = spec_input(reply->text).text;
  auto parsed = datavault::parse_spec(spec, datavault::Format::detect);
  std::vector<datavault::Diagnostic> diagnostics;
  if (parsed) {
    diagnostics = parsed->diagnostics;
    for (datavault::Diagnostic& diagnostic :
         datavault::validate(parsed->spec, snapshot ? &snapshot->project : nullptr)) {
      diagnostics.push_back(std::move(diagnostic));
    }
  } else {
    diagnostics.push_back({datavault::Severity::error, "spec", parsed.error().to_string(), {}});
  }
  if (auto kept = deps.settings != nullptr
                      ? deps.settings->put_setting(
                            draft_key(message.workspace, message.channel, message.message),
                            nlohmann::json{{"spec", spec}, {"user", command.user}}.dump(), wall_now())
                      : Result<void>{};
      !kept) {
    return kept;
  }
  auto shown =
      deps.chat.update(message, "", draft_answer(command.user, spec, diagnostics, parsed.has_value()));
  return shown ? Result<void>{} : tl::unexpected(shown.error());
}

Result<void> datavault_button(const slack::BlockAction& action, SlackWorkerDeps& deps) {
  const chat::Destination thread{action.team, action.channel, action.message_ts};
  if (deps.settings == nullptr) {
    return deps.chat.post_ephemeral(thread, action.user, notice("I can't find that draft any more."));
  }
  auto stored = deps.settings->setting(draft_key(action.team, action.channel, action.message_ts));
  if (!stored) {
    return tl::unexpected(stored.error());
  }
  const nlohmann::json draft = *stored ? nlohmann::json::parse(**stored, nullptr, false) : nlohmann::json();
  if (!draft.is_object() || !draft.contains("spec") || !draft["spec"].is_string()) {
    return deps.chat.post_ephemeral(thread, action.user, notice("I can't find that draft any more."));
  }
  DatavaultRun run{thread,
                   action.user,
                   {draft["spec"].get<std::string>(), datavault::Format::detect},
                   "spec drafted in Slack",
                   "generated the drafted Data Vault",
                   false};
  return run_datavault(run, deps);
}

} // namespace steward::bot

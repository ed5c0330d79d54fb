#pragma once

// `/steward datavault` in Slack (docs/datavault.md, "In Slack"): a spec in a
// code block validated and generated into automate_dv models and handed over
// (bot/slack/datavault_command.cpp), or drafted by the LLM from a
// description and generated when someone presses Generate
// (bot/slack/datavault_draft.cpp).

#include <string>

#include "bot/slack/worker.hpp"
#include "core/datavault/parse.hpp"

namespace steward::bot {

/// A spec as typed in Slack.
struct SpecInput {
  std::string text;
  datavault::Format format = datavault::Format::detect;
};

/// The spec in `text`: the inside of its first ``` fence (a `yaml`, `json`
/// or `mermaid` tag on the fence's first line sets the format), else the
/// whole text; Slack's `&lt;`, `&gt;`, `&amp;` decoded.
SpecInput spec_input(const std::string& text);

/// One validation or generation, posted in `where`.
struct DatavaultRun {
  chat::Destination where; ///< empty `thread`: a new message in the channel, the files in its thread
  std::string user;        ///< who asked
  SpecInput spec;
  std::string spec_name; ///< named in the files' headers and the report
  std::string what;      ///< "asked to generate a Data Vault", shown after the user's mention
  bool validate_only = false;
};

/// Parses and validates the spec (against the loaded project) and, unless
/// `validate_only`, generates the models and delivers them
/// (`datavault.delivery`). Problems with the spec are answers, not errors.
Result<void> run_datavault(const DatavaultRun& run, SlackWorkerDeps& deps);

/// `/steward datavault [validate|generate|draft|help] ...`.
Result<void> datavault_command(const slack::SlashCommand& command, const std::string& text,
                               SlackWorkerDeps& deps);

/// `/steward datavault draft <description>`: the LLM writes a spec, shown
/// with its validation and a Generate button.
Result<void> datavault_draft(const slack::SlashCommand& command, const std::string& description,
                             SlackWorkerDeps& deps);

/// The Generate button under a drafted spec (`steward.datavault_generate`).
Result<void> datavault_button(const slack::BlockAction& action, SlackWorkerDeps& deps);

} // namespace steward::bot

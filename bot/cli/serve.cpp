#include <iostream>

#include <unistd.h>

#include "bot/agent/runtime.hpp"
#include "bot/chat/console.hpp"
#include "bot/cli/cli.hpp"
#include "bot/cli/command.hpp"
#include "bot/serve/daemon.hpp"

namespace steward::cli {

namespace {

int run_serve(const Args& args, Io& io) {
  if (!args.positional.empty()) {
    return report(io, Error{args.positional.front(), "unexpected argument"}, k_exit_usage);
  }
  Args effective = args;
  std::optional<config::Config> config = load_settings(effective, io);
  if (!config) {
    return k_exit_usage;
  }
  if (auto listen = args.value("listen")) {
    config->server.listen = *listen;
  }
  return bot::run_daemon(*config, io.out, io.err);
}

int run_chat(const Args& args, Io& io) {
  if (!args.positional.empty()) {
    return report(io, Error{args.positional.front(), "unexpected argument"}, k_exit_usage);
  }
  auto snapshot = open_project(args, io);
  if (!snapshot) {
    return k_exit_usage;
  }
  bot::ConsoleOptions options;
  options.interactive = ::isatty(STDIN_FILENO) == 1 && !args.has("batch");
  std::optional<config::Config> config = load_settings(args, io, false);
  if (!config) {
    return k_exit_usage;
  }
  auto runtime = bot::AgentRuntime::start(*config, !args.has("offline"));
  if (!runtime) {
    return report(io, runtime.error(), k_exit_usage);
  }
  options.agent = (*runtime)->agent();
  options.knowledge = (*runtime)->router_context();
  bot::run_console(*snapshot, std::cin, io.out, options);
  return k_exit_ok;
}

} // namespace

const Command& serve_command() {
  static const Command command{
      "serve",
      "run the Slack daemon (Events API over HTTP, or Socket Mode)",
      "usage: steward serve [--project PATH] [--config FILE] [--listen HOST:PORT]\n"
      "\n"
      "Serves the dbt project in Slack until SIGINT or SIGTERM. In slack.mode http\n"
      "(default) Slack sends events, slash commands and button clicks to\n"
      "POST /slack/events; in socket mode Steward connects to Slack itself.\n"
      "Also serves GET /healthz, GET /readyz and GET /metrics (Prometheus).\n"
      "Every request is verified, acknowledged within 3 s and persisted as a job\n"
      "before work starts, so nothing acknowledged is lost across restarts.\n"
      "\n"
      "Needs slack.bot_token (STEWARD_SLACK_BOT_TOKEN) and, in http mode,\n"
      "slack.signing_secret (STEWARD_SLACK_SIGNING_SECRET), in socket mode\n"
      "slack.app_token (STEWARD_SLACK_APP_TOKEN). See docs/slack-setup.md.\n"
      "\n"
      "  --project PATH       dbt project directory or manifest.json; default: project.path\n"
      "  --config FILE        config file (default $STEWARD_CONFIG, else ./steward.yaml)\n"
      "  --listen HOST:PORT   overrides server.listen (default 127.0.0.1:8080; port 0 picks one)\n"
      "\n"
      "Prints `steward: serving on URL` once ready; logs go to stderr.\n"
      "exit: 0 after a clean shutdown, 2 when it cannot start (key: reason)\n",
      {{"project", true}, {"config", true}, {"listen", true}, {"help", false}},
      run_serve,
  };
  return command;
}

const Command& chat_command() {
  static const Command command{
      "chat",
      "ask about the project in the terminal (the daemon's answers, no Slack needed)",
      "usage: steward chat [--project PATH] [--config FILE] [--batch] [--offline]\n"
      "\n"
      "Answers questions about the project exactly as Steward does in Slack:\n"
      "`what is fct_orders?`, `where does orders.amount come from?`,\n"
      "`what breaks if stg_payments changes?`, `what failed?`, `help`. With an\n"
      "LLM configured (llm.provider, llm.model, llm.api_key) the agent answers\n"
      "with the project tools and remembers the conversation, printing what it\n"
      "looks up as `… Looking up: ...` lines; without one (or with --offline) the\n"
      "deterministic router answers.\n"
      "Buttons are shown as numbered choices; type the number to follow one. A\n"
      "follow-up that names no model is about the previous answer's model.\n"
      "\n"
      "On a terminal it prompts; with piped input (or --batch) it reads one\n"
      "question per line and prints each question (`> ...`) and its answer.\n"
      "`quit`, `exit` or end of input ends it.\n"
      "\n"
      "  --project PATH  dbt project directory or manifest.json; default: project.path\n"
      "  --config FILE   config file (default $STEWARD_CONFIG, else ./steward.yaml)\n"
      "  --batch         no prompt even on a terminal\n"
      "  --offline       answer with the router even when an LLM is configured\n"
      "\n"
      "exit: 0 ok, 2 the project cannot be loaded or the LLM settings are invalid\n",
      {{"project", true}, {"config", true}, {"batch", false}, {"offline", false}, {"help", false}},
      run_chat,
  };
  return command;
}

} // namespace steward::cli

#pragma once

#include <iosfwd>

#include "bot/config/config.hpp"

namespace steward::bot {

/// Runs `steward serve` until SIGINT/SIGTERM: loads the project, opens the
/// store, learns the bot's identity, starts the job workers, the HTTP server
/// (`server.listen`) and, in Socket Mode, the Slack connections. Prints one
/// line to `out` once serving (`steward: serving on http://HOST:PORT`).
/// Returns 0 after a clean shutdown, 2 when it cannot start (the reason is
/// printed to `err` as `key: reason`).
int run_daemon(const config::Config& config, std::ostream& out, std::ostream& err);

} // namespace steward::bot

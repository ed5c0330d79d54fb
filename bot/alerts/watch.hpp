#pragma once

// Watches the dbt project's `target/run_results.json` and
// `target/sources.json`: when one changes (size or modification time) and
// parses, its run becomes a `dbt.run` job (bot/alerts/ingest.hpp). A file
// caught half-written is read again at the next tick. The files present at
// start-up are read too: a run Steward already handled is the same job and
// changes nothing.

#include <chrono>
#include <filesystem>
#include <functional>

#include <boost/asio/awaitable.hpp>

#include "adapters/runtime/blocking_pool.hpp"
#include "core/ports/store.hpp"

namespace steward::bot {

/// The artifacts directory of `project` (a dbt project directory: its
/// `target/`; a directory of artifacts: itself; a manifest file: its folder).
std::filesystem::path artifacts_dir(const std::filesystem::path& project);

/// Checks every `interval` until its executor stops (`0`: once). `wake` is
/// called after a new job was stored.
boost::asio::awaitable<void> watch_runs(std::filesystem::path dir, store::JobQueue& jobs,
                                        runtime::BlockingPool& pool, std::chrono::milliseconds interval,
                                        int max_attempts, std::function<void()> wake);

} // namespace steward::bot

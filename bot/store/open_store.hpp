#pragma once

#include <memory>

#include "bot/config/config.hpp"
#include "core/ports/store.hpp"
#include "core/store/backoff.hpp"

namespace steward::bot {

/// Opens the store `config` names (SQLite under `state.dir` by default, or
/// PostgreSQL at `store.url`), creating `state.dir` first for SQLite, and
/// applies pending migrations. Errors are one `key: reason` a person can act
/// on (see the adapters' factories); nothing is written when opening fails.
Result<std::unique_ptr<store::Store>> open_store(const config::Config& config);

/// The retry policy `jobs.*` describes.
store::RetryPolicy retry_policy(const config::JobsConfig& jobs);

} // namespace steward::bot

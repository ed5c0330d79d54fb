#pragma once

// Private to the SQLite adapter: opening, validating, configuring and
// migrating the database file.

#include <memory>

#include "adapters/sqlite/connection.hpp"
#include "adapters/sqlite/sqlite_store.hpp"
#include "core/util/error.hpp"

namespace steward::sqlite {

/// Opens `options.path` as described by `open_sqlite_store`: the directory is
/// created and probed for writability before SQLite touches anything, a
/// foreign or corrupt file is rejected before anything is written to it, then
/// WAL mode, `synchronous`, foreign keys and the busy timeout are set and
/// pending migrations applied. When it fails, files and directories it
/// created are removed again.
Result<std::unique_ptr<Connection>> open_database(const SqliteOptions& options);

} // namespace steward::sqlite

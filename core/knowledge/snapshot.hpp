#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

#include "core/dbt/loader.hpp"
#include "core/dbt/project.hpp"
#include "core/search/index.hpp"
#include "core/util/error.hpp"

namespace steward::knowledge {

/// One immutable view of the project that every reader works from: the
/// parsed project, its lineage graph (inside `project`) and its search index.
struct Snapshot {
  explicit Snapshot(dbt::Project loaded) : project(std::move(loaded)) {}

  dbt::Project project;
  search::Index index; ///< refers into `project`; built right after it
  std::uint64_t generation = 0;
  std::uint64_t fingerprint = 0; ///< of the inputs it was built from
};

/// Loads `path` (see `dbt::load_project`) and indexes it.
Result<std::shared_ptr<const Snapshot>> build_snapshot(const std::filesystem::path& path,
                                                       const dbt::LoadOptions& options);

/// A cheap digest of the inputs `load_project` would read for `path` (names,
/// sizes and modification times): equal digests mean nothing changed. For a
/// source tree it covers the project's `.sql`, `.yml`, `.yaml`, `.md`, `.csv`
/// and `.py` files, skipping `target/`, `logs/`, `dbt_packages/` and dot folders.
std::uint64_t fingerprint(const std::filesystem::path& path, const dbt::LoadOptions& options);

/// Holds the current snapshot and replaces it atomically on reload.
///
/// Readers call `current()` and keep the returned pointer as long as they need
/// it; a reload never changes a snapshot a reader holds, and readers never wait
/// for a reload to finish. A reload that fails keeps the last good snapshot and
/// records why (`last_error()`).
///
/// @par Thread safety
/// All member functions may be called from any thread; reloads are serialised.
class KnowledgeBase {
public:
  KnowledgeBase(std::filesystem::path path, dbt::LoadOptions options);

  /// The current snapshot, or null before the first successful load.
  [[nodiscard]] std::shared_ptr<const Snapshot> current() const;

  /// Builds a new snapshot and swaps it in. On failure the previous snapshot
  /// stays current and the error is returned and kept for `last_error()`.
  Result<std::shared_ptr<const Snapshot>> reload();

  /// Reloads only when the inputs' fingerprint changed since the last attempt
  /// (so a broken file is reported once, not on every poll). Returns true when
  /// it swapped in a new snapshot.
  Result<bool> reload_if_changed();

  /// Why the latest reload failed; empty after a successful one.
  [[nodiscard]] std::optional<Error> last_error() const;

  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

private:
  Result<std::shared_ptr<const Snapshot>> reload_locked(std::uint64_t digest);

  std::filesystem::path m_path;
  dbt::LoadOptions m_options;
  std::atomic<std::shared_ptr<const Snapshot>> m_current;
  mutable std::mutex m_reload_mutex;        ///< serialises writers only
  std::optional<Error> m_last_error;        ///< guarded by m_reload_mutex
  std::uint64_t m_generation = 0;           ///< guarded by m_reload_mutex
  std::optional<std::uint64_t> m_attempted; ///< fingerprint of the last attempt; guarded
};

} // namespace steward::knowledge

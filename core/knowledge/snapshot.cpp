#include "core/knowledge/snapshot.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace steward::knowledge {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t k_fnv_offset = 1469598103934665603ULL;
constexpr std::uint64_t k_fnv_prime = 1099511628211ULL;

void mix(std::uint64_t& hash, std::string_view bytes) {
  for (char c : bytes) {
    hash = (hash ^ static_cast<unsigned char>(c)) * k_fnv_prime;
  }
}

void mix_file(std::uint64_t& hash, const fs::path& file) {
  std::error_code ec;
  auto size = fs::file_size(file, ec);
  auto time = fs::last_write_time(file, ec);
  mix(hash, file.string());
  mix(hash, std::to_string(ec ? 0 : size));
  mix(hash, std::to_string(ec ? 0 : time.time_since_epoch().count()));
}

bool is_source_file(const fs::path& file) {
  static const std::vector<std::string> k_extensions = {".sql", ".yml", ".yaml", ".md", ".csv", ".py"};
  std::string ext = file.extension().string();
  return std::find(k_extensions.begin(), k_extensions.end(), ext) != k_extensions.end();
}

bool is_skipped_dir(const fs::path& dir) {
  std::string name = dir.filename().string();
  return name == "target" || name == "logs" || name == "dbt_packages" || name == "dbt_modules" ||
         (!name.empty() && name.front() == '.');
}

void mix_tree(std::uint64_t& hash, const fs::path& root) {
  std::vector<fs::path> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec) && is_skipped_dir(it->path())) {
      it.disable_recursion_pending();
    } else if (it->is_regular_file(ec) && is_source_file(it->path())) {
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    mix_file(hash, file);
  }
}

Result<std::shared_ptr<Snapshot>> build(const fs::path& path, const dbt::LoadOptions& options,
                                        std::uint64_t digest) {
  auto project = dbt::load_project(path, options);
  if (!project) {
    return tl::unexpected(project.error());
  }
  auto snapshot = std::make_shared<Snapshot>(std::move(*project));
  if (options.progress) {
    options.progress("indexing " + std::to_string(snapshot->project.nodes().size()) + " nodes");
  }
  snapshot->index = search::Index::build(snapshot->project);
  snapshot->fingerprint = digest;
  return snapshot;
}

} // namespace

Result<std::shared_ptr<const Snapshot>> build_snapshot(const fs::path& path,
                                                       const dbt::LoadOptions& options) {
  auto built = build(path, options, fingerprint(path, options));
  if (!built) {
    return tl::unexpected(built.error());
  }
  return std::shared_ptr<const Snapshot>(std::move(*built));
}

std::uint64_t fingerprint(const fs::path& path, const dbt::LoadOptions& options) {
  std::uint64_t hash = k_fnv_offset;
  fs::path manifest = dbt::manifest_path_for(path, options);
  if (manifest.empty()) {
    mix_tree(hash, path);
    return hash;
  }
  mix_file(hash, manifest);
  for (const char* sibling : {"catalog.json", "run_results.json", "sources.json", "semantic_manifest.json"}) {
    mix_file(hash, manifest.parent_path() / sibling);
  }
  return hash;
}

KnowledgeBase::KnowledgeBase(fs::path path, dbt::LoadOptions options)
    : m_path(std::move(path)), m_options(std::move(options)) {
}

std::shared_ptr<const Snapshot> KnowledgeBase::current() const {
  return m_current.load(std::memory_order_acquire);
}

Result<std::shared_ptr<const Snapshot>> KnowledgeBase::reload() {
  std::lock_guard lock(m_reload_mutex);
  return reload_locked(fingerprint(m_path, m_options));
}

Result<std::shared_ptr<const Snapshot>> KnowledgeBase::reload_locked(std::uint64_t digest) {
  m_attempted = digest;
  auto built = build(m_path, m_options, digest);
  if (!built) {
    m_last_error = built.error();
    return tl::unexpected(built.error());
  }
  (*built)->generation = ++m_generation;
  std::shared_ptr<const Snapshot> snapshot = std::move(*built);
  m_current.store(snapshot, std::memory_order_release);
  m_last_error.reset();
  return snapshot;
}

Result<bool> KnowledgeBase::reload_if_changed() {
  std::lock_guard lock(m_reload_mutex);
  std::uint64_t digest = fingerprint(m_path, m_options);
  if (m_attempted && *m_attempted == digest) {
    // Unchanged since the last attempt: nothing new to load, and a failed
    // attempt would only fail again.
    return false;
  }
  auto reloaded = reload_locked(digest);
  if (!reloaded) {
    return tl::unexpected(reloaded.error());
  }
  return true;
}

std::optional<Error> KnowledgeBase::last_error() const {
  std::lock_guard lock(m_reload_mutex);
  return m_last_error;
}

} // namespace steward::knowledge

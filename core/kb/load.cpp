// Corpus::load and fingerprint: the Markdown files of a knowledge base folder.

#include <algorithm>
#include <cstdint>
#include <string>
#include <system_error>

#include "core/dbt/artifacts.hpp"
#include "core/kb/corpus.hpp"
#include "core/kb/markdown.hpp"
#include "core/util/text.hpp"

namespace steward::kb {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t k_max_files = 2000;
constexpr std::uintmax_t k_max_file_bytes = std::uintmax_t{1} << 20;
constexpr std::string_view k_key = "knowledge_base.path";

bool is_hidden(const fs::path& path) {
  std::string name = path.filename().string();
  return !name.empty() && name.front() == '.';
}

bool is_markdown(const fs::path& path) {
  std::string ext = to_lower(path.extension().string());
  return ext == ".md" || ext == ".markdown";
}

/// The Markdown files under `folder`, sorted; dot folders and dot files are
/// skipped. Stops after `cap` files. `ec` is set when listing failed.
std::vector<fs::path> markdown_files(const fs::path& folder, std::size_t cap, std::error_code& ec) {
  std::vector<fs::path> files;
  fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator() && files.size() < cap; it.increment(ec)) {
    std::error_code type_ec;
    if (is_hidden(it->path())) {
      if (it->is_directory(type_ec)) {
        it.disable_recursion_pending();
      }
    } else if (it->is_regular_file(type_ec) && is_markdown(it->path())) {
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

Result<std::vector<SourceFile>> read_all(const fs::path& folder, const std::vector<fs::path>& files) {
  std::vector<SourceFile> out;
  out.reserve(files.size());
  for (const auto& file : files) {
    std::error_code ec;
    std::uintmax_t size = fs::file_size(file, ec);
    if (!ec && size > k_max_file_bytes) {
      return fail(std::string(k_key),
                  file.string() + ": larger than 1 MiB (" + std::to_string(size) + " bytes); split it up");
    }
    auto content = dbt::read_file(file);
    if (!content) {
      return fail(std::string(k_key), content.error().to_string());
    }
    if (content->size() > k_max_file_bytes) {
      return fail(std::string(k_key), file.string() + ": larger than 1 MiB; split it up");
    }
    out.push_back(SourceFile{file.lexically_relative(folder).generic_string(), std::move(*content)});
  }
  return out;
}

} // namespace

Result<Corpus> Corpus::load(const fs::path& folder) {
  std::error_code ec;
  if (!fs::exists(folder, ec)) {
    return fail(std::string(k_key), folder.string() + ": no such directory");
  }
  if (!fs::is_directory(folder, ec)) {
    return fail(std::string(k_key), folder.string() + ": not a directory");
  }
  std::vector<fs::path> files = markdown_files(folder, k_max_files + 1, ec);
  if (ec) {
    return fail(std::string(k_key), folder.string() + ": " + ec.message());
  }
  if (files.size() > k_max_files) {
    return fail(std::string(k_key), folder.string() + ": more than " + std::to_string(k_max_files) +
                                        " Markdown files; point it at a smaller folder");
  }
  auto sources = read_all(folder, files);
  if (!sources) {
    return tl::unexpected(sources.error());
  }
  return from_files(std::move(*sources));
}

std::uint64_t fingerprint(const fs::path& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    return 0;
  }
  std::uint64_t hash = detail::k_fnv_offset;
  for (const auto& file : markdown_files(folder, k_max_files + 1, ec)) {
    std::error_code stat_ec;
    auto size = fs::file_size(file, stat_ec);
    auto time = fs::last_write_time(file, stat_ec);
    hash = detail::fnv1a(hash, file.lexically_relative(folder).generic_string());
    hash = detail::fnv1a(hash, "\n" + std::to_string(stat_ec ? 0 : size));
    hash = detail::fnv1a(hash, "\n" + std::to_string(stat_ec ? 0 : time.time_since_epoch().count()) + "\n");
  }
  // A folder with no Markdown files still exists: keep 0 for "missing".
  return hash == 0 ? 1 : hash;
}

} // namespace steward::kb

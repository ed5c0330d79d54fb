#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "core/dbt/artifacts.hpp"

namespace steward::dbt {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { static_cast<void>(std::fclose(file)); }
};

/// Opens `path` for reading, refusing directories; fills `size` when known.
Result<std::unique_ptr<std::FILE, FileCloser>> open_file(const std::filesystem::path& path,
                                                         std::size_t& size) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return fail(path.string(), "is a directory, expected a file");
  }
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    return fail(path.string(), std::strerror(errno));
  }
  auto bytes = std::filesystem::file_size(path, ec);
  size = ec ? 0 : static_cast<std::size_t>(bytes);
  return file;
}

} // namespace

Result<std::string> read_file(const std::filesystem::path& path) {
  std::size_t size = 0;
  auto file = open_file(path, size);
  if (!file) {
    return tl::unexpected(file.error());
  }
  std::string text;
  text.reserve(size);
  char buffer[1 << 16];
  while (true) {
    std::size_t got = std::fread(buffer, 1, sizeof(buffer), file->get());
    text.append(buffer, got);
    if (got < sizeof(buffer)) {
      if (std::ferror(file->get()) != 0) {
        return fail(path.string(), std::strerror(errno));
      }
      return text;
    }
  }
}

Result<JsonText> read_json_file(const std::filesystem::path& path) {
  std::size_t size = 0;
  auto file = open_file(path, size);
  if (!file) {
    return tl::unexpected(file.error());
  }
  // Read straight into padded memory: one copy, by the kernel.
  JsonText text(size);
  std::size_t got = std::fread(text.data(), 1, size, file->get());
  if (std::ferror(file->get()) != 0) {
    return fail(path.string(), std::strerror(errno));
  }
  if (got == size && std::fgetc(file->get()) == EOF) {
    return text;
  }
  // The file changed size while we read it (or its size was unknown): fall back.
  auto whole = read_file(path);
  if (!whole) {
    return tl::unexpected(whole.error());
  }
  return JsonText(*whole);
}

} // namespace steward::dbt

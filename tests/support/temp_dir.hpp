#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include <stdlib.h>

namespace steward::testing {

/// A fresh directory under the system temp dir, removed with everything in it
/// when the object goes away.
class TempDir {
public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "steward-test-XXXXXX").string();
    m_path = std::filesystem::path(::mkdtemp(pattern.data()) != nullptr ? pattern : "");
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&&) = delete;
  TempDir& operator=(TempDir&&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return m_path; }

  /// Writes `text` to `name` (parent folders created) and returns its path.
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::filesystem::path file = m_path / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

private:
  std::filesystem::path m_path;
};

} // namespace steward::testing

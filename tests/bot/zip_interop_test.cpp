// The ZIP writer's archives open in another implementation: Python's zipfile
// (installed with the test packages) tests every CRC and lists the entries.

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/util/zip.hpp"
#include "tests/support/subprocess.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::testing {
namespace {

TEST(ZipInteropTest, PythonsZipfileReadsTheArchive) {
  if (!std::filesystem::exists("/usr/bin/python3")) {
    GTEST_SKIP() << "no /usr/bin/python3 to read the archive with";
  }
  TempDir dir;
  const auto path = dir.path() / "out.zip";
  std::ofstream(path, std::ios::binary) << util::zip_stored(
      {{"models/h_customer.sql", "select 1\n"}, {"models/schema.yml", "version: 2\nmodels: []\n"}});
  Subprocess python(
      {"/usr/bin/python3", "-c",
       "import sys, zipfile\n"
       "z = zipfile.ZipFile(sys.argv[1])\n"
       "print('bad:', z.testzip())\n"
       "for i in z.infolist(): print(i.filename, i.file_size, z.read(i).decode().count('\\n'))\n",
       path.string()},
      true);
  std::string line;
  std::vector<std::string> lines;
  while (python.read_line(line)) {
    lines.push_back(line);
  }
  EXPECT_EQ(lines,
            (std::vector<std::string>{"bad: None", "models/h_customer.sql 9 1", "models/schema.yml 22 2"}));
}

} // namespace
} // namespace steward::testing

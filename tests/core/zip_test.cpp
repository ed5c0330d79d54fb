// The ZIP writer: CRC-32 against the published check values, and the archive
// read back by an independent reader written here from the ZIP format
// (APPNOTE.TXT): end record → central directory → local headers → data.

#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "core/util/zip.hpp"

namespace steward::util {
namespace {

std::uint32_t le32(const std::string& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (int i = 3; i >= 0; --i) {
    value = (value << 8U) | static_cast<unsigned char>(bytes.at(at + static_cast<std::size_t>(i)));
  }
  return value;
}

std::uint16_t le16(const std::string& bytes, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes.at(at)) |
                                    (static_cast<unsigned char>(bytes.at(at + 1)) << 8U));
}

/// Reads every entry through the central directory, checking the local
/// header agrees; fails the test on any inconsistency.
std::vector<ZipEntry> read_back(const std::string& zip) {
  std::vector<ZipEntry> out;
  const std::size_t end = zip.size() - 22;
  EXPECT_EQ(le32(zip, end), 0x06054b50U) << "end of central directory record";
  const std::uint16_t count = le16(zip, end + 10);
  std::size_t at = le32(zip, end + 16);
  EXPECT_EQ(at + le32(zip, end + 12), end) << "central directory ends where the end record starts";
  for (std::uint16_t i = 0; i < count; ++i) {
    EXPECT_EQ(le32(zip, at), 0x02014b50U);
    EXPECT_EQ(le16(zip, at + 10), 0) << "stored";
    const std::uint32_t crc = le32(zip, at + 16);
    const std::uint32_t size = le32(zip, at + 20);
    EXPECT_EQ(le32(zip, at + 24), size) << "uncompressed size = compressed size";
    const std::uint16_t name_length = le16(zip, at + 28);
    const std::uint32_t local = le32(zip, at + 42);
    std::string name = zip.substr(at + 46, name_length);
    EXPECT_EQ(le32(zip, local), 0x04034b50U);
    EXPECT_EQ(le32(zip, local + 14), crc);
    EXPECT_EQ(zip.substr(local + 30, le16(zip, local + 26)), name);
    std::string content = zip.substr(local + 30 + name_length + le16(zip, local + 28), size);
    EXPECT_EQ(crc32(content), crc);
    out.push_back({std::move(name), std::move(content)});
    at += 46 + name_length + le16(zip, at + 30) + le16(zip, at + 32);
  }
  return out;
}

TEST(ZipTest, Crc32MatchesTheCheckValues) {
  EXPECT_EQ(crc32(""), 0U);
  EXPECT_EQ(crc32("123456789"), 0xCBF43926U); // the CRC-32/ISO-HDLC check value
  EXPECT_EQ(crc32("The quick brown fox jumps over the lazy dog"), 0x414FA339U);
}

TEST(ZipTest, EntriesReadBackInOrderWithTheirBytes) {
  std::string binary("a\0b\xff", 4);
  const std::vector<ZipEntry> entries = {{"models/staging/stg_shop.sql", "select 1\n"},
                                         {"models/raw_vault/schema.yml", "version: 2\n"},
                                         {"empty.txt", ""},
                                         {"bytes.bin", binary}};
  const std::string zip = zip_stored(entries);
  const std::vector<ZipEntry> back = read_back(zip);
  ASSERT_EQ(back.size(), entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(back[i].path, entries[i].path);
    EXPECT_EQ(back[i].content, entries[i].content);
  }
  EXPECT_EQ(zip_stored(entries), zip) << "the same files give the same bytes";
}

TEST(ZipTest, AnEmptyArchiveIsJustTheEndRecord) {
  const std::string zip = zip_stored({});
  ASSERT_EQ(zip.size(), 22U);
  EXPECT_EQ(le32(zip, 0), 0x06054b50U);
}

} // namespace
} // namespace steward::util

#pragma once

// A ZIP archive writer for handing generated files to people as one
// download (Slack uploads). Entries are stored uncompressed (method 0): the
// files are small text and every unzip tool reads stored entries. The
// output is deterministic (fixed 1980-01-01 timestamps), so the same files
// give the same bytes. Pure.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace steward::util {

struct ZipEntry {
  std::string path; ///< relative, `/`-separated (`models/raw_vault/h_customer.sql`)
  std::string content;
};

/// CRC-32 (IEEE 802.3, as ZIP and gzip use) of `bytes`.
std::uint32_t crc32(std::string_view bytes);

/// The archive holding `entries` in order. Paths and contents up to 4 GiB
/// minus one byte, at most 65535 entries (no ZIP64); larger input is a
/// programming error the caller avoids (generated projects are far smaller).
std::string zip_stored(const std::vector<ZipEntry>& entries);

} // namespace steward::util

#include "core/util/zip.hpp"

#include <array>

namespace steward::util {
namespace {

constexpr std::uint32_t k_local_header = 0x04034b50;
constexpr std::uint32_t k_central_header = 0x02014b50;
constexpr std::uint32_t k_end_of_central = 0x06054b50;
constexpr std::uint16_t k_version = 20;       ///< 2.0: what stored entries need
constexpr std::uint16_t k_utf8_names = 0x800; ///< general purpose flag bit 11
constexpr std::uint16_t k_dos_date = 0x21;    ///< 1980-01-01

constexpr std::array<std::uint32_t, 256> make_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t n = 0; n < table.size(); ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) {
      c = (c & 1U) != 0 ? 0xEDB88320U ^ (c >> 1U) : c >> 1U;
    }
    table[n] = c;
  }
  return table;
}

constexpr std::array<std::uint32_t, 256> k_table = make_table();

void put16(std::string& out, std::uint16_t value) {
  out += static_cast<char>(value & 0xFFU);
  out += static_cast<char>((value >> 8U) & 0xFFU);
}

void put32(std::string& out, std::uint32_t value) {
  put16(out, static_cast<std::uint16_t>(value & 0xFFFFU));
  put16(out, static_cast<std::uint16_t>(value >> 16U));
}

/// The fields local and central headers share, from "version needed" on.
void put_common(std::string& out, const ZipEntry& entry, std::uint32_t crc) {
  put16(out, k_version);
  put16(out, k_utf8_names);
  put16(out, 0); // stored
  put16(out, 0); // time 00:00
  put16(out, k_dos_date);
  put32(out, crc);
  put32(out, static_cast<std::uint32_t>(entry.content.size()));
  put32(out, static_cast<std::uint32_t>(entry.content.size()));
  put16(out, static_cast<std::uint16_t>(entry.path.size()));
  put16(out, 0); // extra field length
}

} // namespace

std::uint32_t crc32(std::string_view bytes) {
  std::uint32_t c = 0xFFFFFFFFU;
  for (const char byte : bytes) {
    c = k_table[(c ^ static_cast<unsigned char>(byte)) & 0xFFU] ^ (c >> 8U);
  }
  return c ^ 0xFFFFFFFFU;
}

std::string zip_stored(const std::vector<ZipEntry>& entries) {
  std::string out;
  std::string central;
  for (const ZipEntry& entry : entries) {
    const std::uint32_t crc = crc32(entry.content);
    const auto offset = static_cast<std::uint32_t>(out.size());
    put32(out, k_local_header);
    put_common(out, entry, crc);
    out += entry.path;
    out += entry.content;

    put32(central, k_central_header);
    put16(central, k_version); // version made by
    put_common(central, entry, crc);
    put16(central, 0); // comment length
    put16(central, 0); // disk number
    put16(central, 0); // internal attributes
    put32(central, 0); // external attributes
    put32(central, offset);
    central += entry.path;
  }
  const auto central_offset = static_cast<std::uint32_t>(out.size());
  out += central;
  put32(out, k_end_of_central);
  put16(out, 0); // this disk
  put16(out, 0); // disk with the central directory
  put16(out, static_cast<std::uint16_t>(entries.size()));
  put16(out, static_cast<std::uint16_t>(entries.size()));
  put32(out, static_cast<std::uint32_t>(central.size()));
  put32(out, central_offset);
  put16(out, 0); // comment length
  return out;
}

} // namespace steward::util

#include <gtest/gtest.h>

#include "core/json/unescape.hpp"

namespace steward::json {
namespace {

/// Decodes `body`; "(invalid)" when rejected. Also checks decoding in place
/// (output over its own input) gives the same bytes.
std::string decode(std::string_view body) {
  std::string out(body.size(), '\0');
  std::ptrdiff_t size = unescape(body, out.data());
  std::string in_place(body);
  std::ptrdiff_t same = unescape(in_place, in_place.data());
  EXPECT_EQ(size, same);
  if (size < 0) {
    return "(invalid)";
  }
  out.resize(static_cast<std::size_t>(size));
  EXPECT_EQ(in_place.substr(0, static_cast<std::size_t>(same)), out);
  return out;
}

TEST(Unescape, SimpleEscapes) {
  EXPECT_EQ(decode(R"(a\"b\\c\/d\be\ff\ng\rh\ti)"), "a\"b\\c/d\be\ff\ng\rh\ti");
  EXPECT_EQ(decode("plain"), "plain");
  EXPECT_EQ(decode(""), "");
}

TEST(Unescape, UnicodeBecomesUtf8) {
  EXPECT_EQ(decode(R"(\u0041)"), "A");
  EXPECT_EQ(decode(R"(\u00e9)"), "\xc3\xa9");
  EXPECT_EQ(decode(R"(\u20AC)"), "\xe2\x82\xac");
  EXPECT_EQ(decode(R"(\ud83d\ude00)"), "\xf0\x9f\x98\x80"); // surrogate pair → U+1F600
  EXPECT_EQ(decode(R"(\ud83dx)"), "\xef\xbf\xbdx");         // lone high surrogate → U+FFFD
  EXPECT_EQ(decode(R"(\ude00)"), "\xef\xbf\xbd");           // lone low surrogate
}

TEST(Unescape, RejectsBadInput) {
  EXPECT_EQ(decode(R"(\q)"), "(invalid)");
  EXPECT_EQ(decode(R"(\u12)"), "(invalid)");
  EXPECT_EQ(decode(R"(\u12g4)"), "(invalid)");
  EXPECT_EQ(decode("ends with \\"), "(invalid)");
  EXPECT_EQ(decode("raw\ncontrol"), "(invalid)");
}

} // namespace
} // namespace steward::json

#include "veil/base/log_safe.h"

#include <gtest/gtest.h>

namespace veil {
namespace {

TEST(LogSafeTest, KeepsPrintableAscii) {
  EXPECT_EQ(LogSafe("snp tpm sample {\"a\": 1} ~"), "snp tpm sample {\"a\": 1} ~");
  EXPECT_EQ(LogSafe(""), "");
}

TEST(LogSafeTest, EscapesControlCharactersAndNonAscii) {
  EXPECT_EQ(LogSafe("a\r\nINFO forged"), "a\\x0d\\x0aINFO forged");
  EXPECT_EQ(LogSafe("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
  EXPECT_EQ(LogSafe(std::string_view("nul\0del\x7f", 8)), "nul\\x00del\\x7f");
  EXPECT_EQ(LogSafe("\xc3\xa9"), "\\xc3\\xa9");
}

TEST(LogSafeTest, IsIdempotentOnTextAlreadyMadeSafe) {
  const std::string once = LogSafe("tee \"x\n\x1b[2J\"");
  EXPECT_EQ(once, "tee \"x\\x0a\\x1b[2J\"");
  EXPECT_EQ(LogSafe(once), once);
  EXPECT_EQ(LogSafe("C:\\path"), "C:\\path");
}

TEST(LogSafeTest, CapsLengthWithAMarker) {
  const std::string huge(1 << 20, 'A');
  const std::string safe = LogSafe(huge);
  EXPECT_EQ(safe, std::string(kLogSafeMaxBytes, 'A') + "...(" +
                      std::to_string(huge.size() - kLogSafeMaxBytes) + " more bytes)");
  EXPECT_EQ(LogSafe("abcdef", 3), "abc...(3 more bytes)");
  EXPECT_EQ(LogSafe("abc", 3), "abc");
  // The cap counts input bytes, so escaping cannot make the output unbounded either.
  EXPECT_EQ(LogSafe(std::string(10, '\n'), 2), "\\x0a\\x0a...(8 more bytes)");
}

}  // namespace
}  // namespace veil

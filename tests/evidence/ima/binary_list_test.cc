// The binary measurement list: the test list's binary form (generate.py) parses to the same
// entries as its ASCII form, and re-serializing each entry's template data gives back the bytes
// the list carries; every truncation and every oversized length field fails, naming the record.

#include "veil/evidence/ima/binary_list.h"

#include <gtest/gtest.h>

#include "veil/evidence/ima/ascii_list.h"
#include "veil/testing/fixtures.h"

namespace veil::evidence::ima {
namespace {

std::vector<Entry> AsciiEntries() {
  const Bytes bytes = testing::ReadTestData("ima/list.ascii");
  auto entries = ParseAsciiList(std::string(bytes.begin(), bytes.end()));
  EXPECT_TRUE(entries.has_value());
  return entries ? *entries : std::vector<Entry>{};
}

void ExpectSameEntries(const std::vector<Entry>& a, const std::vector<Entry>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(a[i].line, b[i].line);
    EXPECT_EQ(a[i].pcr, b[i].pcr);
    EXPECT_EQ(a[i].template_hash, b[i].template_hash);
    EXPECT_EQ(a[i].template_kind, b[i].template_kind);
    EXPECT_EQ(a[i].digest_algorithm, b[i].digest_algorithm);
    EXPECT_EQ(a[i].file_digest, b[i].file_digest);
    EXPECT_EQ(a[i].path, b[i].path);
    EXPECT_EQ(a[i].signature, b[i].signature);
  }
}

TEST(BinaryList, ParsesToTheSameEntriesAsTheAsciiForm) {
  const Bytes bytes = testing::ReadTestData("ima/list.bin");
  auto entries = ParseBinaryList(bytes);
  ASSERT_TRUE(entries.has_value()) << entries.error().ToString();
  ExpectSameEntries(*entries, AsciiEntries());
}

TEST(BinaryList, TemplateDataIsWhatTheListCarries) {
  const Bytes bytes = testing::ReadTestData("ima/list.bin");
  auto entries = ParseBinaryList(bytes);
  ASSERT_TRUE(entries.has_value());
  // Record 2 (ima-ng): u32 PCR, 20-byte hash, u32 6, "ima-ng", u32 data length, data.
  std::size_t offset = 0;
  const auto u32 = [&](std::size_t at) {
    return static_cast<std::size_t>(bytes[at]) | static_cast<std::size_t>(bytes[at + 1]) << 8 |
           static_cast<std::size_t>(bytes[at + 2]) << 16 |
           static_cast<std::size_t>(bytes[at + 3]) << 24;
  };
  offset += 4 + 20 + 4 + 6;
  offset += 4 + u32(offset);  // record 1 (boot_aggregate, ima-ng)
  offset += 4 + 20 + 4 + 6;
  const std::size_t length = u32(offset);
  const Bytes carried(bytes.begin() + static_cast<std::ptrdiff_t>(offset + 4),
                      bytes.begin() + static_cast<std::ptrdiff_t>(offset + 4 + length));
  EXPECT_EQ(TemplateData((*entries)[1]), carried);
}

TEST(BinaryList, EveryTruncationFailsOrEndsOnARecord) {
  const Bytes bytes = testing::ReadTestData("ima/list.bin");
  std::size_t records = 0;
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    auto parsed = ParseBinaryList(ByteSpan(bytes).first(cut));
    if (parsed) {
      EXPECT_EQ(parsed->size(), records) << cut;
      ++records;
    } else {
      EXPECT_EQ(parsed.error().message.rfind("record " + std::to_string(records) + " at offset", 0),
                0u)
          << cut << ": " << parsed.error().message;
    }
  }
  EXPECT_EQ(records, 12u);  // the empty list and the 11 boundaries before the last record's end
}

TEST(BinaryList, OversizedLengthsFail) {
  const Bytes bytes = testing::ReadTestData("ima/list.bin");
  Bytes name_length = bytes;
  for (int i = 0; i < 4; ++i) name_length[24 + static_cast<std::size_t>(i)] = 0xFF;
  auto parsed = ParseBinaryList(name_length);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().message,
            "record 1 at offset 0: template name of 4294967295 bytes, expected 1-15");

  Bytes data_length = bytes;
  for (int i = 0; i < 4; ++i) data_length[34 + static_cast<std::size_t>(i)] = 0xFF;
  parsed = ParseBinaryList(data_length);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_NE(parsed.error().message.find("record 1 at offset 0: truncated template data"),
            std::string::npos)
      << parsed.error().message;

  Bytes pcr = bytes;
  pcr[0] = 24;
  parsed = ParseBinaryList(pcr);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().message, "record 1 at offset 0: PCR 24 is not 0-23");
}

TEST(BinaryList, UnknownTemplateIsUnsupported) {
  Bytes bytes = testing::ReadTestData("ima/list.bin");
  bytes[28 + 4] = 'x';  // "ima-ng" -> "ima-xg"
  auto parsed = ParseBinaryList(bytes);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(parsed.error().message,
            "record 1 at offset 0: template \"ima-xg\" is not supported (ima-ng, ima-sig, ima)");
}

}  // namespace
}  // namespace veil::evidence::ima

// pax extended header records: "<length> <keyword>=<value>\n".

#include "veil/payload/tar/pax_records.h"

#include <gtest/gtest.h>

namespace veil::payload::tar {
namespace {

Result<std::vector<PaxRecord>> Parse(std::string_view text) {
  return ParsePaxRecords(AsBytes(text));
}

TEST(PaxRecords, ParsesWhatGnuTarWrites) {
  const auto records = Parse("30 mtime=1795450415.709027361\n20 path=a/b=c d.txt\n9 uname=\n");
  ASSERT_TRUE(records) << records.error().ToString();
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[0].keyword, "mtime");
  EXPECT_EQ((*records)[0].value, "1795450415.709027361");
  EXPECT_EQ((*records)[1].keyword, "path");
  EXPECT_EQ((*records)[1].value, "a/b=c d.txt");  // the first '=' splits
  EXPECT_EQ((*records)[2].value, "");
}

TEST(PaxRecords, EmptyDataHasNoRecords) {
  const auto records = Parse("");
  ASSERT_TRUE(records);
  EXPECT_TRUE(records->empty());
}

TEST(PaxRecords, RejectsMalformedRecordsNamingTheOffset) {
  const struct {
    std::string_view text, message;
  } cases[] = {
      {"12 path=abc", "pax record at offset 0: length 12 does not fit the 11 bytes that remain"},
      {"12 path=abcd", "pax record at offset 0: does not end with a newline where its length says"},
      {"9 path=ab\n", "pax record at offset 0: does not end with a newline where its length says"},
      {"x9 path=a\n", "pax record at offset 0: expected a decimal length, found \"x9\""},
      {"path=a\n", "pax record at offset 0: expected a decimal length followed by a space"},
      {" 9 path=a\n", "pax record at offset 0: expected a decimal length followed by a space"},
      {"9 pathab\n", "pax record at offset 0: expected keyword=value"},
      {"6 =ab\n", "pax record at offset 0: empty keyword"},
      {"3 \n", "pax record at offset 0: expected keyword=value"},
      {"2 \n", "pax record at offset 0: length 2 is shorter than the record's own length field"},
      {"12 path=abc\n12 path=def\n", "pax record at offset 12: keyword \"path\" given twice"},
      {"99999999999999999999 a=b\n",
       "pax record at offset 0: expected a decimal length followed by a space"},
  };
  for (const auto& c : cases) {
    const auto records = Parse(c.text);
    ASSERT_FALSE(records) << c.text;
    EXPECT_EQ(records.error().code, ErrorCode::kMalformed);
    EXPECT_EQ(records.error().message.rfind(c.message, 0), 0u) << records.error().message;
  }
}

}  // namespace
}  // namespace veil::payload::tar

namespace veil::payload::tar {
namespace {

TEST(PaxRecords, LimitsTheNumberOfRecords) {
  std::string text;
  for (std::size_t i = 0; i < kMaxPaxRecords; ++i) text += "9 k" + std::to_string(i % 10) + "=v\n";
  // Duplicates are found first; distinct keywords up to the limit pass.
  EXPECT_FALSE(Parse(text));
  text.clear();
  for (std::size_t i = 0; i < kMaxPaxRecords; ++i) {
    const std::string number = std::to_string(1000 + i).substr(1);  // 3 digits: "9 k007=v\n"
    text += "9 k" + number + "=v\n";
  }
  ASSERT_TRUE(Parse(text)) << Parse(text).error().ToString();
  const auto over = Parse(text + "9 zz=v\n");
  ASSERT_FALSE(over);
  EXPECT_NE(over.error().message.find("more than 256 records in one pax header"), std::string::npos)
      << over.error().message;
}

}  // namespace
}  // namespace veil::payload::tar

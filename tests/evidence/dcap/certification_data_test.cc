#include "veil/evidence/dcap/certification_data.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"

namespace veil::evidence::dcap {
namespace {

TEST(DcapCertificationData, ReadsTypeSizeAndAViewOfTheData) {
  const Bytes bytes = HexDecode(
                          "0500"
                          "03000000"
                          "616263"
                          "ff")
                          .value();
  ByteReader reader(bytes);
  const CertificationData data = ReadCertificationData(reader, 5, "certification data").value();
  EXPECT_EQ(data.type, 5);
  EXPECT_EQ(std::string(data.data.begin(), data.data.end()), "abc");
  EXPECT_EQ(data.data.data(), bytes.data() + 6);
  EXPECT_EQ(reader.remaining(), 1u);
}

TEST(DcapCertificationData, EmptyDataIsAllowed) {
  const Bytes bytes = HexDecode(
                          "0600"
                          "00000000")
                          .value();
  ByteReader reader(bytes);
  EXPECT_TRUE(ReadCertificationData(reader, 6, "x").value().data.empty());
}

TEST(DcapCertificationData, RejectsAnotherTypeWithoutReadingFurther) {
  const Bytes bytes = HexDecode(
                          "0100"
                          "00000000")
                          .value();
  ByteReader reader(bytes);
  auto parsed = ReadCertificationData(reader, 6, "certification data");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(
      parsed.error().message,
      "certification data type 1 is not supported (expected 6, QE report certification data)");
}

TEST(DcapCertificationData, RejectsASizePastItsContainer) {
  for (const char* size : {"04000000", "ffffffff"}) {
    const Bytes bytes = HexDecode(std::string("0500") + size + "616263").value();
    ByteReader reader(bytes);
    auto parsed = ReadCertificationData(reader, 5, "nested certification data");
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed);
    EXPECT_NE(parsed.error().message.find("runs past its container: 3 bytes remain"),
              std::string::npos)
        << parsed.error().message;
  }
  const Bytes truncated = HexDecode("050003").value();
  ByteReader reader(truncated);
  EXPECT_EQ(ReadCertificationData(reader, 5, "nested certification data").error().message,
            "truncated nested certification data size: need 4 bytes, 1 remain");
}

}  // namespace
}  // namespace veil::evidence::dcap

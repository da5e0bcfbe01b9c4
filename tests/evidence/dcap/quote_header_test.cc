#include "veil/evidence/dcap/quote_header.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"

namespace veil::evidence::dcap {
namespace {

// An SGX v3 header: version 3, key type 2, TEE type 0, QE SVN 10, PCE SVN 15, Intel's vendor ID,
// 20 bytes of user data.
Bytes SgxHeader() {
  return HexDecode(
             "0300020000000000"
             "0a000f00"
             "939a7233f79c4ca9940a0db3957f0607"
             "0102030405060708090a0b0c0d0e0f1011121314")
      .value();
}

TEST(DcapQuoteHeader, ReadsEveryField) {
  const Bytes bytes = SgxHeader();
  ASSERT_EQ(bytes.size(), kQuoteHeaderSize);
  ByteReader reader(bytes);
  const QuoteHeader header = ReadQuoteHeader(reader, {3}, kTeeTypeSgx).value();
  EXPECT_EQ(header.version, 3);
  EXPECT_EQ(header.attestation_key_type, kAttestationKeyEcdsaP256);
  EXPECT_EQ(header.tee_type, kTeeTypeSgx);
  EXPECT_EQ(header.qe_svn, 10);
  EXPECT_EQ(header.pce_svn, 15);
  EXPECT_EQ(HexEncode(header.qe_vendor_id), "939a7233f79c4ca9940a0db3957f0607");
  EXPECT_EQ(HexEncode(header.user_data), "0102030405060708090a0b0c0d0e0f1011121314");
  EXPECT_EQ(reader.remaining(), 0u);
}

TEST(DcapQuoteHeader, ListsTheAcceptedVersions) {
  const Bytes bytes = SgxHeader();
  ByteReader reader(bytes);
  auto parsed = ReadQuoteHeader(reader, {4, 5}, kTeeTypeTdx);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message, "quote version 3 is not supported (expected 4 or 5)");
  EXPECT_EQ(reader.position(), 2u);
}

TEST(DcapQuoteHeader, EveryTruncationFails) {
  const Bytes bytes = SgxHeader();
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    ByteReader reader(ByteSpan(bytes).first(size));
    auto parsed = ReadQuoteHeader(reader, {3}, kTeeTypeSgx);
    ASSERT_FALSE(parsed) << size;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed);
    EXPECT_NE(parsed.error().message.find("truncated quote header"), std::string::npos)
        << parsed.error().message;
  }
}

TEST(DcapQuoteHeader, NamesTeeTypes) {
  EXPECT_EQ(TeeTypeName(kTeeTypeTdx), "TDX");
  EXPECT_EQ(TeeTypeName(kTeeTypeSgx), "SGX");
  EXPECT_EQ(TeeTypeName(0x12345678), "0x12345678");
}

}  // namespace
}  // namespace veil::evidence::dcap

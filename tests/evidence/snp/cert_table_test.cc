#include "veil/evidence/snp/cert_table.h"

#include <gtest/gtest.h>

#include <string>

#include "veil/base/hex.h"
#include "veil/crypto/certificate.h"
#include "veil/testing/fixtures.h"

namespace veil::evidence::snp {
namespace {

// The Milan VCEK of milan-virtee-report.bin, with the real Milan ASK and ARK.
std::vector<CertTableEntry> MilanChain() {
  const Bytes pem = testing::ReadFixture("certs/amd/ask_ark_milan.pem");
  const auto ask_ark =
      crypto::Certificate::ChainFromPem(std::string(pem.begin(), pem.end())).value();
  return {{"VCEK", testing::ReadFixture("snp/milan-virtee-vcek.der")},
          {"ASK", ask_ark.at(0).Der()},
          {"ARK", ask_ark.at(1).Der()}};
}

Result<Bytes> Encode(const std::vector<CertTableEntry>& entries) {
  return EncodeCertTable(entries);
}

void PutU32(Bytes& table, std::size_t at, std::uint32_t value) {
  for (std::size_t i = 0; i < 4; ++i) table[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

void ExpectMalformed(const Bytes& table, const std::string& expected_text) {
  auto parsed = ParseCertTable(table);
  ASSERT_FALSE(parsed) << "expected an error mentioning \"" << expected_text << "\"";
  EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed);
  EXPECT_NE(parsed.error().message.find(expected_text), std::string::npos)
      << parsed.error().message;
}

TEST(SnpCertTable, RealAmdChainRoundTrips) {
  const auto chain = MilanChain();
  const Bytes table = Encode(chain).value();
  // Four headers (three and the terminator), then the certificates in order.
  ASSERT_EQ(table.size(), 4 * kCertTableHeaderSize + chain[0].der.size() + chain[1].der.size() +
                              chain[2].der.size());
  // The GUID's bytes are in the order its text is written (RFC 4122), offsets little-endian.
  EXPECT_EQ(HexEncode(ByteSpan(table).first(24)),
            "63da758de6644564adc5f4b93be8accd"
            "60000000"
            "50050000");
  EXPECT_EQ(Bytes(table.begin() + 72, table.begin() + 96), Bytes(24, 0));

  const auto parsed = ParseCertTable(table).value();
  ASSERT_EQ(parsed.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(parsed[i].type, chain[i].type);
    EXPECT_EQ(parsed[i].der, chain[i].der);
  }
  EXPECT_TRUE(crypto::Certificate::FromDer(parsed[0].der));
}

TEST(SnpCertTable, EmptyBuffersAndALoneTerminatorHoldNoCertificates) {
  EXPECT_TRUE(ParseCertTable({}).value().empty());
  EXPECT_TRUE(ParseCertTable(Bytes(24, 0)).value().empty());
  EXPECT_TRUE(ParseCertTable(Bytes(4 * 4096, 0)).value().empty());  // an untouched kernel buffer
}

TEST(SnpCertTable, PagePaddingAfterTheCertificatesIsAllowed) {
  Bytes table = Encode(MilanChain()).value();
  table.resize(4 * 4096, 0);
  EXPECT_EQ(ParseCertTable(table).value().size(), 3u);
}

TEST(SnpCertTable, EveryTruncationFails) {
  const Bytes table = Encode(MilanChain()).value();
  for (std::size_t size = 1; size < table.size(); ++size) {
    auto parsed = ParseCertTable(ByteSpan(table).first(size));
    ASSERT_FALSE(parsed) << "truncated to " << size;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed) << size;
  }
}

TEST(SnpCertTable, NoTerminatorIsMalformed) {
  Bytes table = Encode({{"VCEK", Bytes(100, 0x30)}}).value();
  table.erase(table.begin() + 24, table.begin() + 48);  // drop the terminator
  PutU32(table, 16, 24);                                // keep the offset inside the buffer
  ExpectMalformed(table, "no all-zero terminating entry");
  ExpectMalformed(Bytes(table.begin(), table.begin() + 24), "no all-zero terminating entry");
}

TEST(SnpCertTable, OffsetsAndLengthsOutOfBoundsAreMalformed) {
  const Bytes table = Encode(MilanChain()).value();
  auto with = [&](std::size_t at, std::uint32_t value) {
    Bytes copy = table;
    PutU32(copy, at, value);
    return copy;
  };
  ExpectMalformed(with(16, 0xFFFFFFFF), "past the end");       // VCEK offset
  ExpectMalformed(with(20, 0xFFFFFFFF), "past the end");       // VCEK length
  ExpectMalformed(with(24 + 20, 0xFFFFFFFF), "past the end");  // ASK length
  ExpectMalformed(with(48 + 16, static_cast<std::uint32_t>(table.size())),
                  "past the end");  // ARK at the very end
  ExpectMalformed(with(16, 0), "inside the headers");
  ExpectMalformed(with(16, 95), "inside the headers");
  ExpectMalformed(with(20, 0), "empty certificate");
}

TEST(SnpCertTable, ATerminatorMustBeAllZero) {
  Bytes table = Encode(MilanChain()).value();
  table[72 + 16] = 1;  // the terminator's offset
  ExpectMalformed(table, "zero GUID but offset 1");
}

TEST(SnpCertTable, RepeatedGuidsAreMalformed) {
  const Bytes vcek = testing::ReadFixture("snp/milan-virtee-vcek.der");
  const Bytes table = Encode({{"VCEK", vcek}, {"VCEK", vcek}}).value();
  ExpectMalformed(table, "both carry VCEK");
}

TEST(SnpCertTable, UnknownGuidsAreKeptByTheirText) {
  const Bytes table =
      Encode({{"0123abcd-0000-4000-8000-00000000beef", Bytes{1, 2, 3}}, {"CRL", Bytes{4}}}).value();
  const auto parsed = ParseCertTable(table).value();
  ASSERT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed[0].type, "0123abcd-0000-4000-8000-00000000beef");
  EXPECT_EQ(parsed[0].der, (Bytes{1, 2, 3}));
  EXPECT_EQ(parsed[1].type, "CRL");
}

TEST(SnpCertTable, EncodingRejectsUnknownTypesAndEmptyCertificates) {
  auto unknown = Encode({{"PEK", Bytes{1}}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(Encode({{"0123abcd-0000-4000-8000-00000000beeg", Bytes{1}}}));
  EXPECT_FALSE(Encode({{"VCEK", Bytes{}}}));
}

}  // namespace
}  // namespace veil::evidence::snp

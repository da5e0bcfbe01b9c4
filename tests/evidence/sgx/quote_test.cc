#include "veil/evidence/sgx/quote.h"

#include <gtest/gtest.h>

#include <string>

#include "veil/base/hex.h"
#include "veil/testing/fixtures.h"

namespace veil::evidence::sgx {
namespace {

constexpr const char* kPhala = "sgx/dq-sgx-quote-v3.dat";
constexpr const char* kOcclum = "sgx/trustee-occlum-quote-v3.dat";

// Offsets in dq-sgx-quote-v3.dat (4600 bytes).
constexpr std::size_t kSignatureDataSize = 432;  // u32, 4164
constexpr std::size_t kQeAuthSize = 1012;        // u16, 32
constexpr std::size_t kCertType = 1046;          // u16, 5
constexpr std::size_t kCertSize = 1048;          // u32, 3548

std::size_t CountCertificates(const std::string& pem) {
  std::size_t count = 0;
  const std::string marker = "-----BEGIN CERTIFICATE-----";
  for (std::size_t at = pem.find(marker); at != std::string::npos; at = pem.find(marker, at + 1))
    ++count;
  return count;
}

std::string Padded(const std::string& text, std::size_t size) {
  return HexEncode(AsBytes(text)) + std::string(2 * (size - text.size()), '0');
}

TEST(SgxQuote, ParsesPhalaSampleWithItsReadmeFacts) {
  const Bytes bytes = testing::ReadFixture(kPhala);
  const Quote quote = ParseQuote(bytes).value();
  EXPECT_EQ(quote.header.version, 3);
  EXPECT_EQ(quote.header.tee_type, 0u);
  EXPECT_EQ(quote.header.attestation_key_type, 2);
  EXPECT_EQ(quote.header.qe_svn, 10);
  EXPECT_EQ(quote.header.pce_svn, 15);
  EXPECT_EQ(HexEncode(quote.header.qe_vendor_id), "939a7233f79c4ca9940a0db3957f0607");
  EXPECT_EQ(HexEncode(quote.body.mr_enclave),
            "33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb");
  EXPECT_EQ(HexEncode(quote.body.mr_signer),
            "815f42f11cf64430c30bab7816ba596a1da0130c3b028b673133a66cf9a3e0e6");
  EXPECT_EQ(quote.body.isv_prod_id, 0);
  EXPECT_EQ(quote.body.isv_svn, 0);
  EXPECT_EQ(HexEncode(quote.body.attributes), "0500000000000000e700000000000000");
  EXPECT_EQ(quote.body.attributes[0] & 2, 0);  // not DEBUG
  EXPECT_EQ(HexEncode(quote.body.cpu_svn), "0b0b1a18ffff04000000000000000000");
  EXPECT_EQ(HexEncode(quote.body.report_data), Padded("Hello, world!", 64));

  const dcap::QeReportCertification& qe = quote.signature_data.qe_certification;
  EXPECT_EQ(HexEncode(qe.qe_report.mr_signer),
            "8c4f5775d796503e96137f77c68a829a0056ac8ded70140b081b094490c57bff");
  EXPECT_EQ(qe.qe_report.isv_prod_id, 1);
  EXPECT_EQ(qe.qe_report.isv_svn, 10);
  EXPECT_EQ(qe.qe_auth_data.size(), 32u);
  EXPECT_EQ(CountCertificates(qe.pck_chain_pem), 3u);
  EXPECT_EQ(qe.pck_chain_pem.size(), 3548u);
  // The QE report's raw bytes are kept for its signature: they sit right after the key.
  EXPECT_TRUE(
      std::equal(qe.qe_report_bytes.begin(), qe.qe_report_bytes.end(), bytes.begin() + 436 + 128));
  EXPECT_EQ(quote.signed_size, 432u);  // header (48) + enclave report body (384)
  EXPECT_EQ(SignedPart(bytes, quote).size(), 432u);
  EXPECT_EQ(quote.trailing_bytes, 0u);
}

TEST(SgxQuote, ParsesOcclumDebugEnclave) {
  const Quote quote = ParseQuote(testing::ReadFixture(kOcclum)).value();
  EXPECT_EQ(quote.header.qe_svn, 8);
  EXPECT_EQ(quote.header.pce_svn, 13);
  EXPECT_EQ(HexEncode(quote.body.mr_enclave),
            "8f173e4613ff05c52aaf04162d234edae8c9977eae47eb2299ae16a553011c68");
  EXPECT_EQ(HexEncode(quote.body.mr_signer),
            "83d719e77deaca1470f6baf62a4d774303c899db69020f9c70ee1dfc08c7ce9e");
  EXPECT_EQ(quote.body.misc_select, 1u);
  EXPECT_EQ(HexEncode(quote.body.attributes), "0700000000000000e700000000000000");
  EXPECT_EQ(quote.body.attributes[0] & 2, 2);  // DEBUG
  EXPECT_EQ(HexEncode(quote.body.report_data), Padded("test", 64));
  const dcap::QeReportCertification& qe = quote.signature_data.qe_certification;
  EXPECT_EQ(qe.qe_report.isv_svn, 8);
  EXPECT_EQ(HexEncode(qe.qe_report.mr_signer).substr(0, 8), "8c4f5775");
  EXPECT_EQ(CountCertificates(qe.pck_chain_pem), 3u);
  EXPECT_EQ(quote.trailing_bytes, 0u);
}

TEST(SgxQuote, EveryTruncationFailsAndPaddingIsCounted) {
  for (const char* file : {kPhala, kOcclum}) {
    const Bytes bytes = testing::ReadFixture(file);
    for (std::size_t size = 0; size < bytes.size(); ++size) {
      auto parsed = ParseQuote(ByteSpan(bytes).first(size));
      ASSERT_FALSE(parsed) << file << " truncated to " << size;
      EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed) << parsed.error().message;
      EXPECT_EQ(parsed.error().context, "sgx");
    }
    Bytes padded = bytes;
    padded.resize(bytes.size() + 70, 0);
    EXPECT_EQ(ParseQuote(padded).value().trailing_bytes, 70u);
  }
}

Error Rejection(std::size_t offset, std::uint64_t value, std::size_t width) {
  Bytes bytes = testing::ReadFixture(kPhala);
  for (std::size_t i = 0; i < width; ++i)
    bytes[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
  auto parsed = ParseQuote(bytes);
  EXPECT_FALSE(parsed);
  if (parsed) return Error{};
  EXPECT_EQ(parsed.error().context, "sgx");
  return parsed.error();
}

TEST(SgxQuote, RejectsHeadersOfOtherVersionsTeesAndKeys) {
  const Error version = Rejection(0, 4, 2);
  EXPECT_EQ(version.code, ErrorCode::kUnsupported);
  EXPECT_EQ(version.message, "quote version 4 is not supported (expected 3)");
  const Error tee = Rejection(4, 0x81, 4);
  EXPECT_EQ(tee.code, ErrorCode::kMalformed);
  EXPECT_EQ(tee.message,
            "TEE type 0x00000081 does not match quote version 3 (expected 0x00000000, SGX)");
  const Error key = Rejection(2, 3, 2);
  EXPECT_EQ(key.code, ErrorCode::kUnsupported);
  EXPECT_EQ(key.message,
            "attestation key type 3 is not supported (expected 2, ECDSA-256-with-P-256)");
}

TEST(SgxQuote, RejectsCertificationDataOtherThanThePckChain) {
  for (unsigned type : {1u, 2u, 3u, 4u, 6u}) {
    const Error error = Rejection(kCertType, type, 2);
    EXPECT_EQ(error.code, ErrorCode::kUnsupported);
    EXPECT_EQ(error.message, "certification data type " + std::to_string(type) +
                                 " is not supported (expected 5, PCK certificate chain)");
  }
}

TEST(SgxQuote, RejectsInconsistentSizes) {
  EXPECT_EQ(Rejection(kSignatureDataSize, 4165, 4).message,
            "signature data size 4165 runs past the end of the quote: 4164 bytes remain");
  EXPECT_EQ(Rejection(kSignatureDataSize, 4163, 4).message,
            "certification data size 3548 runs past its container: 3547 bytes remain");
  EXPECT_EQ(Rejection(kCertSize, 3547, 4).message,
            "1 trailing bytes after the certification data, inside the signature data");
  EXPECT_EQ(Rejection(kCertSize, 0xFFFFFFFF, 4).message,
            "certification data size 4294967295 runs past its container: 3548 bytes remain");
  EXPECT_EQ(Rejection(kQeAuthSize, 0xFFFF, 2).message,
            "truncated QE auth data: need 65535 bytes, 3586 remain");
}

TEST(SgxQuote, RejectsNonZeroReservedBytesOfTheEnclaveReportBody) {
  const std::pair<std::size_t, std::size_t> reserved[] = {
      {0x014, 0x020}, {0x060, 0x080}, {0x0A0, 0x0C0}, {0x106, 0x130}};
  for (const auto& [begin, end] : reserved) {
    for (std::size_t offset = begin; offset < end; ++offset) {
      const Error error = Rejection(48 + offset, 0xFF, 1);
      EXPECT_EQ(error.code, ErrorCode::kMalformed);
      EXPECT_NE(error.message.find("reserved field enclave report body RESERVED at 0x"),
                std::string::npos)
          << error.message;
      EXPECT_NE(error.message.find("at offset " + std::to_string(48 + offset)), std::string::npos)
          << error.message;
    }
  }
  EXPECT_EQ(Rejection(48 + 0x14, 1, 1).message,
            "reserved field enclave report body RESERVED at 0x014 must be zero, found byte 1 at "
            "offset 68");
}

}  // namespace
}  // namespace veil::evidence::sgx

#include "veil/evidence/tpm/attest.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"
#include "veil/testing/fixtures.h"
#include "wire.h"

namespace veil::evidence::tpm {
namespace {

// Offsets in the GCE quotes (qualifiedSigner is a 34-byte SHA-256 name, extraData 2 bytes).
constexpr std::size_t kSignerSizeAt = 6;
constexpr std::size_t kExtraDataSizeAt = 42;
constexpr std::size_t kSafeAt = 62;
constexpr std::size_t kSelectionCountAt = 71;
constexpr std::size_t kBankHashAt = 75;
constexpr std::size_t kSizeofSelectAt = 77;
constexpr std::size_t kPcrDigestSizeAt = 81;

Bytes GceQuote(const std::string& bank) {
  return testing::ReadFixture("tpm/gce-cos85-quote-" + bank + ".attest");
}

std::vector<std::uint32_t> Pcrs0To23() {
  std::vector<std::uint32_t> all;
  for (std::uint32_t i = 0; i < 24; ++i) all.push_back(i);
  return all;
}

Error ParseError(const Bytes& bytes) {
  auto quote = ParseQuoteAttest(bytes);
  EXPECT_FALSE(quote) << "parsed unexpectedly";
  return quote ? Error{} : quote.error();
}

TEST(QuoteAttest, ParsesTheGceQuoteOfEachBank) {
  const struct {
    std::string bank;
    HashAlg hash;
    std::string digest;
  } cases[] = {
      {"sha1", HashAlg::kSha1, "fda327d4ba5d5978fe3a23db1a47964050e872639ef5d6a99c123cca39e56d8b"},
      {"sha256", HashAlg::kSha256,
       "048937cbaaf28af85a5b0c0997e725097a0d94e05fcda104a82ee3fb6b2e1808"},
      {"sha384", HashAlg::kSha384,
       "6c250f48d304517716f4a5a9127bf8762a80b63df783cb724630b180a3a66bea"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.bank);
    const QuoteAttest quote = ParseQuoteAttest(GceQuote(c.bank)).value();
    EXPECT_EQ(HexEncode(quote.qualified_signer),
              "000bde01fe4b4ade2f8b7ae19b8a8897e0cb77ae417731d8ce38697ec4f6c095030a");
    EXPECT_EQ(HexEncode(quote.extra_data), "9009");
    EXPECT_EQ(quote.clock_info.reset_count, 10u);
    EXPECT_EQ(quote.clock_info.restart_count, 0u);
    EXPECT_TRUE(quote.clock_info.safe);
    EXPECT_EQ(quote.firmware_version, 0x2016051100162800u);
    ASSERT_EQ(quote.pcr_select.banks.size(), 1u);
    EXPECT_EQ(quote.pcr_select.banks[0].hash, c.hash);
    EXPECT_EQ(quote.pcr_select.banks[0].indexes, Pcrs0To23());
    EXPECT_EQ(HexEncode(quote.pcr_digest), c.digest);
  }
  EXPECT_EQ(ParseQuoteAttest(GceQuote("sha256")).value().clock_info.clock, 8219159552u);
}

TEST(QuoteAttest, ParsesTrusteeSwtpmQuote) {
  const QuoteAttest quote = ParseQuoteAttest(test::TrusteeQuoteField("message")).value();
  ASSERT_EQ(quote.extra_data.size(), 64u);
  EXPECT_EQ(HexEncode(quote.extra_data).substr(0, 8), "a04182b5");
  EXPECT_EQ(HexEncode(quote.extra_data).substr(64),
            "ef0e41a18b3569ab678f1497fbc5c120" + std::string(32, '0'));
  EXPECT_EQ(quote.firmware_version, 0x2019102300163636u);  // libtpms
  EXPECT_EQ(quote.pcr_select.ToString(),
            "sha256:0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23");
  EXPECT_EQ(quote.pcr_digest.size(), 32u);
}

TEST(QuoteAttest, EveryTruncationFails) {
  for (const Bytes& full : {GceQuote("sha384"), test::TrusteeQuoteField("message")}) {
    for (std::size_t size = 0; size < full.size(); ++size) {
      const Error error =
          ParseError(Bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size)));
      EXPECT_EQ(error.code, ErrorCode::kMalformed) << size;
      EXPECT_EQ(error.message.rfind("truncated ", 0), 0u) << size << ": " << error.message;
    }
  }
}

TEST(QuoteAttest, TrailingBytesFail) {
  Bytes quote = GceQuote("sha256");
  quote.push_back(0);
  EXPECT_EQ(ParseError(quote).message, "1 trailing bytes after TPMS_ATTEST");
}

TEST(QuoteAttest, WrongMagicFails) {
  Bytes quote = GceQuote("sha256");
  quote[0] = 0x00;
  const Error error = ParseError(quote);
  EXPECT_EQ(error.code, ErrorCode::kMalformed);
  EXPECT_EQ(error.message,
            "TPMS_ATTEST.magic: expected 0xff544347 (TPM_GENERATED_VALUE), got 0x00544347");
}

TEST(QuoteAttest, OtherAttestationTypesAreUnsupported) {
  Bytes quote = GceQuote("sha256");
  test::PutBe16(quote, 4, 0x8017);  // TPM_ST_ATTEST_CERTIFY
  const Error error = ParseError(quote);
  EXPECT_EQ(error.code, ErrorCode::kUnsupported);
  EXPECT_EQ(error.message, "TPMS_ATTEST.type: expected 0x8018 (TPM_ST_ATTEST_QUOTE), got 0x8017");
}

TEST(QuoteAttest, SizeFieldsAboveTheirMaximumFail) {
  const struct {
    std::size_t offset;
    std::string message;
  } cases[] = {
      {kSignerSizeAt, "TPMS_ATTEST.qualifiedSigner size 65535 exceeds the maximum 66"},
      {kExtraDataSizeAt, "TPMS_ATTEST.extraData size 65535 exceeds the maximum 66"},
      {kPcrDigestSizeAt, "TPMS_QUOTE_INFO.pcrDigest size 65535 exceeds the maximum 64"},
  };
  for (const auto& c : cases) {
    Bytes quote = GceQuote("sha256");
    test::PutBe16(quote, c.offset, 0xFFFF);
    EXPECT_EQ(ParseError(quote).message, c.message);
  }
  Bytes count = GceQuote("sha256");
  for (std::size_t i = 0; i < 4; ++i) count[kSelectionCountAt + i] = 0xFF;
  EXPECT_EQ(ParseError(count).message,
            "TPMS_QUOTE_INFO.pcrSelect.count 4294967295 exceeds the maximum 16");
  Bytes select = GceQuote("sha256");
  select[kSizeofSelectAt] = 0xFF;
  EXPECT_EQ(ParseError(select).message,
            "TPMS_QUOTE_INFO.pcrSelect.pcrSelections[0].sizeofSelect 255 exceeds the maximum 4");
}

TEST(QuoteAttest, SizeWithinMaximumButBeyondTheEndFails) {
  Bytes quote = GceQuote("sha256");
  test::PutBe16(quote, kPcrDigestSizeAt, 64);  // 32 bytes remain
  EXPECT_EQ(ParseError(quote).message,
            "truncated TPMS_QUOTE_INFO.pcrDigest: need 64 bytes, 32 remain");
}

TEST(QuoteAttest, SafeMustBeYesOrNo) {
  Bytes quote = GceQuote("sha256");
  quote[kSafeAt] = 2;
  EXPECT_EQ(ParseError(quote).message,
            "TPMS_CLOCK_INFO.safe: expected 0 or 1 (TPMI_YES_NO), got 2");
}

TEST(QuoteAttest, UnknownBankIsUnsupported) {
  Bytes quote = GceQuote("sha256");
  test::PutBe16(quote, kBankHashAt, 0x0012);  // TPM_ALG_SM3_256
  const Error error = ParseError(quote);
  EXPECT_EQ(error.code, ErrorCode::kUnsupported);
  EXPECT_EQ(error.message,
            "TPMS_QUOTE_INFO.pcrSelect.pcrSelections[0].hash: hash algorithm 0x0012 is not "
            "supported (expected sha1, "
            "sha256, sha384 or sha512)");
}

// A minimal quote: empty signer and nonce, `banks` copies of the selection sha256:0.
Bytes MinimalQuote(std::uint32_t banks) {
  Bytes quote;
  test::Be32(quote, kTpmGeneratedValue);
  test::Be16(quote, kStAttestQuote);
  test::Sized(quote, {});
  test::Sized(quote, {});
  quote.resize(quote.size() + 17 + 8, 0);  // clockInfo (safe = 0), firmwareVersion
  test::Be32(quote, banks);
  for (std::uint32_t i = 0; i < banks; ++i) {
    test::Append(quote, {0x00, 0x0B, 0x03, 0x01, 0x00, 0x00});
  }
  test::Sized(quote, Bytes(32, 0xAB));
  return quote;
}

TEST(QuoteAttest, BankListedTwiceIsUnsupported) {
  EXPECT_EQ(ParseQuoteAttest(MinimalQuote(1)).value().pcr_select.ToString(), "sha256:0");
  const Error error = ParseError(MinimalQuote(2));
  EXPECT_EQ(error.code, ErrorCode::kUnsupported);
  EXPECT_EQ(error.message, "TPMS_QUOTE_INFO.pcrSelect lists bank sha256 twice");
}

}  // namespace
}  // namespace veil::evidence::tpm

// The SGX extension of real PCK certificates (cut from the fixtures' quotes) parses with the
// FMSPC, PCE-ID, TCB component SVNs and PCESVN the fixture READMEs state; every truncation of a
// real extension and a missing member fail with a message naming what was wrong.

#include "veil/endorsement/intel/sgx_extensions.h"

#include <gtest/gtest.h>

#include "intel_fixtures.h"
#include "veil/base/hex.h"

namespace veil::endorsement::intel {
namespace {

using testing::PckChainOfQuote;

SgxExtensions ExtensionsOf(std::string_view quote) {
  return SgxExtensionsOf(PckChainOfQuote(quote).front()).value();
}

std::vector<int> FirstComponents(const SgxExtensions& extensions, std::size_t count) {
  return std::vector<int>(extensions.tcb_components.begin(),
                          extensions.tcb_components.begin() + static_cast<std::ptrdiff_t>(count));
}

TEST(SgxExtensions, SgxQuotePckHasTheReadmesValues) {
  const SgxExtensions ext = ExtensionsOf("sgx/dq-sgx-quote-v3.dat");
  EXPECT_EQ(HexEncode(ext.fmspc), "00a067110000");
  EXPECT_EQ(HexEncode(ext.pce_id), "0000");
  EXPECT_EQ(FirstComponents(ext, 7), (std::vector<int>{11, 11, 2, 2, 255, 1, 0}));
  EXPECT_EQ(ext.pce_svn, 13);
}

TEST(SgxExtensions, OcclumQuotePckHasTheReadmesValues) {
  const SgxExtensions ext = ExtensionsOf("sgx/trustee-occlum-quote-v3.dat");
  EXPECT_EQ(HexEncode(ext.fmspc), "00606a000000");
  EXPECT_EQ(FirstComponents(ext, 7), (std::vector<int>{4, 4, 3, 3, 255, 255, 0}));
  EXPECT_EQ(ext.pce_svn, 11);
}

TEST(SgxExtensions, TdxQuotePcksHaveTheReadmesFmspcs) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"tdx/gtg-spr-quote-v4.dat", "50806f000000"},
      {"tdx/trustee-quote-v4-50806f.dat", "50806f000000"},
      {"tdx/gtg-quote-v5.dat", "90c06f000000"},
      {"tdx/gce-cos113-quote-v4.dat", "00806f050000"},
      {"tdx/dq-quote-v4-b0c06f.dat", "b0c06f000000"},
      {"tdx/dq-tappd-quote-v4-b0c06f.dat", "b0c06f000000"},
      {"tdx/dq-quote-v5-90c06f-outdated.dat", "90c06f000000"},
      {"tdx/trustee-quote-v5-90c06f.dat", "90c06f000000"},
      {"tdx/dq-near-quote-v4-20a06f.dat", "20a06f000000"},
      {"tdx/trustee-quote-v4-00a06d.dat", "00a06d080000"},
  };
  for (const auto& [quote, fmspc] : cases) {
    SCOPED_TRACE(quote);
    const SgxExtensions ext = ExtensionsOf(quote);
    EXPECT_EQ(HexEncode(ext.fmspc), fmspc);
    EXPECT_EQ(HexEncode(ext.pce_id), "0000");
  }
}

TEST(SgxExtensions, TdxQuotePcksHaveTheReadmesSvns) {
  EXPECT_EQ(FirstComponents(ExtensionsOf("tdx/gtg-spr-quote-v4.dat"), 8),
            (std::vector<int>{3, 3, 2, 2, 2, 1, 0, 2}));
  EXPECT_EQ(ExtensionsOf("tdx/dq-tappd-quote-v4-b0c06f.dat").tcb_components[7], 3);
  EXPECT_EQ(ExtensionsOf("tdx/dq-quote-v5-90c06f-outdated.dat").tcb_components[7], 3);
  EXPECT_EQ(FirstComponents(ExtensionsOf("tdx/trustee-quote-v5-90c06f.dat"), 2),
            (std::vector<int>{1, 1}));
  EXPECT_EQ(ExtensionsOf("tdx/trustee-quote-v4-00a06d.dat").pce_svn, 11);
}

TEST(SgxExtensions, OnlyTheLeafCarriesTheExtension) {
  const auto chain = PckChainOfQuote("tdx/gtg-spr-quote-v4.dat");
  ASSERT_EQ(chain.size(), 3u);
  const auto ca = SgxExtensionsOf(chain[1]);
  ASSERT_FALSE(ca);
  EXPECT_NE(ca.error().message.find("has no SGX extension"), std::string::npos);
}

TEST(ParseSgxExtensions, EveryTruncationFails) {
  const Bytes der =
      *PckChainOfQuote("sgx/dq-sgx-quote-v3.dat").front().ExtensionValue(kSgxExtensionsOid);
  ASSERT_TRUE(ParseSgxExtensions(der));
  for (std::size_t size = 0; size < der.size(); ++size) {
    EXPECT_FALSE(ParseSgxExtensions(ByteSpan(der).first(size))) << size;
  }
  Bytes longer = der;
  longer.push_back(0);
  const auto trailing = ParseSgxExtensions(longer);
  ASSERT_FALSE(trailing);
  EXPECT_NE(trailing.error().message.find("trailing bytes"), std::string::npos);
}

// SEQUENCE { SEQUENCE { OID 1.2.840.113741.1.13.1.1, OCTET STRING (16 zero bytes) } }: a PPID
// and nothing else.
TEST(ParseSgxExtensions, NamesAMissingMember) {
  Bytes der = {0x30, 0x20, 0x30, 0x1e, 0x06, 0x0a, 0x2a, 0x86, 0x48,
               0x86, 0xf8, 0x4d, 0x01, 0x0d, 0x01, 0x01, 0x04, 0x10};
  der.resize(der.size() + 16, 0);
  const auto parsed = ParseSgxExtensions(der);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message, "SGX extensions: TCB is missing");
}

TEST(ParseSgxExtensions, RefusesAPpidOfTheWrongSize) {
  Bytes der = {0x30, 0x1f, 0x30, 0x1d, 0x06, 0x0a, 0x2a, 0x86, 0x48,
               0x86, 0xf8, 0x4d, 0x01, 0x0d, 0x01, 0x01, 0x04, 0x0f};
  der.resize(der.size() + 15, 0);
  const auto parsed = ParseSgxExtensions(der);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message, "PPID: expected 16 bytes, found 15");
}

TEST(ParseSgxExtensions, RefusesIndefiniteAndOversizedLengths) {
  const Bytes indefinite = {0x30, 0x80, 0x00, 0x00};
  EXPECT_EQ(ParseSgxExtensions(indefinite).error().message,
            "SGX extensions: DER length form 0x80 is indefinite or wider than 4 bytes");
  const Bytes wide = {0x30, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00};
  EXPECT_FALSE(ParseSgxExtensions(wide));
  const Bytes beyond = {0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00};
  EXPECT_FALSE(ParseSgxExtensions(beyond));  // longer than what remains
  const Bytes not_a_sequence = {0x04, 0x00};
  EXPECT_EQ(ParseSgxExtensions(not_a_sequence).error().message,
            "SGX extensions: expected DER tag 0x30, found 0x04");
}

}  // namespace
}  // namespace veil::endorsement::intel

#include "veil/evidence/tdx/quote.h"

#include <gtest/gtest.h>

#include <string>

#include "veil/base/hex.h"
#include "veil/testing/fixtures.h"

namespace veil::evidence::tdx {
namespace {

// Facts from shared/fixtures/tdx/README.md and azure-cvm/README.md.
struct Expected {
  const char* file;
  std::uint16_t version;
  std::uint16_t body_type;
  std::size_t trailing_bytes;
  std::uint16_t qe_isv_svn;
  const char* tee_tcb_svn_prefix;
  const char* mr_td;
};

const Expected kQuotes[] = {
    {"tdx/gtg-spr-quote-v4.dat", 4, 2, 39, 4, "030004",
     "6363b8043668a3ad953278e10389574d326c6749fb78aa810ecd9336923db86f22fc00b8dcd404bc10d5e119d7215"
     "c"
     "bb"},
    {"tdx/trustee-quote-v4-50806f.dat", 4, 2, 0, 4, "030005",
     "705ee9381b8633a9fbe532b52345e8433343d2868959f57889d84ca377c395b689cac1599ccea1b7d420483a9ce5f"
     "0"
     "31"},
    {"tdx/gtg-quote-v5.dat", 5, 3, 0, 7, "0b0104",
     "7348651a34b2d2d3462822e3a750ec6110125f36757c78480bbfc69cc0d21fb001a1ced3ee19747dda8f750c3bc8f"
     "8"
     "76"},
    {"tdx/gce-cos113-quote-v4.dat", 4, 2, 3065, 6, "040107",
     "dae67181d3d65e073ad8f95b7907d5e927bfe9761c9ff3e9b89734a45d8954dba41394c7717cb2735396c1d04231f"
     "9"
     "4a"},
    {"tdx/dq-quote-v4-b0c06f.dat", 4, 2, 70, 6, "060103",
     "91eb2b44d141d4ece09f0c75c2c53d247a3c68edd7fafe8a3520c942a604a407de03ae6dc5f87f27428b253887311"
     "8"
     "b7"},
    {"tdx/dq-tappd-quote-v4-b0c06f.dat", 4, 2, 70, 6, "050102",
     "c68518a0ebb42136c12b2275164f8c72f25fa9a34392228687ed6e9caeb9c0f1dbd895e9cf475121c029dc47e70e9"
     "1"
     "fd"},
    {"tdx/dq-quote-v5-90c06f-outdated.dat", 5, 3, 0, 7, "070103",
     "273828c46252fcbdd8ad2dd907130222b03466d52a2911d70c1a5950895d6bd1ae451d382d5a9b1b4c0ed0e5ae9a3"
     "d"
     "bd"},
    {"tdx/trustee-quote-v5-90c06f.dat", 5, 3, 0, 6, "050102",
     "dfba221b48a22af8511542ee796603f37382800840dcd978703909bf8e64d4c8a1e9de86e7c9638bfcba422f38864"
     "0"
     "0a"},
    {"tdx/dq-near-quote-v4-20a06f.dat", 4, 2, 70, 6, "060104",
     "f06dfda6dce1cf904d4e2bab1dc370634cf95cefa2ceb2de2eee127c9382698090d7a4a13e14c536ec6c9c3c8fa87"
     "0"
     "77"},
    {"tdx/trustee-quote-v4-00a06d.dat", 4, 2, 70, 7, "050302",
     "21e8dead92d6c69d7cbba79816686c03a48485c7df0c11f6f04792d5e1d378f6b8c46615ba6946adccac6becffbb1"
     "e"
     "88"},
    {"azure-cvm/tdx-td-quote.bin", 4, 2, 70, 5, "020106",
     "024a32b070383331181619fa387cb4d55d1e38879f989933055ccad5bc2db795d1737b66205949d15469dc8c1ba7a"
     "b"
     "7b"},
};

const std::string kZero48(96, '0');

std::size_t CountCertificates(const std::string& pem) {
  std::size_t count = 0;
  const std::string marker = "-----BEGIN CERTIFICATE-----";
  for (std::size_t at = pem.find(marker); at != std::string::npos; at = pem.find(marker, at + 1))
    ++count;
  return count;
}

Quote Parse(const char* file) {
  auto quote = ParseQuote(testing::ReadFixture(file));
  EXPECT_TRUE(quote) << file << ": " << (quote ? "" : quote.error().ToString());
  return quote ? *quote : Quote{};
}

TEST(TdxQuote, EveryFixtureParsesWithItsReadmeFacts) {
  for (const Expected& expected : kQuotes) {
    SCOPED_TRACE(expected.file);
    const Bytes bytes = testing::ReadFixture(expected.file);
    const Quote quote = ParseQuote(bytes).value();
    EXPECT_EQ(quote.header.version, expected.version);
    EXPECT_EQ(quote.header.tee_type, 0x81u);
    EXPECT_EQ(quote.header.attestation_key_type, 2);
    EXPECT_EQ(HexEncode(quote.header.qe_vendor_id), "939a7233f79c4ca9940a0db3957f0607");
    EXPECT_EQ(quote.body_type, expected.body_type);
    EXPECT_EQ(quote.body.td15.has_value(), expected.body_type == kBodyTypeTd15);
    EXPECT_EQ(quote.trailing_bytes, expected.trailing_bytes);
    EXPECT_EQ(HexEncode(quote.body.mr_td), expected.mr_td);
    EXPECT_EQ(HexEncode(quote.body.tee_tcb_svn).substr(0, 6), expected.tee_tcb_svn_prefix);
    // MRSIGNERSEAM zero = the Intel-signed TDX module; SEAMATTRIBUTES zero (README).
    EXPECT_EQ(HexEncode(quote.body.mr_signer_seam), kZero48);
    EXPECT_EQ(HexEncode(quote.body.seam_attributes), "0000000000000000");

    const dcap::QeReportCertification& qe = quote.signature_data.qe_certification;
    EXPECT_EQ(qe.qe_report.isv_svn, expected.qe_isv_svn);
    EXPECT_EQ(qe.qe_report.isv_prod_id, 2);  // the TD Quoting Enclave
    EXPECT_EQ(qe.qe_auth_data.size(), 32u);
    EXPECT_EQ(CountCertificates(qe.pck_chain_pem), 3u);
    EXPECT_EQ(qe.pck_chain_pem.rfind("-----BEGIN CERTIFICATE-----", 0), 0u);

    // v4: header (48) + body (584); v5: + body type and size (6) + TD 1.5 body (648).
    const std::size_t signed_size = expected.version == 4 ? 632 : 702;
    EXPECT_EQ(quote.signed_size, signed_size);
    EXPECT_EQ(SignedPart(bytes, quote).size(), signed_size);
    EXPECT_EQ(SignedPart(bytes, quote).data(), bytes.data());
  }
}

TEST(TdxQuote, Version4MeasurementsOfGoTdxGuestSapphireRapidsQuote) {
  const Quote quote = Parse("tdx/gtg-spr-quote-v4.dat");
  EXPECT_EQ(HexEncode(quote.body.rtmr[0]),
            "2927da70461cd63266f43230cc1849c03ef25ebe490062a801d8fcc80af42976823adf08f833c1e50b5177"
            "9c6593f32a");
  EXPECT_EQ(HexEncode(quote.body.rtmr[1]),
            "2c700b8ba9b85783f8be9fb9443647bdc0bb3c50747f06297cc6538c25a5f589c4b56d035c59107c6bc580"
            "0db2cacb61");
  EXPECT_EQ(HexEncode(quote.body.rtmr[2]),
            "8652f0caaba7e215ea442dc36a4499d8fec3362f3a0b2ca151cbe4b3e6466fe59c7368b3c2287fc7c3bf5c"
            "924eb4424e");
  EXPECT_EQ(HexEncode(quote.body.rtmr[3]), kZero48);
  EXPECT_EQ(HexEncode(quote.body.mr_seam),
            "2fd279c16164a93dd5bf373d834328d46008c2b693af9ebb865b08b2ced320c9a89b4869a9fab60fbe9d0c"
            "5a5363c656");
  EXPECT_EQ(HexEncode(quote.body.td_attributes), "0000004000000000");
  EXPECT_EQ(HexEncode(quote.body.xfam), "e71a060000000000");
  EXPECT_EQ(HexEncode(quote.body.report_data),
            "6c62dec1b8191749a31dab490be532a35944dea47caef1f980863993d9899545eb7406a38d1eed313b987a"
            "467dacead6f0c87a6d766c66f6f29f8acb281f1113");
}

TEST(TdxQuote, TrailingTextAfterTheSignatureDataIsCountedNotParsed) {
  // go-tdx-guest appended this text after the quote; the signature-data size says where it ends.
  const Bytes bytes = testing::ReadFixture("tdx/gtg-spr-quote-v4.dat");
  const Quote quote = ParseQuote(bytes).value();
  const std::string tail(bytes.end() - static_cast<std::ptrdiff_t>(quote.trailing_bytes),
                         bytes.end());
  EXPECT_EQ(tail, "\nextra bytes(only for testing purpose)\n");
}

TEST(TdxQuote, DebugTdAttributesAndRtmrsOfTrusteeQuote) {
  const Quote quote = Parse("tdx/trustee-quote-v4-50806f.dat");
  EXPECT_EQ(HexEncode(quote.body.td_attributes), "0100001000000000");  // DEBUG bit set
  EXPECT_EQ(quote.body.td_attributes[0] & 1, 1);
  EXPECT_EQ(HexEncode(quote.body.rtmr[0]),
            "e940da7c2712d2790e2961e00484f4fa8e6f9eed71361655ae22699476b14f9e63867eb41edd4b480fef0c"
            "59f496b288");
  EXPECT_EQ(HexEncode(quote.body.rtmr[1]),
            "559cfcf42716ed6c40a48a73d5acb7da255435012f0a9f00fbe8c1c57612ede486a5684c4c9ff3ddf52315"
            "fcdca3a596");
  EXPECT_EQ(HexEncode(quote.body.rtmr[2]), kZero48);
  EXPECT_EQ(HexEncode(quote.body.rtmr[3]), kZero48);
  EXPECT_EQ(HexEncode(quote.body.report_data),
            "7c71fe2c86eff65a7cf8dbc22b3275689fd0464a267baced1bf94fc1324656aeb755da3d44d098c0c87382"
            "f3a5f85b45c8a28fee1d3bdb38342bf96671501429");
}

TEST(TdxQuote, Version5Td15BodyOfGoTdxGuest) {
  const Quote quote = Parse("tdx/gtg-quote-v5.dat");
  ASSERT_TRUE(quote.body.td15);
  EXPECT_EQ(HexEncode(quote.body.td15->tee_tcb_svn2).substr(0, 6), "0d0104");
  EXPECT_EQ(HexEncode(quote.body.td15->mr_service_td), kZero48);
  EXPECT_EQ(HexEncode(quote.body.rtmr[0]),
            "5c8daf76063a71ac8fcef4067564661fc682ed7944c7a5d21dbbced02f61ceff4ba0678c6aef3bdae8cbc6"
            "14cec24619");
  EXPECT_EQ(HexEncode(quote.body.rtmr[1]),
            "463acaace1b6e97c76e92e41fe312aa66f3fd4dad60ec7acf169859db0343e3d1e591646795cdc80fbc0ca"
            "5f7041d253");
  EXPECT_EQ(HexEncode(quote.body.rtmr[2]),
            "6369b9c9a3b791ebcbdc5a0bb9536cfb57f50df2b393b33c8b29616d3568baa61f4b59dc6092e31ea8764b"
            "cbdfc69f20");
  EXPECT_EQ(HexEncode(quote.body.rtmr[3]), kZero48);
  EXPECT_EQ(HexEncode(quote.body.report_data),
            "945eaacf5abc1f719d8666a942fda03d1edcb4490277396093dc5a5289ab9f1e094aed63060cd4a4933a4d"
            "d537ed1255c9c79ecb3ed82cd1b486233e31c25c3a");
}

TEST(TdxQuote, Version5WithServiceTdOfTrustee) {
  const Quote quote = Parse("tdx/trustee-quote-v5-90c06f.dat");
  ASSERT_TRUE(quote.body.td15);
  EXPECT_EQ(HexEncode(quote.body.td15->mr_service_td),
            "383c87d3bbb047b2d171eaca95312ede99f258088dc788f6ae2ccf8b6dd848fe8d47629e08b3f6cbd4a00d"
            "d47a5a033d");
  EXPECT_EQ(HexEncode(quote.body.rtmr[0]),
            "9b529f3689e2e8ebb899e9abbbc3dab394d6545e8cdb28a2abb9cc2f377b83a65c01ba56b824cd3ee885df"
            "20051f5128");
  EXPECT_EQ(HexEncode(quote.body.rtmr[1]),
            "ca5a979317ffe8a527a3b7aadab03976d7cb6eef1041fb9bd9d69e6fafa7252cdc10e4c2a55e7ecbd2ddb5"
            "cacc867430");
}

TEST(TdxQuote, OutdatedVersion5HasZeroRtmrsAndHalfReportData) {
  const Quote quote = Parse("tdx/dq-quote-v5-90c06f-outdated.dat");
  for (const Measurement& rtmr : quote.body.rtmr) EXPECT_EQ(HexEncode(rtmr), kZero48);
  EXPECT_EQ(
      HexEncode(quote.body.report_data),
      "d2142b643598eb5fae2bc8529dd79a558b29f868ccbb6531cb28dab9dce47728" + std::string(64, '0'));
  EXPECT_EQ(HexEncode(quote.body.td15->tee_tcb_svn2).substr(0, 6), "0d0103");
}

TEST(TdxQuote, GoogleCloudQuoteHasZeroReportDataAndItsMrseam) {
  const Quote quote = Parse("tdx/gce-cos113-quote-v4.dat");
  EXPECT_EQ(HexEncode(quote.body.report_data), std::string(128, '0'));
  EXPECT_EQ(HexEncode(quote.body.mr_seam),
            "ffc97a88587660fb04e1f7c851300c96ae0b5a463ac46d035d16c2d9f36d0ed1d23775bcbd27deb219e3a3"
            "cc28023895");
  EXPECT_EQ(HexEncode(quote.body.rtmr[0]),
            "3fa2f61f395b7f5feefb4ec2df61297f109ad8abcd6410c1b7df60f21f37b19297fc35e544039c7e1edece"
            "752afd17f6");
  EXPECT_EQ(HexEncode(quote.body.rtmr[2]),
            "4969684dc87381fc3b3134176c8d8806eaf0a901859f5f70cfae8d17714b46c10a8de219048c9fc09f11f3"
            "81a6fbe7c1");
}

TEST(TdxQuote, PhalaQuotesCarryConfigIdXfamAndRtmr3) {
  const Quote near = Parse("tdx/dq-near-quote-v4-20a06f.dat");
  EXPECT_EQ(
      HexEncode(near.body.mr_config_id),
      "0112a20aed7d6c68601e9f6e108a93b4199ae7231684307ffc4833c9cd08d45de7" + std::string(30, '0'));
  EXPECT_EQ(HexEncode(near.body.rtmr[3]),
            "287a9242edd8c8429913ec66f44af611b820cf9b574f303a6caeddeb4c9826311aef6e518aaf4a17f55a81"
            "154592b7b3");
  EXPECT_EQ(HexEncode(near.body.xfam), "0702000000000000");
  const Quote tappd = Parse("tdx/dq-tappd-quote-v4-b0c06f.dat");
  EXPECT_EQ(HexEncode(tappd.body.rtmr[2]), kZero48);
  EXPECT_EQ(HexEncode(tappd.body.rtmr[3]),
            "a2d25bc888a93009af5b70eadb410e9071d18387e4db39aae20fe767f5c4279d95e6519c5d797938a90694"
            "599c5bea7a");
  EXPECT_EQ(HexEncode(tappd.body.report_data),
            "7668c6b4eafb62301c72714ecc7d90ce9a0e04b52dc117720df2047b0a59f1dbd937243eef1410a3cdc524"
            "aad66d4554b4f18b54da2fc0608dac40d6dea5f1d4");
  const Quote b0c06f = Parse("tdx/dq-quote-v4-b0c06f.dat");
  EXPECT_EQ(HexEncode(b0c06f.body.rtmr[2]),
            "d833feef2cd945148aa38ead2c53e9b7f138190aaaebfc551dccd829fc207aa3ba80b70870d7330733642e"
            "01d48c3132");
}

TEST(TdxQuote, TrusteeGraniteRapidsQuoteCarriesConfigId) {
  const Quote quote = Parse("tdx/trustee-quote-v4-00a06d.dat");
  EXPECT_EQ(HexEncode(quote.body.mr_config_id),
            "889abf4718f037e38d74464c11e7c91a6e9890b5546409e1e7df9de7a51ca93152bf847bd2440328e90adb"
            "18b150ed67");
  EXPECT_EQ(HexEncode(quote.body.report_data),
            "26cae1c77185617fb6a03fc29bf1f924596e52352b9b7594940b576ae126cd4a570cc3202a900c5d19a6eb"
            "0a95b32cfd" +
                std::string(32, '0'));
}

TEST(TdxQuote, AzureQuoteHasZeroRtmrsAndItsReportData) {
  const Quote quote = Parse("azure-cvm/tdx-td-quote.bin");
  for (const Measurement& rtmr : quote.body.rtmr) EXPECT_EQ(HexEncode(rtmr), kZero48);
  EXPECT_EQ(HexEncode(quote.body.td_attributes), "0000000000000000");
  EXPECT_EQ(HexEncode(quote.body.xfam), "e718060000000000");
  EXPECT_EQ(
      HexEncode(quote.body.report_data),
      "9734504f161d104c74e3165c15f779b06a9bb40dfa71937817d7eee68e593839" + std::string(64, '0'));
}

TEST(TdxQuote, EveryTruncationFails) {
  // Quotes that end exactly with their signature data: one v4, one v5 (TD 1.5).
  for (const char* file : {"tdx/trustee-quote-v4-50806f.dat", "tdx/gtg-quote-v5.dat"}) {
    const Bytes bytes = testing::ReadFixture(file);
    for (std::size_t size = 0; size < bytes.size(); ++size) {
      auto parsed = ParseQuote(ByteSpan(bytes).first(size));
      ASSERT_FALSE(parsed) << file << " truncated to " << size;
      EXPECT_EQ(parsed.error().code, ErrorCode::kMalformed) << parsed.error().message;
      EXPECT_EQ(parsed.error().context, "tdx");
    }
  }
}

TEST(TdxQuote, PaddingMayBeCutAwayButNotTheQuote) {
  const Bytes bytes = testing::ReadFixture("tdx/dq-quote-v4-b0c06f.dat");
  EXPECT_EQ(ParseQuote(ByteSpan(bytes).first(4936)).value().trailing_bytes, 0u);
  EXPECT_EQ(ParseQuote(ByteSpan(bytes).first(4937)).value().trailing_bytes, 1u);
  EXPECT_FALSE(ParseQuote(ByteSpan(bytes).first(4935)));
}

// Offsets in trustee-quote-v4-50806f.dat (4936 bytes, no padding).
constexpr std::size_t kSignatureDataSize = 632;  // u32, value 4300
constexpr std::size_t kOuterCertType = 764;      // u16, 6
constexpr std::size_t kOuterCertSize = 766;      // u32, 4166
constexpr std::size_t kQeReport = 770;
constexpr std::size_t kQeAuthSize = 1218;      // u16, 32
constexpr std::size_t kNestedCertType = 1252;  // u16, 5
constexpr std::size_t kNestedCertSize = 1254;  // u32, 3678

void PutLe(Bytes& bytes, std::size_t offset, std::uint64_t value, std::size_t width) {
  for (std::size_t i = 0; i < width; ++i)
    bytes[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

std::uint32_t GetLe32(const Bytes& bytes, std::size_t offset) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i)
    value |= static_cast<std::uint32_t>(bytes[offset + i]) << (8 * i);
  return value;
}

struct Mutation {
  const char* name;
  std::size_t offset;
  std::uint64_t value;
  std::size_t width;
};

Error Rejection(const char* file, std::initializer_list<Mutation> mutations) {
  Bytes bytes = testing::ReadFixture(file);
  for (const Mutation& m : mutations) PutLe(bytes, m.offset, m.value, m.width);
  auto parsed = ParseQuote(bytes);
  EXPECT_FALSE(parsed);
  if (parsed) return Error{};
  EXPECT_EQ(parsed.error().context, "tdx");
  return parsed.error();
}

constexpr const char* kV4 = "tdx/trustee-quote-v4-50806f.dat";
constexpr const char* kV5 = "tdx/gtg-quote-v5.dat";

TEST(TdxQuote, FixtureOffsetsAreWhatTheMutationsAssume) {
  const Bytes v4 = testing::ReadFixture(kV4);
  EXPECT_EQ(GetLe32(v4, kSignatureDataSize), 4300u);
  EXPECT_EQ(v4[kOuterCertType], 6);
  EXPECT_EQ(GetLe32(v4, kOuterCertSize), 4166u);
  EXPECT_EQ(v4[kQeAuthSize], 32);
  EXPECT_EQ(v4[kNestedCertType], 5);
  EXPECT_EQ(GetLe32(v4, kNestedCertSize), 3678u);
}

TEST(TdxQuote, RejectsUnknownVersions) {
  for (unsigned version : {0u, 3u, 6u, 0xFFFFu}) {
    const Error error = Rejection(kV4, {{"version", 0, version, 2}});
    EXPECT_EQ(error.code, ErrorCode::kUnsupported);
    EXPECT_EQ(error.message,
              "quote version " + std::to_string(version) + " is not supported (expected 4 or 5)");
  }
}

TEST(TdxQuote, RejectsATeeTypeOtherThanTdx) {
  const Error error = Rejection(kV4, {{"TEE type", 4, 0, 4}});
  EXPECT_EQ(error.code, ErrorCode::kMalformed);
  EXPECT_EQ(error.message,
            "TEE type 0x00000000 does not match quote version 4 (expected 0x00000081, TDX)");
  EXPECT_EQ(Rejection(kV5, {{"TEE type", 4, 0x80, 4}}).message,
            "TEE type 0x00000080 does not match quote version 5 (expected 0x00000081, TDX)");
}

TEST(TdxQuote, RejectsAttestationKeyTypesOtherThanEcdsaP256) {
  for (unsigned type : {0u, 1u, 3u}) {
    const Error error = Rejection(kV4, {{"key type", 2, type, 2}});
    EXPECT_EQ(error.code, ErrorCode::kUnsupported);
    EXPECT_EQ(error.message, "attestation key type " + std::to_string(type) +
                                 " is not supported (expected 2, ECDSA-256-with-P-256)");
  }
}

TEST(TdxQuote, RejectsUnknownVersion5BodyTypes) {
  for (unsigned type : {0u, 1u, 4u}) {
    const Error error = Rejection(kV5, {{"body type", 48, type, 2}});
    EXPECT_EQ(error.code, ErrorCode::kUnsupported);
    EXPECT_EQ(error.message, "quote v5 body type " + std::to_string(type) +
                                 " is not supported (expected 2, TD 1.0, or 3, TD 1.5)");
  }
}

TEST(TdxQuote, RejectsABodySizeThatDoesNotMatchItsType) {
  EXPECT_EQ(Rejection(kV5, {{"body size", 50, 584, 4}}).message,
            "quote v5 body size 584 does not match body type 3 (expected 648)");
  EXPECT_EQ(Rejection(kV5, {{"body size", 50, 0xFFFFFFFF, 4}}).message,
            "quote v5 body size 4294967295 does not match body type 3 (expected 648)");
  EXPECT_EQ(Rejection(kV5, {{"body type", 48, 2, 2}}).message,
            "quote v5 body size 648 does not match body type 2 (expected 584)");
}

TEST(TdxQuote, RejectsASignatureDataSizePastTheEnd) {
  EXPECT_EQ(Rejection(kV4, {{"size", kSignatureDataSize, 4301, 4}}).message,
            "signature data size 4301 runs past the end of the quote: 4300 bytes remain");
  const Error error = Rejection(kV4, {{"size", kSignatureDataSize, 0xFFFFFFFF, 4}});
  EXPECT_EQ(error.code, ErrorCode::kMalformed);
  EXPECT_EQ(error.message,
            "signature data size 4294967295 runs past the end of the quote: 4300 bytes remain");
}

TEST(TdxQuote, RejectsSizesThatDoNotAccountForTheirContents) {
  // The signature data one byte shorter than what it holds: type 6 no longer fits.
  EXPECT_EQ(Rejection(kV4, {{"size", kSignatureDataSize, 4299, 4}}).message,
            "certification data size 4166 runs past its container: 4165 bytes remain");
  // Type 6 one byte shorter: the nested type 5 no longer fits.
  EXPECT_EQ(Rejection(kV4, {{"size", kOuterCertSize, 4165, 4}}).message,
            "nested certification data size 3678 runs past its container: 3677 bytes remain");
  // Type 5 one byte shorter: a byte of type 6 is left over.
  EXPECT_EQ(Rejection(kV4, {{"size", kNestedCertSize, 3677, 4}}).message,
            "1 trailing bytes after the PCK chain inside certification data type 6");
  // Types 6 and 5 both shorter: a byte of the signature data is left over.
  EXPECT_EQ(
      Rejection(kV4, {{"outer", kOuterCertSize, 4165, 4}, {"nested", kNestedCertSize, 3677, 4}})
          .message,
      "1 trailing bytes after the certification data, inside the signature data");
  EXPECT_EQ(Rejection(kV4, {{"size", kNestedCertSize, 0xFFFFFFFF, 4}}).message,
            "nested certification data size 4294967295 runs past its container: 3678 bytes remain");
  EXPECT_EQ(Rejection(kV4, {{"auth size", kQeAuthSize, 0xFFFF, 2}}).message,
            "truncated QE auth data: need 65535 bytes, 3716 remain");
  EXPECT_EQ(Rejection(kV4, {{"size", kSignatureDataSize, 0, 4}}).message,
            "truncated quote signature: need 64 bytes, 0 remain");
}

TEST(TdxQuote, RejectsCertificationDataOfAnotherType) {
  const Error outer = Rejection(kV4, {{"type", kOuterCertType, 5, 2}});
  EXPECT_EQ(outer.code, ErrorCode::kUnsupported);
  EXPECT_EQ(
      outer.message,
      "certification data type 5 is not supported (expected 6, QE report certification data)");
  const Error nested = Rejection(kV4, {{"type", kNestedCertType, 6, 2}});
  EXPECT_EQ(nested.code, ErrorCode::kUnsupported);
  EXPECT_EQ(
      nested.message,
      "nested certification data type 6 is not supported (expected 5, PCK certificate chain)");
  EXPECT_EQ(
      Rejection(kV4, {{"type", kNestedCertType, 3, 2}}).message,
      "nested certification data type 3 is not supported (expected 5, PCK certificate chain)");
}

TEST(TdxQuote, RejectsNonZeroReservedBytesOfTheQeReport) {
  // SGX report body reserved ranges, relative to the QE report.
  const std::pair<std::size_t, std::size_t> reserved[] = {
      {0x014, 0x020}, {0x060, 0x080}, {0x0A0, 0x0C0}, {0x106, 0x130}};
  for (const auto& [begin, end] : reserved) {
    for (std::size_t offset = begin; offset < end; ++offset) {
      const Error error = Rejection(kV4, {{"reserved", kQeReport + offset, 1, 1}});
      EXPECT_NE(error.message.find("reserved field QE report RESERVED at 0x"), std::string::npos)
          << error.message;
      EXPECT_NE(error.message.find("at offset " + std::to_string(offset)), std::string::npos)
          << error.message;
    }
  }
  EXPECT_EQ(Rejection(kV4, {{"reserved", kQeReport + 0x106, 7, 1}}).message,
            "reserved field QE report RESERVED at 0x106 must be zero, found byte 7 at offset 262");
}

}  // namespace
}  // namespace veil::evidence::tdx

#include "veil/appraisal/tpm/verify_quote.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "veil/base/base64.h"
#include "veil/base/hex.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/digest.h"
#include "veil/testing/fixtures.h"

namespace veil::appraisal::tpm {
namespace {

const Bytes kNonce9009 = {0x90, 0x09};

// The GCE quote of one PCR bank with the AK, PCR values and nonce that go with it.
struct GceQuote {
  explicit GceQuote(const std::string& bank)
      : ak(testing::ReadFixture("tpm/gce-cos85-ak-pub.tpmt")),
        attest(testing::ReadFixture("tpm/gce-cos85-quote-" + bank + ".attest")),
        signature(testing::ReadFixture("tpm/gce-cos85-quote-" + bank + ".sig")),
        pcrs(testing::ReadFixture("tpm/gce-cos85-pcrs.json")) {}

  QuoteInput Input() const { return {ak, attest, signature, pcrs, kNonce9009, std::nullopt}; }

  Bytes ak, attest, signature, pcrs;
};

Bytes GceAkSpki() {
  auto cert =
      crypto::Certificate::FromDer(testing::ReadFixture("tpm/gce-cos85-ak-cert.der")).value();
  return cert.GetPublicKey().value().SpkiDer();
}

Bytes Pem(const Bytes& der) {
  const std::string text =
      "-----BEGIN PUBLIC KEY-----\n" + Base64Encode(der) + "\n-----END PUBLIC KEY-----\n";
  return Bytes(text.begin(), text.end());
}

Error Rejection(const QuoteInput& input) {
  auto verdict = VerifyQuote(input);
  EXPECT_FALSE(verdict) << "verified unexpectedly";
  return verdict ? Error{} : verdict.error();
}

TEST(VerifyQuote, GceQuoteOfEachBankVerifiesWithNonce9009) {
  const struct {
    std::string bank;
    std::string pcr_digest;
  } cases[] = {
      {"sha1", "fda327d4ba5d5978fe3a23db1a47964050e872639ef5d6a99c123cca39e56d8b"},
      {"sha256", "048937cbaaf28af85a5b0c0997e725097a0d94e05fcda104a82ee3fb6b2e1808"},
      {"sha384", "6c250f48d304517716f4a5a9127bf8762a80b63df783cb724630b180a3a66bea"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.bank);
    const VerifiedClaims verified = VerifyQuote(GceQuote(c.bank).Input()).value();
    const nlohmann::json& claims = verified.claims();
    EXPECT_EQ(verified.tee(), "tpm");
    EXPECT_EQ(claims["nonce"], "9009");
    EXPECT_EQ(claims["pcr_digest"], c.pcr_digest);
    EXPECT_EQ(claims["signature_scheme"], "rsassa");
    EXPECT_EQ(claims["hash"], "sha256");
    EXPECT_EQ(claims["ak_type"], "RSA-2048");
    EXPECT_EQ(claims["ak"], HexEncode(crypto::Sha256(GceAkSpki())));
    EXPECT_EQ(claims["firmware_version"], "2016051100162800");
    EXPECT_EQ(claims["clock"]["reset_count"], 10);
    EXPECT_EQ(claims["clock"]["safe"], true);
    EXPECT_EQ(claims["qualified_signer"],
              "000bde01fe4b4ade2f8b7ae19b8a8897e0cb77ae417731d8ce38697ec4f6c095030a");
    ASSERT_EQ(claims["pcrs"].size(), 1u);
    EXPECT_EQ(claims["pcrs"][c.bank].size(), 24u);
  }
  const VerifiedClaims sha256 = VerifyQuote(GceQuote("sha256").Input()).value();
  EXPECT_EQ(sha256.claims()["pcrs"]["sha256"]["0"],
            "0f35c214608d93c7a6e68ae7359b4a8be5a0e99eea9107ece427c4dea4e439cf");
  EXPECT_EQ(sha256.claims()["clock"]["clock"], 8219159552u);
}

TEST(VerifyQuote, AkFromTheCertificateTpm2bOrPemGivesTheSameClaims) {
  const GceQuote quote("sha256");
  const nlohmann::json expected = VerifyQuote(quote.Input()).value().claims();
  Bytes tpm2b = {0x01, 0x18};  // 280
  tpm2b.insert(tpm2b.end(), quote.ak.begin(), quote.ak.end());
  for (const Bytes& ak : {GceAkSpki(), Pem(GceAkSpki()), tpm2b}) {
    QuoteInput input = quote.Input();
    input.ak = ak;
    EXPECT_EQ(VerifyQuote(input).value().claims(), expected);
  }
}

TEST(VerifyQuote, AnotherNonceIsRejected) {
  const GceQuote quote("sha256");
  QuoteInput input = quote.Input();
  input.expected_nonce = HexDecode("0011223344").value();
  const Error error = Rejection(input);
  EXPECT_EQ(error.code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(error.ToString(), "tpm: nonce mismatch: expected 0011223344, got 9009");
  input.expected_nonce = Bytes{};
  EXPECT_EQ(Rejection(input).ToString(), "tpm: nonce mismatch: expected (empty), got 9009");
  input.expected_nonce.reset();
  EXPECT_TRUE(VerifyQuote(input));
}

TEST(VerifyQuote, ExpectedSelectionMustMatch) {
  const GceQuote quote("sha1");
  QuoteInput input = quote.Input();
  input.expected_selection = evidence::tpm::ParsePcrList("sha1:all").value();
  EXPECT_TRUE(VerifyQuote(input));
  input.expected_selection = evidence::tpm::ParsePcrList("sha256:all").value();
  const Error error = Rejection(input);
  EXPECT_EQ(error.code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(error.ToString(),
            "tpm: PCR selection mismatch: expected "
            "sha256:0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23, "
            "got sha1:0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23");
}

TEST(VerifyQuote, ChangedPcrValueIsRejected) {
  const GceQuote quote("sha256");
  nlohmann::json pcrs = nlohmann::json::parse(quote.pcrs.begin(), quote.pcrs.end(), nullptr, false);
  pcrs["sha256"]["7"] = std::string(64, 'a');
  const std::string changed = pcrs.dump();
  QuoteInput input = quote.Input();
  input.pcrs = AsBytes(changed);
  const Error error = Rejection(input);
  EXPECT_EQ(error.code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(error.ToString().rfind(
                "tpm: PCR digest mismatch: the quote signs "
                "048937cbaaf28af85a5b0c0997e725097a0d94e05fcda104a82ee3fb6b2e1808, the PCR values "
                "hash to ",
                0),
            0u)
      << error.ToString();
  // A value of an unselected bank changes nothing.
  pcrs = nlohmann::json::parse(quote.pcrs.begin(), quote.pcrs.end(), nullptr, false);
  pcrs["sha1"]["7"] = std::string(40, 'a');
  const std::string unselected = pcrs.dump();
  input.pcrs = AsBytes(unselected);
  EXPECT_TRUE(VerifyQuote(input));
}

TEST(VerifyQuote, TamperedMessageOrSignatureIsRejected) {
  const GceQuote quote("sha256");
  Bytes attest = quote.attest;
  attest[50] ^= 0x01;  // inside clockInfo.clock
  QuoteInput input = quote.Input();
  input.attest = attest;
  EXPECT_EQ(
      Rejection(input).ToString(),
      "tpm: quote signature: RSASSA-PKCS1-v1_5 signature (sha256) does not verify with RSA-2048");

  Bytes signature = quote.signature;
  signature[100] ^= 0x01;
  input = quote.Input();
  input.signature = signature;
  EXPECT_EQ(Rejection(input).code, ErrorCode::kVerificationFailed);

  const GceQuote other("sha1");  // a genuine signature, but over another message
  input = quote.Input();
  input.signature = other.signature;
  EXPECT_EQ(Rejection(input).code, ErrorCode::kVerificationFailed);
}

TEST(VerifyQuote, AkAttributesAndSchemeMustAllowTheSignature) {
  const GceQuote quote("sha256");
  Bytes unrestricted = quote.ak;
  unrestricted[5] &= static_cast<std::uint8_t>(~0x01);  // objectAttributes bit 16: restricted
  QuoteInput input = quote.Input();
  input.ak = unrestricted;
  EXPECT_EQ(Rejection(input).ToString(),
            "tpm: AK is not a restricted signing key (objectAttributes 0x00040072)");

  Bytes pss_ak = quote.ak;
  pss_ak[13] = 0x16;  // scheme RSAPSS
  input.ak = pss_ak;
  EXPECT_EQ(Rejection(input).ToString(),
            "tpm: signature scheme/hash 0x0014/0x000b differs from the AK's scheme 0x0016/0x000b");

  const Bytes ec_key = crypto::Certificate::FromDer(testing::ReadFixture("snp/milan-gsg-vcek.der"))
                           .value()
                           .GetPublicKey()
                           ->SpkiDer();
  input.ak = ec_key;
  EXPECT_EQ(Rejection(input).ToString(), "tpm: a rsassa signature needs an RSA AK, got EC P-384");
}

TEST(VerifyQuote, TrusteeSwtpmEvidenceVerifies) {
  const Bytes text = testing::ReadFixture("tpm/trustee-swtpm-evidence.json");
  const nlohmann::json evidence = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  const Bytes ak = Base64Decode(evidence.at("ak_public").get<std::string>()).value();
  const Bytes attest =
      Base64Decode(evidence.at("tpm_quote").at("message").get<std::string>()).value();
  const Bytes signature =
      Base64Decode(evidence.at("tpm_quote").at("signature").get<std::string>()).value();
  const std::string pcrs = evidence.at("tpm_quote").at("pcrs").dump();
  const VerifiedClaims verified =
      VerifyQuote({ak, attest, signature, AsBytes(pcrs), std::nullopt, std::nullopt}).value();
  EXPECT_EQ(verified.claims()["firmware_version"], "2019102300163636");
  EXPECT_EQ(verified.claims()["pcrs"]["sha256"]["17"], std::string(64, 'f'));
  EXPECT_EQ(verified.claims()["nonce"].get<std::string>().size(), 128u);
}

TEST(VerifyQuote, MalformedInputsAreMalformedWithContext) {
  const GceQuote quote("sha256");
  QuoteInput input = quote.Input();
  input.attest = ByteSpan(quote.attest).first(3);
  const Error attest = Rejection(input);
  EXPECT_EQ(attest.code, ErrorCode::kMalformed);
  EXPECT_EQ(attest.ToString(), "tpm: truncated TPMS_ATTEST.magic: need 4 bytes, 3 remain");

  input = quote.Input();
  input.ak = ByteSpan(quote.ak).first(20);
  const Error ak = Rejection(input);
  EXPECT_EQ(ak.code, ErrorCode::kMalformed);
  EXPECT_EQ(ak.ToString(), "tpm: AK: truncated TPMS_RSA_PARMS.exponent: need 4 bytes, 2 remain");

  input = quote.Input();
  input.pcrs = ByteSpan(quote.pcrs).first(5);
  EXPECT_EQ(Rejection(input).ToString(),
            "tpm: PCR file starts like JSON but is not a JSON object or array");
}

}  // namespace
}  // namespace veil::appraisal::tpm

namespace veil::appraisal::tpm {
namespace {

TEST(VerifyQuote, AnAkBoundToAnEnrolledNodeCarriesTheNodeClaim) {
  const GceQuote quote("sha256");
  const std::string ak = VerifyQuote(quote.Input()).value().claims()["ak"];
  EXPECT_FALSE(VerifyQuote(quote.Input()).value().claims().contains("node"));

  QuoteInput input = quote.Input();
  std::string asked;
  input.enrolled_node = [&asked](std::string_view digest) -> Result<std::optional<std::string>> {
    asked = std::string(digest);
    return std::optional<std::string>("edge-17");
  };
  EXPECT_EQ(VerifyQuote(input).value().claims()["node"], "edge-17");
  EXPECT_EQ(asked, ak);  // looked up by the `ak` claim

  input.enrolled_node = [](std::string_view) -> Result<std::optional<std::string>> {
    return std::optional<std::string>();
  };
  EXPECT_FALSE(VerifyQuote(input).value().claims().contains("node"));

  input.enrolled_node = [](std::string_view) -> Result<std::optional<std::string>> {
    return Fail(Unavailable("store down"));
  };
  EXPECT_EQ(Rejection(input).ToString(), "tpm: store down");

  // Never asked for a quote that fails its checks.
  input = quote.Input();
  bool looked_up = false;
  input.enrolled_node = [&looked_up](std::string_view) -> Result<std::optional<std::string>> {
    looked_up = true;
    return std::optional<std::string>("edge-17");
  };
  input.expected_nonce = Bytes{0x01};
  EXPECT_FALSE(VerifyQuote(input));
  EXPECT_FALSE(looked_up);
}

}  // namespace
}  // namespace veil::appraisal::tpm

// CoCo's SGX claim names (trustee deps/verifier/src/sgx/claims.rs generate_parsed_claims) over
// dcap-qvl's real SGX quote verified by Veil's SGX verifier with its real collateral inside the
// window shared/fixtures/sgx/README.md gives, and over trustee's own occlum quote's values as
// claims.rs's test expects them.
#include "veil/policy/coco/coco_sgx_claims.h"

#include <gtest/gtest.h>

#include "veil/appraisal/sgx/verify_quote.h"
#include "veil/base/rfc3339.h"
#include "veil/endorsement/intel/collateral_directory.h"
#include "veil/policy/coco/coco_attestation_input.h"
#include "veil/testing/fixtures.h"

namespace veil::policy::coco {
namespace {

using nlohmann::json;

json VerifiedSgxClaims() {
  auto collateral =
      endorsement::intel::LoadCollateral(testing::Fixture("sgx/dq-sgx-quote-v3.collateral.json"));
  EXPECT_TRUE(collateral) << collateral.error().ToString();
  const Bytes quote = testing::ReadFixture("sgx/dq-sgx-quote-v3.dat");
  auto claims = appraisal::sgx::VerifyQuote(
      {quote, *collateral, *ParseRfc3339("2025-07-01T00:00:00Z"), std::nullopt});
  EXPECT_TRUE(claims) << claims.error().ToString();
  return claims->claims();
}

TEST(CocoSgxClaims, ARealQuoteGetsCocosHeaderAndBodyNames) {
  const json coco = WithCocoSgxNames(VerifiedSgxClaims());
  const json& header = coco["header"];
  EXPECT_EQ(header["version"], "0300");
  EXPECT_EQ(header["att_key_type"], "0200");
  EXPECT_EQ(header["att_key_data_0"], "00000000");
  EXPECT_EQ(header["qe_svn"], "0a00");   // QE SVN 10
  EXPECT_EQ(header["pce_svn"], "0f00");  // PCE SVN 15
  EXPECT_EQ(header["vendor_id"], "939a7233f79c4ca9940a0db3957f0607");
  const json& body = coco["body"];
  EXPECT_EQ(body["mr_enclave"], "33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb");
  EXPECT_EQ(body["mr_signer"], "815f42f11cf64430c30bab7816ba596a1da0130c3b028b673133a66cf9a3e0e6");
  EXPECT_EQ(body["attributes.flags"], "0500000000000000");
  EXPECT_EQ(body["attributes.xfrm"], "e700000000000000");
  EXPECT_EQ(body["cpu_svn"], "0b0b1a18ffff04000000000000000000");
  EXPECT_EQ(body["isv_prod_id"], "0000");
  EXPECT_EQ(body["isv_svn"], "0000");
  EXPECT_EQ(body["config_id"], std::string(128, '0'));
  EXPECT_EQ(coco["tcb_status"], "ConfigurationAndSWHardeningNeeded");
  EXPECT_EQ(coco["collateral_expiration_status"], "0");
  // Veil's own names stay beside CoCo's.
  EXPECT_EQ(coco["debug"], false);
  EXPECT_EQ(coco["mr_enclave"], body["mr_enclave"]);
}

// Little-endian fields as claims.rs's test shows them for the occlum quote (MISCSELECT 1,
// QE SVN 8, PCE SVN 13), from claims with those values.
TEST(CocoSgxClaims, IntegersAreTheRawLittleEndianFields) {
  const json coco = WithCocoSgxNames({{"quote_version", 3},
                                      {"qe_svn", 8},
                                      {"pce_svn", 13},
                                      {"misc_select", 1},
                                      {"isv_prod_id", 0x0102},
                                      {"attributes", "0700000000000000e700000000000000"}});
  EXPECT_EQ(coco["header"]["qe_svn"], "0800");
  EXPECT_EQ(coco["header"]["pce_svn"], "0d00");
  EXPECT_EQ(coco["body"]["misc_select"], "01000000");
  EXPECT_EQ(coco["body"]["isv_prod_id"], "0201");
  EXPECT_EQ(coco["body"]["attributes.flags"], "0700000000000000");
  EXPECT_FALSE(coco.contains("collateral_expiration_status"));
}

TEST(CocoSgxClaims, ClaimsWithoutSgxFieldsAreLeftAlone) {
  EXPECT_EQ(WithCocoSgxNames({{"other", 1}}), (json{{"other", 1}}));
  EXPECT_EQ(WithCocoSgxNames(json::array()), json::array());
  EXPECT_EQ(CocoSgxInitData({{"other", 1}}), nullptr);
}

// CoCo's attestation service lifts the verifier's init_data (CONFIGID) to the top of the input.
TEST(CocoSgxClaims, TheInputCarriesConfigIdAsInitData) {
  const json claims = VerifiedSgxClaims();
  const json input = CocoAttestationInput("sgx", claims, {"00", json::object(), "ff", {}});
  EXPECT_EQ(input["init_data"], std::string(128, '0'));
  EXPECT_EQ(input["sgx"]["body"]["mr_signer"], claims["mr_signer"]);
}

}  // namespace
}  // namespace veil::policy::coco

// CoCo's transform_claims (trustee attestation-service/src/ear_token/broker.rs) over Veil's claims:
// the flattening, and which TEEs get CoCo's names and CoCo's init_data.
#include "veil/policy/coco/coco_attestation_input.h"

#include <gtest/gtest.h>

namespace veil::policy::coco {
namespace {

using nlohmann::json;

const CocoRuntimeClaims kRuntime{"00ff", {{"tee-pubkey", {{"kty", "EC"}}}, {"nonce", "n"}}, {}, {}};

json TpmClaims() {
  return {{"ak", "a1"},
          {"pcrs", {{"sha256", {{"0", "00"}, {"11", "b11"}}}, {"sha1", {{"11", "c11"}}}}}};
}

TEST(CocoAttestationInput, FlattensClaimsAsTransformClaimsDoes) {
  const json input = CocoAttestationInput("tdx", {{"svn", "1"}}, kRuntime);
  EXPECT_EQ(input,
            json({{"tdx", {{"svn", "1"}}},
                  {"report_data", "00ff"},
                  {"runtime_data_claims", {{"tee-pubkey", {{"kty", "EC"}}}, {"nonce", "n"}}}}));
  CocoRuntimeClaims with_init_data = kRuntime;
  with_init_data.init_data_hex = "abcd";
  with_init_data.init_data_claims = {{"policy", "x"}};
  const json with = CocoAttestationInput("tdx", {{"svn", "1"}}, with_init_data);
  EXPECT_EQ(with["init_data"], "abcd");
  EXPECT_EQ(with["init_data_claims"], json({{"policy", "x"}}));
}

// A TEE name Veil does not know (a recorded file's) gets its claims as they are.
TEST(CocoAttestationInput, UnknownTeeKeepsItsClaims) {
  const json input = CocoAttestationInput("az-snp-vtpm", {{"measurement", "00"}}, kRuntime);
  EXPECT_EQ(input["az-snp-vtpm"], json({{"measurement", "00"}}));
  EXPECT_FALSE(input.contains("init_data"));
}

TEST(CocoAttestationInput, GivesTpmClaimsCocosNamesToo) {
  const json input = CocoAttestationInput("tpm", TpmClaims(), kRuntime);
  EXPECT_EQ(input["tpm"]["pcr11"], "b11");  // the sha256 bank
  EXPECT_EQ(input["tpm"]["pcr00"], "00");
  EXPECT_EQ(input["tpm"]["ak_public"], "a1");
  EXPECT_EQ(input["tpm"]["pcrs"], TpmClaims()["pcrs"]);  // Veil's names stay
}

// CoCo's SNP verifier always reports HOST_DATA as init_data, so it is there without init-data
// (claims null) and, with init-data, is HOST_DATA (the digest cut to 32 bytes), not the digest.
TEST(CocoAttestationInput, SnpInitDataIsHostData) {
  const std::string host_data(64, 'c');
  const json claims = {{"host_data", host_data}, {"policy", {{"debug", false}}}};
  const json without = CocoAttestationInput("snp", claims, kRuntime);
  EXPECT_EQ(without["init_data"], host_data);
  ASSERT_TRUE(without.contains("init_data_claims"));
  EXPECT_TRUE(without["init_data_claims"].is_null());
  EXPECT_EQ(without["snp"]["policy_debug_allowed"], false);

  CocoRuntimeClaims with_init_data = kRuntime;
  with_init_data.init_data_hex = std::string(96, 'c');  // a SHA-384 digest
  with_init_data.init_data_claims = {{"aa.toml", json::object()}};
  const json with = CocoAttestationInput("snp", claims, with_init_data);
  EXPECT_EQ(with["init_data"], host_data);
  EXPECT_EQ(with["init_data_claims"], with_init_data.init_data_claims);
  // Recorded claims without host_data: the digest Veil was given.
  EXPECT_EQ(CocoAttestationInput("snp", json::object(), with_init_data)["init_data"],
            with_init_data.init_data_hex);
}

}  // namespace
}  // namespace veil::policy::coco

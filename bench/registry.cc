#include "bench/registry.h"

namespace veil::bench {

const std::vector<FloorPairing>& FloorPairings() {
  static const std::vector<FloorPairing> pairings = {
      {"snp/verify_uncached", {kFloorEcdsaP384Verify}},
      {"snp/verify_cached", {kFloorEcdsaP384Verify}},
      {"snp/appraise", {kFloorEcdsaP384Verify, kFloorEs256Sign}},
      {"tpm/verify", {kFloorRsa2048Pkcs1Verify}},
      {"tpm/verify_cached", {kFloorRsa2048Pkcs1Verify}},
      {"tpm/appraise", {kFloorRsa2048Pkcs1Verify, kFloorEs256Sign}},
      {"token/ear_sign", {kFloorEs256Sign}},
      {"jwe/ecdh_es_a256kw_p256", {kFloorEcP256Keygen, kFloorEcdhP256}},
      {"jwe/rsa_oaep_256", {kFloorRsa2048OaepEncrypt}},
  };
  return pairings;
}

}  // namespace veil::bench

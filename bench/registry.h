#pragma once
// veil-bench's benchmarks: their names, which bare OpenSSL floor each Veil path is compared with
// (the operations it cannot avoid), and the function of each file that registers its benchmarks.

#include <vector>

namespace veil::bench {

inline constexpr const char* kFloorEcdsaP384Verify = "floor/ecdsa_p384_verify";
inline constexpr const char* kFloorEcdsaP256Verify = "floor/ecdsa_p256_verify";
inline constexpr const char* kFloorEs256Sign = "floor/es256_sign";
inline constexpr const char* kFloorEcdhP256 = "floor/ecdh_p256";
inline constexpr const char* kFloorEcP256Keygen = "floor/ec_p256_keygen";
inline constexpr const char* kFloorRsa2048Pkcs1Verify = "floor/rsa2048_pkcs1_sha256_verify";
inline constexpr const char* kFloorRsa2048OaepEncrypt = "floor/rsa2048_oaep256_encrypt";

// A Veil benchmark and the floors whose times add up to what it must at least cost.
struct FloorPairing {
  const char* benchmark;
  std::vector<const char*> floors;
};

// Every Veil benchmark that has a floor, in the order the ratio table prints them.
const std::vector<FloorPairing>& FloorPairings();

void RegisterFloorBenchmarks();
void RegisterSnpBenchmarks();
void RegisterTpmBenchmarks();
void RegisterProtocolBenchmarks();  // JCS+SHA-384 binding, JWE wrap
void RegisterPolicyBenchmarks();
void RegisterTokenBenchmarks();

}  // namespace veil::bench

#pragma once
// The input of an attestation policy in Rego: CoCo's flattened claims, as trustee's attestation
// service builds them (attestation-service/src/ear_token/broker.rs, transform_claims):
//   {"<tee>": <the TEE's claims>, "report_data": "<hex>",
//    "runtime_data_claims": {"tee-pubkey": <JWK>, "nonce": "..."},
//    "init_data": ..., "init_data_claims": {...}}
// <tee> is Veil's TEE name and its claims are Veil's (those the EAR token carries under
// annotated-evidence.<tee>), with the names CoCo's verifier of that TEE uses added next to them
// for "tpm", "snp" and "sample" (coco_tpm_claims.h, coco_snp_claims.h, coco_sample_claims.h).
// init_data and init_data_claims are there when the guest sent init-data, holding the digest in
// hex; and, as CoCo's verifiers give them, for "snp" always, holding HOST_DATA in hex
// (init_data_claims null without init-data), and for "sample" the digest in base64.
// docs/policy-rego.md, "Attestation policies", is the reference.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace veil::policy::coco {

// What the input holds besides the TEE's claims (all as the EAR token's annotated evidence).
struct CocoRuntimeClaims {
  std::string report_data_hex;
  nlohmann::json runtime_data_claims;  // {"tee-pubkey", "nonce"}
  nlohmann::json init_data_hex;        // null without init-data
  nlohmann::json init_data_claims;     // null without init-data
};

// CoCo's transform_claims over Veil's claims of TEE `tee` (a name Veil does not know gets its
// claims as they are).
nlohmann::json CocoAttestationInput(std::string_view tee, const nlohmann::json& tee_claims,
                                    const CocoRuntimeClaims& runtime);

}  // namespace veil::policy::coco

#pragma once
// EAR (EAT Attestation Result) tokens: claims built from an appraisal, signed as a JWT.
//   {"eat_profile", "iat", "exp", "iss", "jti", "ear.verifier-id": {"developer", "build"},
//    "submods": {"cpu0": {"ear.status", "ear.trustworthiness-vector", "ear.appraisal-policy-id",
//      "ear.veraison.annotated-evidence": {"<tee>": {...claims...}, "init_data", "report_data",
//        "runtime_data_claims": {"tee-pubkey", "nonce"}, "init_data_claims",
//        "init_data_document", "additional_evidence": {<device>: {verified: false, ...}}}}}}
// Clients find the TEE key at
// /submods/cpu0/ear.veraison.annotated-evidence/runtime_data_claims/tee-pubkey.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "veil/appraisal/verified_claims.h"
#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/private_key.h"
#include "veil/policy/attestation_policy.h"

namespace veil::token {

inline constexpr std::string_view kEatProfile =
    "tag:github.com,2024:confidential-containers/Trustee";

struct EarInput {
  const appraisal::VerifiedClaims& claims;
  const policy::Appraisal& appraisal;
  const nlohmann::json& tee_pubkey;  // JWK
  std::string nonce;
  ByteSpan report_data;
  std::optional<Bytes> init_data_digest;
  nlohmann::json init_data_claims;    // CoCo's form of the init-data (kbs/init_data_claims.h)
  nlohmann::json init_data_document;  // Veil's: {version, algorithm, data}; null without init-data
  // Device evidence no verifier has checked (kbs/additional_evidence.h); {} when there is none.
  nlohmann::json unverified_evidence = nlohmann::json::object();
};

// The claims of an EAR valid from clock.Now() for `lifetime`, with a random `jti`.
nlohmann::json BuildEarClaims(const EarInput& input, TimePoint now, std::chrono::seconds lifetime);

class EarSigner {
 public:
  explicit EarSigner(crypto::PrivateKey key);
  // A signer whose key has a certificate: `chain` is the key's certificate, then its issuers. Its
  // tokens carry the chain as `x5c` (in the header and in its `jwk`), so that a verifier trusting
  // the issuing CA, as a CoCo KBS configured with trusted_certs_paths does, accepts them.
  // kInvalidArgument when the first certificate is not for `key`.
  static Result<EarSigner> WithCertificateChain(crypto::PrivateKey key,
                                                std::vector<crypto::Certificate> chain);
  // An ES256 JWT whose header carries the public key as `jwk` (with `kid`, `alg`, `use`, and
  // `x5c` when there is a chain) and its thumbprint as `kid`.
  Result<std::string> Sign(const nlohmann::json& claims) const;
  // Verifies a token this signer issued: signature with our key, `exp` not passed at `now`.
  Result<nlohmann::json> Verify(std::string_view token, TimePoint now) const;
  // {"keys": [<public JWK with kid, alg, use, x5c?>]} for /.well-known/jwks.json.
  nlohmann::json Jwks() const;

 private:
  crypto::PrivateKey key_;
  std::vector<std::string> x5c_;  // standard base64 DER, leaf first; empty without a chain
  // The JWS header of every token ({"jwk", "kid", "x5c"?}), made once per key and chain: the JWK
  // and its thumbprint cost several times the ES256 signature itself.
  Result<nlohmann::json> header_;
};

// Pointers into EAR claims that the key broker needs.
struct EarView {
  std::string status;         // submods.cpu0."ear.status"
  std::string tee;            // the single TEE key in annotated-evidence
  nlohmann::json tee_claims;  // annotated-evidence.<tee>
  nlohmann::json trust_vector;
  std::string policy_id;
  nlohmann::json tee_pubkey;  // runtime_data_claims."tee-pubkey"
  std::string token_id;       // jti; empty when the token has none
  nlohmann::json unverified;  // annotated-evidence."additional_evidence" ({} when absent)
  // annotated-evidence."init_data": the hex digest of the init-data the guest presented, which
  // the appraisal found bound into its TEE field (SNP HOST_DATA, TPM PCR 8); empty when none.
  std::string init_data;
};
Result<EarView> ReadEarView(const nlohmann::json& claims);

}  // namespace veil::token

#include "bench/appraisal_pipeline.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "veil/base/base64.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/random.h"
#include "veil/policy/default_policies.h"

namespace veil::bench {
namespace {

crypto::PrivateKey NewKey() {
  auto key = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256);
  if (!key) {
    std::fprintf(stderr, "veil-bench: %s\n", key.error().ToString().c_str());
    std::abort();
  }
  return *std::move(key);
}

nlohmann::json TeeJwk() {
  auto jwk = crypto::jose::PublicKeyToJwk(NewKey().GetPublicKey());
  if (!jwk) {
    std::fprintf(stderr, "veil-bench: %s\n", jwk.error().ToString().c_str());
    std::abort();
  }
  return *std::move(jwk);
}

}  // namespace

AppraisalPipeline::AppraisalPipeline()
    : policy_(policy::DefaultAttestationPolicy()),
      signer_(NewKey()),
      tee_pubkey_(TeeJwk()),
      nonce_(Base64Encode(crypto::RandomBytes(32))) {}

Result<std::string> AppraisalPipeline::Finish(const appraisal::VerifiedClaims& claims,
                                              const policy::ReferenceValueSet& references,
                                              ByteSpan report_data, TimePoint now) const {
  const policy::Appraisal appraisal =
      policy::EvaluateAttestationPolicy(policy_, claims, references, now);
  const auto reasons = policy::DenialReasons(appraisal);
  if (appraisal.status != policy::ArStatus::kAffirming) {
    return Fail(Error{ErrorCode::kPolicyDenied,
                      "not affirming: " + (reasons.empty() ? std::string() : reasons.front()),
                      "bench"});
  }
  nlohmann::json ear = token::BuildEarClaims(
      {claims, appraisal, tee_pubkey_, nonce_, report_data, std::nullopt, nullptr, nullptr}, now,
      std::chrono::seconds(300));
  ear["submods"]["cpu0"]["veil.denial-reasons"] = reasons;
  return signer_.Sign(ear);
}

}  // namespace veil::bench

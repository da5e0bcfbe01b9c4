#pragma once
// What the KBS handlers share: the injected clock, the store, the session table, the token
// signer, the secret sealer, the metrics registry, where VCEKs are looked up, the Intel DCAP
// collateral, the SNP chains
// already verified, the TPM attestation keys already loaded, the policies already parsed and
// which other attestation services' tokens are trusted. Owned by the trustee; handlers borrow it.

#include <chrono>
#include <vector>

#include "veil/appraisal/snp/verified_chain_cache.h"
#include "veil/appraisal/tpm/attestation_key_cache.h"
#include "veil/base/clock.h"
#include "veil/crypto/certificate.h"
#include "veil/endorsement/intel/collateral.h"
#include "veil/endorsement/vcek/vcek_resolver.h"
#include "veil/kbs/policy_cache.h"
#include "veil/kbs/secret_sealer.h"
#include "veil/kbs/session_store.h"
#include "veil/metrics/registry.h"
#include "veil/passport/passport_verifier.h"
#include "veil/store/store.h"
#include "veil/token/ear_token.h"

namespace veil::kbs {

struct KbsContext {
  const Clock& clock;
  store::Store& store;
  SessionStore& sessions;
  const token::EarSigner& signer;
  const SecretSealer& sealer;
  metrics::Registry& metrics;
  std::chrono::seconds token_ttl{300};
  std::size_t max_token_bytes = 64u << 10;  // a larger token refuses the attestation
  // Where to find the VCEK of an SNP report sent with cert_chain null (none: refused).
  endorsement::vcek::VcekSources vcek_sources{};
  // Attestation services whose tokens the resource endpoint also accepts (none: only ours).
  const passport::PassportVerifier* passport = nullptr;
  // SNP endorsement chains already verified, shared by the handler threads (none: each report's
  // chain is verified).
  appraisal::snp::VerifiedChainCache* snp_chains = nullptr;
  // TEST ONLY (veil-trustee --insecure-test-snp-ca-chain): SNP chains end at this [ASK, ARK]
  // instead of AMD's bundled roots. nullptr in every real deployment.
  const std::vector<crypto::Certificate>* insecure_test_snp_ca_chain = nullptr;
  // TPM attestation keys already loaded, shared by the handler threads (none: each quote's AK is
  // loaded again).
  appraisal::tpm::AttestationKeyCache* tpm_aks = nullptr;
  // Intel DCAP collateral for TDX and SGX quotes ([dcap] collateral; none: both are refused).
  const endorsement::intel::Collateral* dcap_collateral = nullptr;
  // Policies already parsed, keyed by their text (none: each request parses the stored policy).
  PolicyCache* policies = nullptr;
};

}  // namespace veil::kbs

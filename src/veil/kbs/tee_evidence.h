#pragma once
// Appraises the "primary_evidence" of an /attest request for the session's TEE, in the JSON
// shapes CoCo guests send (docs/kbs-protocol.md §2), bound to the expected report data and, when
// the guest sent init-data, to its digest (SNP HOST_DATA, TDX MRCONFIGID, SGX
// CONFIGID, TPM PCR 8).

#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "veil/appraisal/snp/verified_chain_cache.h"
#include "veil/appraisal/tpm/attestation_key_cache.h"
#include "veil/appraisal/verified_claims.h"
#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/endorsement/intel/collateral.h"
#include "veil/endorsement/vcek/vcek_resolver.h"
#include "veil/initdata/init_data.h"
#include "veil/policy/reference_values.h"
#include "veil/protocol/tee_kind.h"
#include "veil/store/store.h"

namespace veil::kbs {

struct TeeEvidenceInput {
  protocol::TeeKind tee;  // from the session, as /auth announced it
  const nlohmann::json& primary_evidence;
  ByteSpan report_data;  // 64 bytes (ExpectedReportData)
  const std::optional<initdata::InitData>& init_data;
  const Clock& clock;
  // For SNP evidence whose cert_chain holds no VCEK/VLEK; nullptr: such evidence is refused.
  const endorsement::vcek::VcekSources* vcek_sources = nullptr;
  // SNP chains verified before (nullptr: every report's chain is verified).
  appraisal::snp::VerifiedChainCache* snp_chains = nullptr;
  // TEST ONLY: [ASK, ARK] that SNP chains end at instead of AMD's bundled roots (nullptr: AMD's).
  const std::vector<crypto::Certificate>* insecure_test_snp_ca_chain = nullptr;
  // TPM attestation keys loaded before (nullptr: every quote's AK is loaded).
  appraisal::tpm::AttestationKeyCache* tpm_aks = nullptr;
  // Intel DCAP collateral TDX and SGX quotes are verified against, at clock.Now() (nullptr: TDX
  // and SGX evidence is refused, naming the [dcap] collateral setting).
  const endorsement::intel::Collateral* dcap_collateral = nullptr;
  // Where TPM nodes are enrolled (store/node.h): a quote whose AK is bound to one carries its name
  // as the "node" claim (nullptr: no node is looked up).
  store::Store* tpm_nodes = nullptr;
};

// kUnsupported for TEEs Veil cannot appraise yet (CanAppraise false); otherwise the appraisal's
// own errors.
Result<appraisal::VerifiedClaims> AppraiseTeeEvidence(const TeeEvidenceInput& input);

// The reference values a policy evaluates `claims` against: `stored`, plus, for a TPM quote
// whose AK is bound to an enrolled node (its "node" claim), that AK as a `tpm.ak` value
// (provenance "node <name>, enrolled by credential activation"). So the default policy's
// known-ak rule, and every policy that reads `tpm.ak`, trusts an enrolled node's AK as it trusts
// one an admin added by hand; removing the node removes it from the next appraisal on.
Result<policy::ReferenceValueSet> WithEnrolledNodeAk(policy::ReferenceValueSet stored,
                                                     const appraisal::VerifiedClaims& claims);

// Whether AppraiseTeeEvidence has an appraisal for `tee`: what /auth accepts.
bool CanAppraise(protocol::TeeKind tee);

}  // namespace veil::kbs
